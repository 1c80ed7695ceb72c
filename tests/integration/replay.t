#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""replay.t - what bug reports carry gives the findings of the trace.dat it came from

For every trace in testdata/ (recursively, *.dat), and for the fixtures of testdata/fixtures
written with tracegen when it is built (they add lost events, several CPUs, odd comms and
values, a buffer instance), make the forms people attach:

- `trace-cmd report` text: plain (microsecond timestamps), -t (nanoseconds, also without its
  "cpus=N" line), -N (no plugins), -R (raw fields, strings unquoted), -l (latency columns),
  --ts-diff, and -l -t --ts-diff together;
- tracefs text, as the kernel prints its `trace` and `trace_pipe` files (tests/tracefs_text.py
  rewrites the report: the columns with their irq flags, the probe locations as symbols or
  "0x" hex, return probes in the kernel's order): `trace` of Linux 5.14 and later (its header,
  "#P:N", five flag characters, symbols), of older kernels (four, "%-5d" pids), with the
  record-tgid column, and `trace_pipe` (no header, hex addresses). A trace with buffer
  instances has no single tracefs text: those forms are skipped for it;
- the trace.dat and two of the texts (report -t, tracefs `trace`) compressed with gzip, xz,
  zstd and bzip2; the trace.dat (also zstd-compressed) and every text on standard input;

check each with `ccsl-check -f json` (the texts against the built-in spec and the examples of
specs/examples, the other carriers against the built-in spec), and compare with the report of
the trace.dat itself. Everything must be identical except what the form cannot carry:

- the file name, and the recording kernel (the trace.dat's UNAME option: text has none);
- the messages: a filter's account of its copy (spooled, decompressed) is taken out of them;
- the event system: text prints "set_status:", not "virtio:set_status", so the text reader's
  events have system "" and a record reads ":set_status" where the binary's reads
  "virtio:set_status" (compared after the colon);
- rules over events that have no record: the trace.dat carries the event's format, so such a
  rule is checked (vacuously); text cannot show that the probe was recorded, so there the
  rule is listed as not checked. The "unchecked" lists are therefore not compared, and a
  trace that conforms may be inconclusive as text for that reason only (exit 0 vs 3); all
  other verdicts and exit statuses must match (a conforming device notifies its queues, so
  with the built-in spec on real traces this changes no verdict);
- timestamps, in the forms that print microseconds (all but -t): compared rounded the same
  way. Record order does not change: report sorts by the full timestamps before it rounds;
- task names in the latency forms (-l), which cut them to 8 characters: compared so cut.

CCSL_REPLAY_SPEC=FILE checks against FILE instead of the built-in specification.
CCSL_CHECK=PROGRAM tests another build. TAP output.
"""
import bz2
import concurrent.futures
import glob
import gzip
import lzma
import os
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
import tracefs_text  # noqa: E402
from findings import check, compare  # noqa: E402
import findings  # noqa: E402

TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")


class Form(findings.Form):
    """A text form: how it is made, and what it cannot carry."""

    def __init__(self, name, report=None, layout=None, micro=True, comm8=False, cut=False):
        super().__init__(micro, comm8)
        self.name, self.report, self.layout, self.cut = name, report, layout, cut

    def make(self, trace):
        """the text, or None when the trace has no such form"""
        if self.layout:
            return tracefs_text.rewrite(trace, self.layout)
        out = "\n".join(tracefs_text.report(trace, *self.report)) + "\n"
        if self.cut and out.startswith("cpus="):
            out = out.split("\n", 1)[1]
        return out


FORMS = [
    Form("report", []),
    Form("report-t", ["-t"], micro=False),
    Form("report-t-nohdr", ["-t"], micro=False, cut=True),
    Form("report-N", ["-N"]),
    Form("report-R", ["-R"]),
    Form("report-l", ["-l"], comm8=True),
    Form("report-ts-diff", ["--ts-diff"]),
    Form("report-l-t-ts-diff", ["-l", "-t", "--ts-diff"], micro=False, comm8=True),
    Form("tracefs-trace", layout="trace"),
    Form("tracefs-trace-old", layout="trace-old"),
    Form("tracefs-trace-tgid", layout="trace-tgid"),
    Form("tracefs-trace_pipe", layout="trace_pipe"),
]
COMPRESSED_TEXTS = ("report-t", "tracefs-trace")


def zstd(data):
    """zstd-compressed bytes (the zstd tool: Python has no zstd module)"""
    return subprocess.run(["zstd", "-q", "-c"], input=data, capture_output=True,
                          check=True).stdout


# zstd only where its tool is installed
COMPRESSORS = {"gz": gzip.compress, "xz": lzma.compress, "bz2": bz2.compress}
if shutil.which("zstd"):
    COMPRESSORS["zst"] = zstd


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


def write(path, data):
    """a file of bytes; returns its path"""
    with open(path, "wb") as f:
        f.write(data)
    return path


def cases_of(trace, tmp, specs):
    """(description, binary key, args, stdin, form) of every carrier of one trace"""
    flat = os.path.relpath(trace, TOP).replace(os.sep, "_")
    base = os.path.join(tmp, flat)
    with open(trace, "rb") as f:
        dat = f.read()
    name = os.path.basename(trace)
    out = [(f"trace.dat {name} (stdin)", (trace, 0), ["-"], trace, None)]
    for ext, pack in COMPRESSORS.items():
        packed = write(f"{base}.dat.{ext}", pack(dat))
        out.append((f"trace.dat.{ext} {name}", (trace, 0), [packed], None, None))
        if ext == "zst":
            out.append((f"trace.dat.{ext} {name} (stdin)", (trace, 0), ["-"], packed, None))
    for form in FORMS:
        text = form.make(trace)
        if text is None:
            out.append((f"# SKIP {form.name} {name}: buffer instances", None, None, None, form))
            continue
        path = write(f"{base}.{form.name}.txt", text.encode())
        for i, spec in enumerate(specs):
            what = " ".join([form.name, name] + [os.path.basename(s) for s in spec[1:]])
            out.append((what, (trace, i), spec + [path], None, form))
        out.append((f"{form.name} {name} (stdin)", (trace, 0), ["-"], path, form))
        if form.name in COMPRESSED_TEXTS:
            for ext, pack in COMPRESSORS.items():
                packed = write(f"{path}.{ext}", pack(text.encode()))
                out.append((f"{form.name}.{ext} {name}", (trace, 0), [packed], None, form))
    return out


def main():
    if not shutil.which("trace-cmd"):
        print("1..0 # SKIP trace-cmd is not installed")
        return 0
    specs = [[]]
    if os.environ.get("CCSL_REPLAY_SPEC"):
        specs = [["-s", os.environ["CCSL_REPLAY_SPEC"]]]
    specs += [["-s", s] for s in sorted(glob.glob(os.path.join(TOP, "specs", "examples",
                                                               "*.ccsl")))]
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        traces = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
        traces += fixtures(tmp)
        binaries = {(t, i): pool.submit(check, spec + [t])
                    for t in traces for i, spec in enumerate(specs)}
        # the forms are made by trace-cmd: two traces at a time too
        made = [pool.submit(cases_of, t, tmp, specs) for t in traces]
        cases = [c for m in made for c in m.result()]
        runs = [pool.submit(check, c[2], c[3]) if c[1] else None for c in cases]
        print(f"1..{len(cases)}")
        failed = 0
        for n, ((what, key, args, _, form), run) in enumerate(zip(cases, runs), 1):
            if not key:
                print(f"ok {n} {what}")
                continue
            diff = compare(binaries[key].result(), run.result(), what.split()[0], form,
                           (key[0], args[-1]))
            if diff:
                failed += 1
                print(f"not ok {n} - {what}")
                print(f"# {diff[:300]}")
            else:
                doc = binaries[key].result()[1]
                verdict = doc["verdict"] if doc else f"refused ({binaries[key].result()[0]})"
                print(f"ok {n} - {what}: {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
