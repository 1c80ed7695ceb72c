#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tracefs.t - the text of a real tracefs read as a trace: a kept capture, and a fresh one

testdata/tracefs/standin-6.18.trace is `cat trace` of an instance of this machine's tracefs
(Linux 6.18, uprobes on tests/standin/standin running its early-notify scenario: the balloon's
stats queue notified before DRIVER_OK). It must give exactly the two violations a trace.dat of
that bring-up gives: NONOTIFY and BALLOON-STATS, on virtio0 only.

Where tracefs and uprobe events can be used (root, a writable uprobe_events: see
tests/standin/uprobes.py), a fresh capture: the contract's events are defined as uprobes on
build/standin under a group of this test's own (a recording in progress elsewhere keeps the
contract's group "virtio"; text names no group, and the trace.dat is checked against the
built-in spec with its group renamed), enabled in two tracefs instances of this test's own.
The scenario runs once; the first instance's `trace` is read, then its buffer is extracted as a
trace.dat (`trace-cmd extract -B`, which empties it); the second's `trace`, then its
`trace_pipe` (which empties it). Both texts must give the early notification and nothing else;
`trace` must give the findings of the trace.dat, `trace_pipe` those of `trace` of its own buffer
(each instance stamps its own copy of a record: their times differ by a microsecond or so),
timestamps compared in microseconds as tracefs prints them, read as a file and on standard
input. The instances and the uprobes are removed whatever happens (also on SIGTERM), and a test
checks that nothing is left. Otherwise these tests are skipped, saying why. TAP output.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "standin"))
import uprobes  # noqa: E402
from findings import check, compare, Form  # noqa: E402
from tap import Tap  # noqa: E402

STANDIN = os.path.join(TOP, os.environ.get("BUILD", "build"), "standin")
CAPTURE = os.path.join(TOP, "testdata", "tracefs", "standin-6.18.trace")
EXPECTED = ["BALLOON-STATS", "NONOTIFY"]
MICRO = Form(micro=True)


def skip(tap, n, why):
    """n tests that cannot run here"""
    for _ in range(n):
        tap.n += 1
        print(f"ok {tap.n} # SKIP {why}")


def violations(doc):
    """{instance: sorted rule names violated}"""
    return {i["instance"]: sorted({v["constraint"] for v in i["violations"]})
            for t in doc["traces"] for i in t["instances"] if i["violations"]}


def expect_balloon(tap, what, args, stdin=None):
    """the early notification found, and nothing else"""
    rc, doc, err = check(args, stdin)
    got = violations(doc) if doc else err.strip()
    tap.ok(rc == 1 and got == {"virtio0": EXPECTED},
           f"{what}: NONOTIFY and BALLOON-STATS on virtio0, nothing else",
           f"exit {rc}: {got}")
    return rc, doc, err


def write(path, text):
    """a file of text"""
    with open(path, "w") as f:
        f.write(text)


def read_pipe(path):
    """what trace_pipe holds now, without waiting for more"""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    chunks = []
    try:
        while True:
            try:
                data = os.read(fd, 1 << 16)
            except BlockingIOError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(fd)
    return b"".join(chunks).decode(errors="replace")


def run_standin():
    """the early-notify bring-up, probed"""
    subprocess.run([STANDIN, "early-notify"], check=True)


class Capture:
    """the uprobes of a group and two instances of this test's own; removed by close()"""

    def __init__(self):
        self.group = f"ccsl_text_{os.getpid()}"
        base = os.path.join(uprobes.TRACEFS, "instances", f"ccsl-text-{os.getpid()}")
        # one read as `trace` then extracted, one read as `trace_pipe`: the same records
        self.instances = [base, base + "-pipe"]
        self.names = []
        uprobes.GROUP = self.group
        why = uprobes.available()
        if why:
            raise RuntimeError(why)
        try:
            self.names = uprobes.define(STANDIN)
            for inst in self.instances:
                os.mkdir(inst)
                write(os.path.join(inst, "events", self.group, "enable"), "1")
        except BaseException:
            self.close()
            raise

    def close(self):
        """disable, remove the instances, remove the uprobes: each whatever the others did"""
        for inst in self.instances:
            try:
                write(os.path.join(inst, "events", self.group, "enable"), "0")
            except OSError:
                pass
            for _ in range(50):
                try:
                    os.rmdir(inst)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)
        uprobes.remove(self.names)

    def left(self):
        """what close() did not remove"""
        with open(os.path.join(uprobes.TRACEFS, "uprobe_events")) as f:
            left = [l.strip() for l in f if f":{self.group}/" in l]
        return left + [inst for inst in self.instances if os.path.exists(inst)]


def fresh(tap, tmp):
    """a capture of this machine's tracefs, compared with its trace.dat"""
    if os.geteuid() or not os.access(STANDIN, os.X_OK):
        skip(tap, 8, "not root" if os.geteuid() else f"{STANDIN} is not built")
        return
    try:
        cap = Capture()
    except (RuntimeError, OSError, subprocess.CalledProcessError, ValueError) as e:
        skip(tap, 8, f"no uprobes here: {e}")
        return
    dat = os.path.join(tmp, "fresh.dat")
    trace, trace2, pipe = (os.path.join(tmp, n) for n in ("trace", "trace2", "trace_pipe"))
    try:
        run_standin()
        for inst, path in zip(cap.instances, (trace, trace2)):
            with open(os.path.join(inst, "trace")) as f:
                write(path, f.read())
        write(pipe, read_pipe(os.path.join(cap.instances[1], "trace_pipe")))
        extracted = subprocess.run(["trace-cmd", "extract", "-B",
                                    os.path.basename(cap.instances[0]), "-o", dat],
                                   capture_output=True).returncode == 0
    finally:
        cap.close()
        tap.ok(not cap.left(), "the instances and the uprobes are removed", cap.left())
    spec = os.path.join(tmp, "renamed.ccsl")
    with open(os.path.join(TOP, "specs", "virtio.ccsl")) as f:
        write(spec, f.read().replace("virtio:", f"{cap.group}:"))
    expect_balloon(tap, "tracefs `trace`", [trace])
    expect_balloon(tap, "tracefs `trace_pipe`", [pipe])
    expect_balloon(tap, "tracefs `trace_pipe` on standard input", ["-"], stdin=pipe)
    # `trace_pipe` against `trace` of its own buffer (each instance stamps its own records)
    same(tap, "tracefs `trace_pipe`", "`trace` of its buffer", check(["-s", spec, trace2]),
         pipe, spec)
    if not extracted:
        skip(tap, 2, "trace-cmd extract failed here")
        return
    same(tap, "tracefs `trace`", "its trace.dat", check(["-s", spec, dat]), trace, spec)


def same(tap, what, reference, ref, text, spec):
    """text gives the reference's findings, read as a file and on standard input"""
    for path in (text, "-"):
        other = check(["-s", spec, path], stdin=text if path == "-" else None)
        diff = compare(ref, other, "text", MICRO, (reference, path))
        where = " on standard input" if path == "-" else ""
        tap.ok(diff is None, f"{what}{where}: the findings of {reference}", diff)


def main():
    tap = Tap()
    sys.stdout.reconfigure(line_buffering=True)
    # a SIGTERM (a test run stopped) still removes what the capture made
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    expect_balloon(tap, "the kept capture of Linux 6.18", [CAPTURE])
    expect_balloon(tap, "the kept capture on standard input", ["-"], stdin=CAPTURE)
    with tempfile.TemporaryDirectory() as tmp:
        fresh(tap, tmp)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
