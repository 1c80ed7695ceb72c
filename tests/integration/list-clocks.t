#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""list-clocks.t - --list-clocks shows the spec as written: sources, filters, registers

The expected listing of the built-in spec is derived here from specs/virtio.ccsl itself
(its clock and register lines, continuations joined, blanks made one space), not from
ccsl-check: every bound clock is listed with its sources exactly as written (constants by
name: rises(status, ACKNOWLEDGE); filters in full, never "[...]"), every register with the
events that write and read it and its bit names. A spec that includes the built-in one
lists the built-in clocks too, and its own; -o writes the listing to a file. A spec of
the test's own checks exact lines (rises/clears with `seen`, ~, a filter over continued
lines, a register with its bits); the whole layout of a small spec is tested in
tests/unit/test_spec.c. TAP.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TAP = Tap()
ok = TAP.ok


def listing(*args):
    p = subprocess.run([CHECK, "--list-clocks", *args], capture_output=True, text=True,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def spec_lines(path):
    """the logical lines of a spec: continuations joined, comments dropped"""
    with open(path) as f:
        text = f.read().replace("\\\n", " ")
    return [re.sub(r"\s+", " ", l.split("#", 1)[0]).strip() for l in text.splitlines()]


# what a bound clock's definition starts with: an event (sys:name) or a register source
SOURCE = re.compile(r"[\w*?]*:[\w*?]+|(rises|clears|writes)\(")


def expected(path):
    """{clock: "<- sources" or "= expression" as written} and {register: (["write
    sys:ev.field", ...], [bits])}"""
    clocks, regs = {}, {}
    for line in spec_lines(path):
        m = re.match(r"clock (\w+) = (.*)$", line)
        if m:
            clocks[m.group(1)] = ("<- " if SOURCE.match(m.group(2)) else "= ") + m.group(2)
        m = re.match(r"register (\w+) (write|read) (\S+)$", line)
        if m:
            regs.setdefault(m.group(1), ([], []))[0].append(f"{m.group(2)} {m.group(3)}")
        m = re.match(r"register (\w+) bits (.*)$", line)
        if m:
            regs.setdefault(m.group(1), ([], []))[1].extend(m.group(2).split())
    return clocks, regs


def parse_listing(out):
    """{clock: text after '<- '}, {register: (sources line, bits line or None)}"""
    clocks, regs, section, last = {}, {}, None, None
    for line in out.splitlines():
        if line in ("clocks:", "registers:"):
            section = line
            continue
        m = re.match(r"  (\S+) +(.*)$", line)
        if section == "clocks:" and m:
            clocks[m.group(1)] = m.group(2)
        elif section == "registers:" and m and not m.group(2).startswith("bits "):
            last = m.group(1)
            regs[last] = [m.group(2), None]
        elif section == "registers:" and line.strip().startswith("bits ") and last:
            regs[last][1] = line.strip()
    return clocks, regs


def check_builtin():
    st, out, err = listing()
    ok(st == 0 and not err, "--list-clocks of the built-in spec: exit 0, nothing on stderr", err)
    want_clocks, want_regs = expected(os.path.join(TOP, "specs", "virtio.ccsl"))
    got_clocks, got_regs = parse_listing(out)
    ok(list(got_clocks) == list(want_clocks), "every clock, in spec order",
       f"{list(got_clocks)}\n{list(want_clocks)}")
    bad = [f"{c}: {got_clocks.get(c)!r} != {s!r}" for c, s in want_clocks.items()
           if got_clocks.get(c) != s]
    ok(not bad, "each clock's sources and filters, or its expression, as written",
       "\n".join(bad))
    ok("[...]" not in out and "0x1)" not in out, "no filter cut short, no mask as a number", out)
    bad = []
    for reg, (sources, bits) in want_regs.items():
        line, bits_line = got_regs.get(reg, (None, None))
        if line != ", ".join(sources):
            bad.append(f"{reg}: {line!r} != {', '.join(sources)!r}")
        got_bits = re.findall(r"(\w+)=0x[0-9a-f]+", bits_line or "")
        if got_bits != bits:
            bad.append(f"{reg}: bits {got_bits} != {bits}")
    ok(want_regs and list(got_regs) == list(want_regs) and not bad,
       "every register with its write and read events and its bit names", "\n".join(bad))



def check_own(tmp):
    """a spec of its own (not the built-in one, which changes): exact texts"""
    spec = os.path.join(tmp, "own.ccsl")
    with open(spec, "w") as f:
        f.write("const ACKNOWLEDGE = 1\nconst DRIVER = 2\nconst DRIVER_OK = 4\n"
                "register status write v:set_status.status\n"
                "register status read v:get_status_ret.status\n"
                "register status bits ACKNOWLEDGE DRIVER DRIVER_OK\n"
                "clock ack = rises(status, ACKNOWLEDGE)\n"
                "clock gone = clears(status, ACKNOWLEDGE | DRIVER, seen)\n"
                "clock odd = rises(status, ~(ACKNOWLEDGE | DRIVER | DRIVER_OK), seen)\n"
                "clock early = v:notify[vq == \"stats\" && !(@status & DRIVER_OK) && \\\n"
                "    (@status & ACKNOWLEDGE)]\n"
                "rule R: forbid early in ]ack, gone]\nrule S: forbid odd\n")
    st, out, err = listing("-s", spec)
    for text in ("  ack                  <- rises(status, ACKNOWLEDGE)\n",
                 "  gone                 <- clears(status, ACKNOWLEDGE | DRIVER, seen)\n",
                 "  odd                  <- rises(status, ~(ACKNOWLEDGE | DRIVER | DRIVER_OK), seen)\n",
                 '  early                <- v:notify[vq == "stats" && !(@status & DRIVER_OK) && '
                 "(@status & ACKNOWLEDGE)]\n",
                 "  status               write v:set_status.status, read v:get_status_ret.status\n"
                 "                       bits ACKNOWLEDGE=0x1 DRIVER=0x2 DRIVER_OK=0x4\n"):
        ok(st == 0 and text in out, f"the listing holds {text.strip()!r}", out + err)


def check_include(tmp):
    spec = os.path.join(tmp, "mine.ccsl")
    with open(spec, "w") as f:
        f.write("include <virtio>\n"
                "clock early_kick = virtio:kick[ !(@status & DRIVER_OK) ]\n"
                "clock kicks = (early_kick + notify_early) restart on reset\n"
                "rule KICK: forbid kicks\n")
    out_file = os.path.join(tmp, "list.txt")
    st, out, err = listing("-o", out_file, spec)
    with open(out_file) as f:
        text = f.read()
    clocks, _ = parse_listing(text)
    ok(st == 0 and not out and clocks.get("ack") == "<- rises(status, ACKNOWLEDGE)" and
       clocks.get("early_kick") == "<- virtio:kick[ !(@status & DRIVER_OK) ]" and
       clocks.get("kicks") == "= (early_kick + notify_early) restart on reset",
       "an including spec: the built-in clocks and its own, derived ones as written; -o", text + err)


def main():
    check_builtin()
    with tempfile.TemporaryDirectory() as tmp:
        check_own(tmp)
        check_include(tmp)
    return TAP.done()


if __name__ == "__main__":
    sys.exit(main())
