#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""oom.t - running out of memory is one line and exit 2, never a crash or part of a report.

A trace of 10,000 conforming devices (bench/devices.py through tracegen) needs about 30 MB of
address space to check and some 55 MB more for its JSON report (each device lists the rules
its events leave unchecked). It is checked under RLIMIT_AS
limits from far too little to enough, as text, JSON, with -o, --junit, -j 2 and
--merge-equal-timestamps. Every run must end in one of two ways: the same output, files and
exit status as the run without a limit, or exit status 2 with nothing on stdout and one line
on stderr: "ccsl-check: out of memory while checking TRACE" (then no output file at all) or
"... while writing OUTPUT" (then no file but the whole ones written before it). The limits must reach both (and for JSON, the writer's refusal as well as the
checker's). Skipped (the whole file) when ccsl-check is built with AddressSanitizer, which
reserves terabytes of address space: RLIMIT_AS cannot limit it.
Environment: CCSL_CHECK (default ./ccsl-check), BUILD (default build) for tracegen. TAP output.
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
DEVICES = os.path.join(TOP, "bench", "devices.py")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", NO_COLOR="1")
NDEV = 10000
MB = 1 << 20
ONE_LINE = re.compile(rb"\Accsl-check: out of memory while (checking|writing) [^\n]+\n\Z")

TAP = Tap()
ok = TAP.ok


def sanitized():
    """whether ccsl-check is built with AddressSanitizer (it imports the ASan runtime)"""
    with open(CHECK, "rb") as f:
        return b"__asan_init" in f.read()


def make_trace(tmp):
    """the trace of NDEV devices"""
    path = os.path.join(tmp, "devices.dat")
    gen = subprocess.Popen([sys.executable, DEVICES, str(NDEV)], stdout=subprocess.PIPE)
    subprocess.run([TRACEGEN, "-o", path, "-"], stdin=gen.stdout, check=True,
                   stdout=subprocess.DEVNULL)
    gen.stdout.close()
    if gen.wait():
        raise RuntimeError("devices.py failed")
    return path


def run(args, outdir, limit=None):
    """ccsl-check ARGS (OUT/ in ARGS: outdir) under an address-space limit; what it produced"""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    args = [a.replace("OUT/", outdir + "/") for a in args]

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    p = subprocess.run([CHECK] + args, cwd=TOP, env=ENV, capture_output=True, timeout=300,
                       preexec_fn=cap if limit else None)
    files = {}
    for name in sorted(os.listdir(outdir)):
        with open(os.path.join(outdir, name), "rb") as f:
            files[name] = f.read()
    return {"status": p.returncode, "stdout": p.stdout, "stderr": p.stderr, "files": files}


def outcome(got, full):
    """'full' (as without a limit), 'checking' or 'writing' (out of memory, said right), or why not"""
    if got == full:
        return "full"
    m = ONE_LINE.match(got["stderr"])
    if got["status"] != 2 or not m or got["stdout"]:
        m = None
    elif m.group(1) == b"checking" and got["files"]:
        m = None
    elif any(full["files"].get(name) != data for name, data in got["files"].items()):
        m = None
    if m:
        return m.group(1).decode()
    return (f"exit {got['status']}, {len(got['stdout'])} bytes on stdout, files "
            f"{sorted(got['files'])}, stderr {got['stderr'][:300]!r}")


def sweep(name, args, limits, tmp, need):
    """args under every limit: each run full or one out-of-memory line; need: outcomes to see"""
    out = os.path.join(tmp, "out")
    full = run(args, out)
    seen, bad = set(), []
    for mb in limits:
        got = outcome(run(args, out, mb * MB), full)
        if got in ("full", "checking", "writing"):
            seen.add(got)
        else:
            bad.append(f"{mb} MB: {got}")
    ok(full["status"] == 0 and (full["stdout"] or full["files"]),
       f"{name}: the run without a limit conforms", full["stderr"])
    ok(not bad, f"{name}: {len(limits)} limits, each run whole or one out-of-memory line",
       "\n".join(bad))
    ok(need <= seen, f"{name}: the limits reach {', '.join(sorted(need))}",
       f"seen: {sorted(seen)}")


def main():
    """the sweeps"""
    if sanitized():
        print("1..0 # SKIP AddressSanitizer build: RLIMIT_AS cannot limit its address space")
        return 0
    tmp = tempfile.mkdtemp(prefix="ccsl-oom-")
    try:
        trace = make_trace(tmp)
        small = range(12, 49, 6)
        sweep("text", ["-q", trace], small, tmp, {"full", "checking"})
        sweep("JSON", ["-f", "json", trace], range(12, 107, 6), tmp,
              {"full", "checking", "writing"})
        sweep("-o and --junit", ["-f", "json", "-o", "OUT/r.json", "--junit", "OUT/r.xml",
                                 trace], range(12, 107, 8), tmp, {"full", "checking", "writing"})
        sweep("-j 2", ["-q", "-j", "2", trace, trace], small, tmp, {"full", "checking"})
        sweep("--merge-equal-timestamps", ["-q", "--merge-equal-timestamps", trace], small,
              tmp, {"full", "checking"})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TAP.done()


sys.exit(main())
