#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""jobs.t - `-j N` prints exactly what `-j 1` prints, and a worker that dies is an error.

Every trace of testdata/ and testdata/shared/, plus an unreadable file, a truncated trace and
a directory among them, is checked with -j 1 and with -j 2 and -j 4 (-j 2 or -j 3 alone for
the cheaper variants, to keep the test short): -v text with --junit, --vcd and --html, JSON with
--timeline and -o, the text timeline, -q. Stdout, stderr, the exit status and the files
written must be byte-identical. Also: a spec that does not fit the traces, a list whose exit
status is not 2, findings bigger than one wire message (a tracegen trace whose 100,000 records
are all virtio ones, with --timeline), more workers than traces, --jobs=N, the bad -j values,
and a worker killed while it waits on a FIFO. Environment: CCSL_CHECK (default ./ccsl-check),
BUILD (default build) for tracegen. TAP output.
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", NO_COLOR="1")

TAP = Tap()
ok = TAP.ok


def run(args, outdir):
    """ccsl-check ARGS (FILE in ARGS names a file in outdir); everything it produced."""
    os.makedirs(outdir, exist_ok=True)
    args = [a.replace("FILE", outdir) for a in args]
    p = subprocess.run([CHECK] + args, cwd=TOP, env=ENV, capture_output=True, timeout=120)
    files = {}
    for name in sorted(os.listdir(outdir)):
        with open(os.path.join(outdir, name), "rb") as f:
            files[name] = f.read()
    return {"stdout": p.stdout, "stderr": p.stderr, "status": p.returncode, "files": files}


def first_difference(a, b):
    """What differs between two runs, briefly."""
    for key in ("status", "stdout", "stderr", "files"):
        if a[key] != b[key]:
            if key == "status":
                return f"exit {a[key]} vs {b[key]}"
            if key == "files":
                return f"files {sorted(a[key])} differ"
            x, y = a[key], b[key]
            i = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]), min(len(x), len(y)))
            return f"{key} differs at byte {i}: {x[i:i + 80]!r} vs {y[i:i + 80]!r}"
    return ""


def same_for_jobs(tmp, name, args, jobs=(2, 4)):
    """-j 1 and each of jobs give the same output; returns the -j 1 run."""
    base = run(["-j", "1"] + args, os.path.join(tmp, name, "j1"))
    for j in jobs:
        got = run(["-j", str(j)] + args, os.path.join(tmp, name, f"j{j}"))
        ok(got == base, f"{name}: -j {j} == -j 1 (exit {base['status']}, "
           f"{len(base['stdout'])} bytes out, {len(base['stderr'])} err)",
           first_difference(base, got))
    return base


def children(pid):
    """The live (not zombie) child processes of pid."""
    kids = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.split("/")[2]))
    return kids


def worker_killed(tmp, good):
    """A worker blocked opening a FIFO is killed: its trace is an error, the others are checked."""
    fifo = os.path.join(tmp, "hang.dat")
    os.mkfifo(fifo)
    p = subprocess.Popen([CHECK, "-j", "2", fifo, good], cwd=TOP, env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Worker 0 takes trace 0, the FIFO, and stays; worker 1 stops after the good trace.
    # Whenever one worker is alive alone, it is worker 0.
    deadline = time.time() + 60
    kids = children(p.pid)
    while len(kids) != 1 and time.time() < deadline and p.poll() is None:
        time.sleep(0.02)
        kids = children(p.pid)
    if len(kids) == 1:
        os.kill(kids[0], signal.SIGKILL)
    try:
        out, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    want = f"ccsl-check: {fifo}: worker died (signal 9)\n".encode()
    ok(p.returncode == 2 and want in err and good.encode() in out,
       "a killed worker: its trace is an error (exit 2), the other trace is reported",
       f"exit {p.returncode}\n{err.decode(errors='replace')}")


def main():
    if not os.access(CHECK, os.X_OK):
        print(f"Bail out! {CHECK} not found")
        return 1
    tmp = tempfile.mkdtemp()
    try:
        traces = sorted(glob.glob(os.path.join(TOP, "testdata", "*.dat")))
        traces += sorted(glob.glob(os.path.join(TOP, "testdata", "shared", "*.dat")))
        cut = os.path.join(tmp, "cut.dat")
        with open(traces[0], "rb") as f, open(cut, "wb") as g:
            g.write(f.read(5000))
        dirpath = os.path.join(tmp, "adir")
        os.mkdir(dirpath)
        bad = ["/etc/passwd", cut, dirpath]
        # the bad ones among the good, not only at the end
        mixed = traces[:3] + bad[:1] + traces[3:7] + bad[1:] + traces[7:]

        same_for_jobs(tmp, "-v text, --junit, --vcd, --html",
                      ["-v", "--junit", "FILE/junit.xml", "--vcd", "FILE/clocks.vcd",
                       "--html", "FILE/report.html"] + mixed)
        same_for_jobs(tmp, "json --timeline, -o", ["-f", "json", "--timeline", "-o",
                                                   "FILE/report.json"] + mixed)
        same_for_jobs(tmp, "--timeline --merge-equal-timestamps",
                      ["--timeline", "--merge-equal-timestamps"] + mixed, jobs=(2,))
        base = same_for_jobs(tmp, "readable traces only, reversed, -q --warnings-as-errors",
                             ["-q", "--context", "0", "--warnings-as-errors"] + traces[::-1],
                             jobs=(3,))
        ok(base["status"] != 2, f"readable traces only: exit {base['status']} (not an error)")

        # A spec naming a field the traces do not have: every trace is an error of its own,
        # with its diagnostic once, and the report lists them all.
        spec = os.path.join(tmp, "field.ccsl")
        with open(spec, "w") as f:
            f.write("clock a = virtio:set_status[stat == 1]\nrule r: forbid a\n")
        base = same_for_jobs(tmp, "a spec that does not fit", ["-s", spec] + bad + traces)
        out, err = base["stdout"], base["stderr"]
        nofield = b"error: the event 'virtio:set_status' has no field 'stat'"
        ok(base["status"] == 2 and err.count(nofield) == len(traces)
           and err.count(b"ccsl-check: the spec does not fit ") == len(traces)
           and out.count(b": the spec does not fit this trace: ") == len(traces)
           and out.rstrip().endswith(b": ERROR"),
           "a spec that does not fit: exit 2, each trace an error with its diagnostic, "
           "one report", err.decode(errors="replace"))

        # Findings of more than WIRE_MAX_MSG (16 MB) encoded travel in several parts.
        dense = os.path.join(tmp, "dense.dat")
        if os.access(TRACEGEN, os.X_OK):
            subprocess.run([TRACEGEN, "--bench", "100000", "--cpus", "2", "--virtio-every", "1",
                            "-o", dense], check=True, capture_output=True)
            same_for_jobs(tmp, "a 100000-record timeline (findings in parts)",
                          ["-q", "--timeline", dense, traces[-1], dense], jobs=(2,))
        else:
            ok(True, f"findings in parts # SKIP no {TRACEGEN}")

        # More workers than traces; the long option.
        same_for_jobs(tmp, "more workers than traces", traces[:2], jobs=(64,))
        got = run(["--jobs=3"] + traces[:3], os.path.join(tmp, "long", "a"))
        ok(got == run(traces[:3], os.path.join(tmp, "long", "b")), "--jobs=3 == no -j")

        for value in ("0", "-1", "x", "", "1.5", "99999999999"):
            got = run([f"--jobs={value}", traces[0]], os.path.join(tmp, "bad", value or "empty"))
            ok(got["status"] == 2 and b"--jobs" in got["stderr"] and not got["stdout"],
               f"--jobs={value!r}: usage error, exit 2", got["stderr"].decode(errors="replace"))
        got = run(["-j"], os.path.join(tmp, "bad", "none"))
        ok(got["status"] == 2, "-j without a value: exit 2")

        worker_killed(tmp, traces[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TAP.done()


if __name__ == "__main__":
    sys.exit(main())
