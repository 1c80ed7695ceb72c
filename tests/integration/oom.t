#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""oom.t - running out of memory is one line and exit 2, never a crash or part of a report.

Address-space limits. A trace of 10,000 conforming devices (bench/devices.py through
tracegen) needs about 30 MB of address space to check and some 55 MB more for its JSON report
(each device lists the rules its events leave unchecked). It is checked under RLIMIT_AS
limits from far too little to enough, as text, JSON, with -o, --junit, -j 2 and
--merge-equal-timestamps. Every run must end in one of two ways: the same
output, files and exit status as the run without a limit, or exit status 2 with nothing on
stdout and one line on stderr: "ccsl-check: out of memory while checking TRACE" (then no
output file at all) or "... while writing OUTPUT" (then no file but the whole ones written
before it). The limits must reach both (and for JSON, the writer's refusal as well as the
checker's).

Allocation failures. Under build/tests/failmalloc.so (tests/failmalloc.c), allocation N + 1
and every one after it fail, or that one only (a failure swallowed then shows as a wrong
result), in the command itself or in the processes it forks (depth 1: its trace reader, or
its -j workers; depth 2: their readers). Every N up to where nothing fails is tried, on
small traces of tracegen: a spec with an include (reading, the engine's model, --list-clocks),
a trace with registers and a 'per' rule (sub-monitors cloned per value, undecided rules)
written as text, JSON, JUnit, VCD and HTML, its reader child (libtraceevent's format, page
header and task name tables), compressed input, and -j 2 (the findings sent by the workers).
Each run must end as the run without failures did, or with one line on stderr, "ccsl-check: out
of memory while ..." (reading the spec, compiling the spec, resolving the outputs, starting
the report or the workers, checking TRACE, writing OUTPUT), exit status 2 and no output but
whole files written before; never a crash, a hang, a wrong verdict or a trace error. A
trace-cmd trace's reader (200,000 allocations, most of them for its kernel symbols) is tried
on its first 150: libtracecmd's sections and libtraceevent's formats.

Skipped (the whole file) when ccsl-check is built with AddressSanitizer, which reserves
terabytes of address space (RLIMIT_AS cannot limit it) and brings its own allocator.
Environment: CCSL_CHECK (default ./ccsl-check), BUILD (default build) for tracegen and
failmalloc.so. TAP output.
"""
import os
import concurrent.futures
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
FAILMALLOC = os.path.join(TOP, os.environ.get("BUILD", "build"), "tests", "failmalloc.so")
DEVICES = os.path.join(TOP, "bench", "devices.py")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", NO_COLOR="1")
NDEV = 10000
MB = 1 << 20
ONE_LINE = re.compile(rb"\Accsl-check: out of memory while (checking|writing|reading|compiling|"
                      rb"resolving|starting) [^\n]+\n\Z")

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


def run(args, outdir, limit=None, fail=None):
    """
    ccsl-check ARGS (OUT/ in ARGS: outdir) under an address-space limit, or with allocations
    failing (fail: N, depth, once); what it produced ("timeout" as the status of a hang)
    """
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    args = [a.replace("OUT/", outdir + "/") for a in args]
    env = ENV
    if fail:
        env = dict(ENV, LD_PRELOAD=FAILMALLOC, CCSL_FAILMALLOC=str(fail[0]),
                   CCSL_FAILMALLOC_DEPTH=str(fail[1]), CCSL_FAILMALLOC_ONCE=str(int(fail[2])))

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        p = subprocess.run([CHECK] + args, cwd=TOP, env=env, capture_output=True,
                           timeout=60 if fail else 300, preexec_fn=cap if limit else None)
    except subprocess.TimeoutExpired as e:
        return {"status": "timeout", "stdout": e.stdout or b"", "stderr": e.stderr or b"",
                "files": {}}
    files = {}
    for name in sorted(os.listdir(outdir)):
        with open(os.path.join(outdir, name), "rb") as f:
            files[name] = f.read()
    return {"status": p.returncode, "stdout": p.stdout, "stderr": p.stderr, "files": files}


def outcome(got, full):
    """'full' (as without a limit), 'checking', 'writing'... (out of memory, said right), or why"""
    if got == full:
        return "full"
    m = ONE_LINE.match(got["stderr"])
    if got["status"] != 2 or not m or got["stdout"]:
        m = None
    elif m.group(1) != b"writing" and got["files"]:
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


# ---- allocation failures ----

SPEC = """spec per "registers, a per rule"
instance per dev
include "lib.ccsl"
pair virtio:get_features_ret with virtio:*
register offered read virtio:get_features_ret.features
clock extra = virtio:set_features[(features & ~@offered) != 0]
rule SUBSET: forbid extra
clock kick = virtio:notify
clock irq = virtio:vring_interrupt
rule IRQ.after-kick: kick < irq
\tper vq_index
\tsubject device
rule LATE: late < kick
"""
LIB = """clock n3 = virtio:notify[vq_index == 3]
clock any_irq = virtio:vring_interrupt
clock late = (n3 + any_irq) $ 2 sampled on n3
clock other = sup(n3, late) * n3 filtered by 01(10)
"""
HEADER = """cpus 2
event virtio get_features kprobe dev:string
event virtio get_features_ret kretprobe features:x64
event virtio set_features kprobe dev:string features:x64
event virtio notify kprobe dev:string vq:string vq_index:u32
event virtio vring_interrupt kprobe dev:string vq:string vq_index:u32
comm 100 insmod
comm 101 kworker/0:1
"""


def small_trace(tmp, name, ndev):
    """
    ndev devices, each: a feature write before the offer (SUBSET partly decided), a write
    the offer forbids, interrupts on queues 0 and 1 of which the second was never notified;
    by tasks with saved names (100, 101) and without (102)
    """
    lines = []
    for d in range(ndev):
        dev = f"dev=virtio{d}"
        lines += [f"virtio:set_features {dev} features=1", f"virtio:get_features {dev}",
                  "virtio:get_features_ret features=3", f"virtio:set_features {dev} features=5"]
        for vq, kind in ((0, "notify"), (0, "vring_interrupt"), (3, "notify"),
                         (1, "vring_interrupt"), (2, "notify")):
            lines.append(f"virtio:{kind} {dev} vq=q{vq} vq_index={vq}")
    desc, dat = os.path.join(tmp, name + ".txt"), os.path.join(tmp, name + ".dat")
    with open(desc, "w") as f:
        f.write(HEADER)
        for i, line in enumerate(lines):
            f.write(f"{(i + 1) * 1000}ns {i % 2} {100 + i % 3} {line}\n")
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, stdout=subprocess.DEVNULL)
    return dat


def failing(args, out, n, depth, once):
    """a run with allocation n + 1 (and after it, unless once) failing at depth"""
    return run(args, out, fail=(n, depth, once))


def failing_outcomes(args, out, n, depth, full):
    """the outcome of every N up to n, failing from N on and at N only, a few runs at a time"""
    jobs = [(k, once) for once in (False, True) for k in range(n + 1)]

    def one(job):
        k, once = job
        dirname = f"{out}-{threading.get_ident()}"
        return k, once, outcome(failing(args, dirname, k, depth, once), full)

    with concurrent.futures.ThreadPoolExecutor(min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(one, jobs))


def total(args, out, depth, full):
    """the allocations a run makes at depth: the fewest that let it end as without failures"""
    hi = 64
    while outcome(failing(args, out, hi, depth, False), full) != "full":
        hi *= 2
        if hi > 1 << 24:
            return 0
    lo = hi // 2 if hi > 64 else 0
    while lo < hi:
        mid = (lo + hi) // 2
        if outcome(failing(args, out, mid, depth, False), full) == "full":
            hi = mid
        else:
            lo = mid + 1
    return lo


def fail_sweep(name, args, depth, tmp, need, first=None):
    """
    args with allocation N + 1 failing at depth, for every N up to the run's allocations
    (or its first ones), and with that allocation only failing: each run full or one
    out-of-memory line
    """
    out = os.path.join(tmp, "out")
    full = run(args, out)
    n = total(args, out, depth, full)
    seen, bad = set(), []
    for k, once, got in failing_outcomes(args, out, min(n, first or n), depth, full):
        if got == "full" or ONE_LINE.match(b"ccsl-check: out of memory while " +
                                           got.encode() + b" x\n"):
            seen.add(got)
        else:
            bad.append(f"N {k}{' only' if once else ''}: {got}")
    ok(full["status"] in (0, 1) and n > 0,
       f"{name} (depth {depth}): {n} allocations without failures", full["stderr"])
    runs = 2 * (min(n, first or n) + 1)
    ok(not bad, f"{name} (depth {depth}): each of {runs} runs with allocations failing "
       "whole or one out-of-memory line", "\n".join(bad))
    ok(need <= seen, f"{name} (depth {depth}): failures reach {', '.join(sorted(need))}",
       f"seen: {sorted(seen)}")


def fail_sweeps(tmp):
    """the allocation failure sweeps"""
    spec = os.path.join(tmp, "per.ccsl")
    with open(spec, "w") as f:
        f.write(SPEC)
    with open(os.path.join(tmp, "lib.ccsl"), "w") as f:
        f.write(LIB)
    one, two = small_trace(tmp, "one", 2), small_trace(tmp, "two", 1)
    subprocess.run(["xz", "-k", one], check=True)
    fail_sweep("--check-spec", ["--check-spec", "-s", spec], 0, tmp,
               {"full", "reading", "compiling"})
    fail_sweep("--list-clocks", ["--list-clocks", "-s", spec], 0, tmp,
               {"full", "reading", "compiling"})
    outputs = ["-s", spec, "--json", "OUT/r.json", "--junit", "OUT/r.xml", "--vcd",
               "OUT/r.vcd", "--html", "OUT/r.html", one]
    fail_sweep("text, JSON, JUnit, VCD, HTML", outputs, 0, tmp,
               {"full", "reading", "compiling", "starting", "checking", "writing"})
    fail_sweep("the trace reader", ["-q", "-s", spec, one], 1, tmp, {"checking"})
    # trace-cmd's version 7: libtracecmd's sections, then libtraceevent's formats
    fail_sweep("a trace-cmd trace's reader, its first 150", ["-q", os.path.join(
        TOP, "testdata", "balloon-6.1-modern.dat")], 1, tmp, {"checking"}, first=150)
    fail_sweep("xz input", ["-q", "-s", spec, one + ".xz"], 0, tmp, {"full", "checking"})
    jobs = ["-q", "-j", "2", "-s", spec, one, two]
    fail_sweep("-j 2", jobs, 0, tmp, {"full", "starting", "checking"})
    fail_sweep("-j 2", jobs, 1, tmp, {"checking"})


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
        fail_sweeps(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TAP.done()


sys.exit(main())
