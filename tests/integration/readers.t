#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""readers.t - ccsl-check's page reader gives exactly what libtracecmd gives

src/trace_cpu.c reads the CPU data itself (mapped pages, or zstd chunks decompressed one at
a time) where libtracecmd 3.1.6 is quadratic; CCSL_READER=library forces the library. For
every trace in testdata/ and every fixture as v6, v7 uncompressed and v7 zstd, the text
report and the JSON report with the whole timeline (every record's timestamp, CPU, task,
fields; lost events; counts) must be identical under both readers. A file whose options
shift timestamps (OFFSET) must be read by the library (its stamps are the library's,
shifted), and -v must say so. TAP output.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(TOP, "ccsl-check")
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
FALLBACK = "records read by libtracecmd"


def run(args, reader=None):
    env = dict(os.environ)
    env.pop("CCSL_READER", None)
    if reader:
        env["CCSL_READER"] = reader
    res = subprocess.run([CHECK, *args], capture_output=True, text=True, env=env)
    return res.returncode, res.stdout, res.stderr


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines())):
        if x != y:
            return "line %d:\n  page reader: %s\n  library:     %s" % (i + 1, x, y)
    return "lengths differ: %d and %d lines" % (len(a.splitlines()), len(b.splitlines()))


def compare(tap, path, name):
    for args in (["--timeline", "-f", "json"], ["--context", "3"]):
        own = run([*args, path])
        lib = run([*args, path], "library")
        tap.ok(own == lib, "%s %s: the page reader and libtracecmd agree" % (name, args[-1]),
               first_difference(own[1] + own[2], lib[1] + lib[2]))
    code, out, _ = run(["-v", path])
    tap.ok(code in (0, 1, 3) and FALLBACK not in out,
           "%s: read by the page reader (exit %d)" % (name, code), out)


def fixture_forms(tmp, txt):
    """The fixture as v6, v7 uncompressed and v7 zstd: [(path, label)]."""
    base = os.path.join(tmp, os.path.basename(txt)[:-4])
    subprocess.run([TRACEGEN, "-o", base + ".dat", txt], check=True)
    forms = [(base + ".dat", "v6")]
    for comp in ("none", "zstd"):
        out = "%s-v7-%s.dat" % (base, comp)
        subprocess.run(["trace-cmd", "convert", "-i", base + ".dat", "-o", out,
                        "--file-version", "7", "--compression", comp],
                       check=True, capture_output=True)
        forms.append((out, "v7 " + comp))
    return forms


def timeline_stamps(path):
    code, out, _ = run(["--timeline", "-f", "json", path])
    stamps = []
    for trace in json.loads(out)["traces"]:
        for inst in trace.get("instances", []):
            stamps += [rec["ts"] for rec in inst.get("timeline", [])]
    return stamps


def check_offset(tap, tmp):
    """OFFSET shifts every stamp: the library reads such files, and -v says why."""
    txt = os.path.join(TOP, "testdata", "fixtures", "probe-modern.txt")
    shifted = os.path.join(tmp, "offset.txt")
    with open(txt, encoding="utf-8") as f, open(shifted, "w", encoding="utf-8") as g:
        g.write("offset 1000000000\n" + f.read())
    for (plain, label), (moved, _) in zip(fixture_forms(tmp, txt), fixture_forms(tmp, shifted)):
        code, out, _ = run(["-v", moved])
        tap.ok(FALLBACK + " (the file's options shift timestamps)" in out,
               "offset %s: -v says the library read it" % label, out)
        a, b = timeline_stamps(plain), timeline_stamps(moved)
        tap.ok(a and len(a) == len(b) and all(y - x == 10**9 for x, y in zip(a, b)),
               "offset %s: every stamp is shifted by the option's 1 s" % label,
               "%s\n%s" % (a[:3], b[:3]))


def main():
    tap = Tap()
    traces = sorted(glob.glob(os.path.join(TOP, "testdata", "*.dat")) +
                    glob.glob(os.path.join(TOP, "testdata", "shared", "*.dat")))
    for path in traces:
        compare(tap, path, os.path.relpath(path, TOP))
    with tempfile.TemporaryDirectory() as tmp:
        for txt in sorted(glob.glob(os.path.join(TOP, "testdata", "fixtures", "*.txt"))):
            for path, label in fixture_forms(tmp, txt):
                compare(tap, path, "%s (%s)" % (os.path.basename(txt), label))
        check_offset(tap, tmp)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
