#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""replay.t - `trace-cmd report` text gives the findings of the trace.dat it came from

For every trace in testdata/ (recursively, *.dat), and for the fixtures of testdata/fixtures
written with tracegen when it is built (they add lost events, several CPUs, odd comms and
values): print it with `trace-cmd report` (microsecond timestamps), `report -t` (nanoseconds,
also without its "cpus=N" line), `report -N` (no plugins) and `report -R` (raw fields,
strings unquoted), check the text with `ccsl-check -f json` (as a file, and on standard input
for the first spec), and compare with the report of the trace.dat itself. Everything in the trace's report must be
identical except what report text cannot carry:

- the file name, and the recording kernel (the trace.dat's UNAME option: the text has none);
- the messages: what the spooling of standard input notes of its copy is taken out of them;
- the event system: the text prints "set_status:", not "virtio:set_status", so the text
  reader's events have system "" and a record reads ":set_status" where the binary's reads
  "virtio:set_status" (compared after the colon);
- rules over events that have no record: the trace.dat carries the event's format, so such a
  rule is checked (vacuously); the text cannot show that the probe was recorded, so there the
  rule is listed as not checked. The "unchecked" lists are therefore not compared, and a
  trace that conforms may be inconclusive as text for that reason only (exit 0 vs 3); all
  other verdicts and exit statuses must match (a conforming device notifies its queues, so
  with the built-in spec on real traces this changes no verdict);
- with plain `trace-cmd report` only: timestamps, which it rounds to microseconds (they are
  compared rounded the same way). Record order does not change: report sorts by the full
  timestamps before it rounds them.

CCSL_REPLAY_SPEC=FILE checks against FILE instead of the built-in specification; the
examples of specs/examples are checked as well (a spec that does not fit a trace must fail
the same way on its text). CCSL_CHECK=PROGRAM tests another build. TAP output.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
TS_KEYS = {"ts", "first_ts", "last_ts"}
# what a filter notes of its copy: not a finding
FILTER_NOTE = re.compile(r"^ccsl-check: .*: not a regular file: .* spooled to")

# The forms of report text: name, trace-cmd report options, microsecond timestamps, whether
# the leading "cpus=N" line is cut off (as in a paste of a few lines).
FORMS = [
    ("report", [], True, False),
    ("report-t", ["-t"], False, False),
    ("report-t-nohdr", ["-t"], False, True),
    ("report-N", ["-N"], True, False),
    ("report-R", ["-R"], True, False),
]



def normalise(node, plain):
    """The parts of a report that report text carries, in a comparable form."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("file", "kernel"):
                continue
            if key in TS_KEYS and isinstance(value, int) and plain:
                value = (value + 500) // 1000
            elif key == "event" and isinstance(value, str):
                value = value.split(":", 1)[-1]
            elif key == "unchecked" and isinstance(value, list):
                continue
            elif key == "messages" and isinstance(value, str):
                value = "".join(l for l in value.splitlines(True)
                                if not FILTER_NOTE.match(l)) or None
            out[key] = normalise(value, plain)
        return out
    if isinstance(node, list):
        return [normalise(v, plain) for v in node]
    return node


def check(args, stdin=None):
    """ccsl-check -f json ARGS: (exit status, parsed report or None, stderr)."""
    res = subprocess.run([CHECK, "-f", "json"] + args, stdin=stdin, capture_output=True,
                         text=True)
    try:
        doc = json.loads(res.stdout)
    except ValueError:
        doc = None
    return res.returncode, doc, res.stderr


def first_difference(a, b, where="report"):
    """Where two normalised reports differ first, or None."""
    if type(a) is not type(b):
        return f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'binary' if key in a else 'text'}"
            d = first_difference(a[key], b[key], f"{where}.{key}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} entries != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: {a!r} (binary) != {b!r} (text)"


def unprovable(bin_rc, txt_rc, txt_doc):
    """The one allowed difference: the text cannot show that a record-less event was recorded"""
    reasons = [u["reason"] for i in txt_doc["traces"][0]["instances"] for u in i["unchecked"]]
    return (bin_rc, txt_rc) == (0, 3) and any("report text shows no" in r for r in reasons)


def fixtures(tmp):
    """The tracegen fixtures as trace.dat files in tmp (none when tracegen is not built)."""
    out = []
    if not os.access(TRACEGEN, os.X_OK):
        return out
    for txt in sorted(glob.glob(os.path.join(TOP, "testdata", "fixtures", "*.txt"))):
        dat = os.path.join(tmp, os.path.basename(txt)[:-4] + ".dat")
        if subprocess.run([TRACEGEN, "-o", dat, txt], capture_output=True).returncode == 0:
            out.append(dat)
    return out


def main():
    if subprocess.run(["sh", "-c", "command -v trace-cmd"], capture_output=True).returncode:
        print("1..0 # SKIP trace-cmd is not installed")
        return 0
    specs = [[]]
    if os.environ.get("CCSL_REPLAY_SPEC"):
        specs = [["-s", os.environ["CCSL_REPLAY_SPEC"]]]
    specs += [["-s", s] for s in sorted(glob.glob(os.path.join(TOP, "specs", "examples",
                                                               "*.ccsl")))]
    with tempfile.TemporaryDirectory() as tmp:
        traces = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
        traces += fixtures(tmp)
        cases = []
        for trace in traces:
            for name, opts, plain, strip in FORMS:
                # testdata/ and testdata/shared/ hold traces of the same name
                flat = os.path.relpath(trace, TOP).replace(os.sep, "_")
                text = os.path.join(tmp, f"{flat}.{name}.txt")
                out = subprocess.run(["trace-cmd", "report"] + opts + [trace],
                                     capture_output=True, text=True, check=True).stdout
                if strip:
                    out = out.split("\n", 1)[1] if out.startswith("cpus=") else out
                with open(text, "w") as f:
                    f.write(out)
                for i, spec in enumerate(specs):
                    cases.append((trace, text, name, plain, spec, False))
                    if not i:
                        cases.append((trace, text, name, plain, spec, True))
        print(f"1..{len(cases)}")
        failed = 0
        for n, (trace, text, name, plain, spec, stdin) in enumerate(cases, 1):
            what = " ".join([name, os.path.basename(trace)] +
                            [os.path.basename(s) for s in spec[1:]] +
                            (["(stdin)"] if stdin else []))
            bin_rc, bin_doc, bin_err = check(spec + [trace])
            if stdin:
                with open(text) as f:
                    txt_rc, txt_doc, txt_err = check(spec + ["-"], stdin=f)
            else:
                txt_rc, txt_doc, txt_err = check(spec + [text])
            if bin_doc is None and txt_doc is None:
                # Both refused (a spec that does not fit): the same diagnostics.
                bin_err = bin_err.replace(trace + ":", "TRACE:")
                txt_err = txt_err.replace(("-" if stdin else text) + ":", "TRACE:")
                diff = None if (bin_rc, bin_err) == (txt_rc, txt_err) else \
                    f"refused differently: {bin_err.strip()!r} != {txt_err.strip()!r}"
            elif bin_doc is None or txt_doc is None:
                diff = f"no JSON report: {(bin_err if bin_doc is None else txt_err).strip()}"
            elif bin_rc != txt_rc and not unprovable(bin_rc, txt_rc, txt_doc):
                diff = f"exit status {bin_rc} (binary) != {txt_rc} (text)"
            elif bin_rc != txt_rc:
                diff = None
            else:
                diff = first_difference(normalise(bin_doc, plain), normalise(txt_doc, plain))
            if diff:
                failed += 1
                print(f"not ok {n} - {what}")
                print(f"# {diff[:300]}")
            else:
                verdict = bin_doc["verdict"] if bin_doc else f"refused ({bin_rc})"
                print(f"ok {n} - {what}: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
