#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""outputs.t - reports never destroy anything, and every report form agrees with the exit status

Outputs (-o, --json, --junit, --vcd, --html): a character device, a FIFO and a symbolic link stay what
they are (the device and the FIFO's reader get the report, the link's target is written);
/dev/stdout (a link to /proc/self/fd/1), /dev/fd/N and /proc/self/fd/N write to that
descriptor; an output that is an input (a trace,
a hard link to it, the spec, standard output appended to the trace) or another output is
refused before anything is read, the input unchanged; a new file gets the umask's mode, an
existing one keeps its mode and owner; write errors (/dev/full) are one line and exit 2, also
for --help, --version, --check-spec and --list-clocks.
Verdicts: "error" in JSON, JUnit and the text summary whenever the exit status is 2 (a missing
trace, a spec that does not fit one trace among others, with and without -j).
Command line: one-line usage errors; --check-spec and --list-clocks take a positional spec;
-q prints one line per instance and the totals; NO_COLOR and TERM=dumb on a terminal;
control characters in names are escaped; -j workers die with a killed parent.
Environment: CCSL_CHECK (default ./ccsl-check), BUILD (default build) for tracegen. TAP.
"""
import json
import os
import pty
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
GOOD = os.path.join(TOP, "testdata", "balloon-6.1-modern.dat")
ENV = dict(os.environ, NO_COLOR="1")

TAP = Tap()
ok = TAP.ok


def run(args, cwd=None, **kw):
    """ccsl-check ARGS: (exit status, stdout, stderr) as text"""
    kw.setdefault("capture_output", True)
    p = subprocess.run([CHECK] + args, cwd=cwd, env=kw.pop("env", ENV), text=True,
                       timeout=kw.pop("timeout", 120), **kw)
    return p.returncode, p.stdout, p.stderr


def digest(path):
    with open(path, "rb") as f:
        return f.read()


def one_line(err, *words):
    """stderr is exactly one line holding every word"""
    lines = err.splitlines()
    return len(lines) == 1 and all(w in lines[0] for w in words)


def case_devices(tmp):
    # A character device made here (as root): the null device, not the machine's /dev/null.
    if os.geteuid() == 0:
        nul = os.path.join(tmp, "nul")
        os.mknod(nul, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        for opt in ("-o", "--json", "--junit", "--vcd", "--html"):
            st, _, err = run(["-q", opt, nul, GOOD])
            ok(st == 1 and stat.S_ISCHR(os.stat(nul).st_mode) and not err,
               f"{opt} to a character device: written in place, still a device", err)
    else:
        ok(True, "character device # SKIP mknod needs root")

    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    got = {}

    def reader():
        with open(fifo) as f:
            got["text"] = f.read()
    t = threading.Thread(target=reader)
    t.start()
    st, _, err = run(["-f", "json", "-o", fifo, GOOD])
    t.join(30)
    ok(st == 1 and stat.S_ISFIFO(os.stat(fifo).st_mode) and
       json.loads(got.get("text", "{}")).get("verdict") == "violated",
       "-o FIFO: the reader gets the report, the FIFO stays", err)

    target, link = os.path.join(tmp, "target.json"), os.path.join(tmp, "link.json")
    with open(target, "w") as f:
        f.write("old")
    os.symlink("target.json", link)
    st, _, err = run(["--json", link, "-q", GOOD])
    ok(st == 1 and os.path.islink(link) and os.readlink(link) == "target.json" and
       json.loads(digest(target))["verdict"] == "violated",
       "--json through a symbolic link: the target is written, the link stays", err)

    dangling = os.path.join(tmp, "dangling.xml")
    os.symlink("made-by-link.xml", dangling)
    st, _, err = run(["--junit", dangling, "-q", GOOD])
    ok(st == 1 and os.path.islink(dangling) and
       ET.parse(os.path.join(tmp, "made-by-link.xml")).getroot().tag == "testsuites",
       "--junit through a dangling link: its target is created", err)

    # /dev/stdout itself is a link to /proc/self/fd/1: a link of our own tests the same
    # thing without risking the machine's /dev/stdout should the check ever regress.
    link = os.path.join(tmp, "stdout")
    os.symlink("/proc/self/fd/1", link)
    for name in (link, "/dev/fd/1"):
        out = os.path.join(tmp, "stdout.txt")
        with open(out, "w") as f:
            st, _, err = run(["-q", "-o", name, GOOD], stdout=f, stderr=subprocess.PIPE,
                             capture_output=False)
        ok(st == 1 and os.path.islink(link) and "VIOLATED" in digest(out).decode(),
           f"-o {os.path.basename(name)} (/proc/self/fd/1): written to standard output, "
           "a regular file here", err)

    r, w = os.pipe()
    p = subprocess.Popen([CHECK, "-q", "--json", f"/proc/self/fd/{w}", GOOD], pass_fds=(w,),
                         env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(w)
    with os.fdopen(r) as f:
        text = f.read()
    p.wait(60)
    ok(p.returncode == 1 and json.loads(text or "{}").get("verdict") == "violated",
       "--json /proc/self/fd/N: written to that descriptor (a pipe)")


def case_inputs(tmp):
    trace = os.path.join(tmp, "T.dat")
    shutil.copy(GOOD, trace)
    before = digest(trace)
    for opt in ("-o", "--json", "--junit", "--vcd", "--html"):
        st, out, err = run([opt, trace, trace])
        ok(st == 2 and digest(trace) == before and not out and
           one_line(err, opt, "is the input", "T.dat"),
           f"{opt} TRACE TRACE: refused, the trace unchanged", err)
    hard = os.path.join(tmp, "hard.dat")
    os.link(trace, hard)
    st, _, err = run(["-o", hard, trace])
    ok(st == 2 and digest(trace) == before and one_line(err, "is the input"),
       "-o a hard link of the trace: refused", err)
    spec = os.path.join(tmp, "s.ccsl")
    shutil.copy(os.path.join(TOP, "specs", "virtio.ccsl"), spec)
    st, _, err = run(["-s", spec, "--json", spec, trace])
    ok(st == 2 and digest(spec) == digest(os.path.join(TOP, "specs", "virtio.ccsl")) and
       one_line(err, "is the input"), "--json the spec file: refused", err)
    with open(trace, "a") as f:
        st, _, err = run([trace], stdout=f, stderr=subprocess.PIPE, capture_output=False)
    ok(st == 2 and digest(trace) == before and one_line(err, "standard output", "is the input"),
       "standard output appended to the trace: refused", err)
    x = os.path.join(tmp, "x")
    st, out, err = run(["-o", x, "--junit", x, trace])
    ok(st == 2 and not os.path.exists(x) and one_line(err, "-o", "--junit", "same file"),
       "-o X --junit X: refused, nothing written", err)
    st, out, err = run(["--vcd", x, "--html", x, trace])
    ok(st == 2 and not os.path.exists(x) and one_line(err, "--vcd", "--html", "same file"),
       "--vcd X --html X: refused, nothing written", err)
    st, out, err = run(["--json", "-", trace])
    ok(st == 2 and not out and one_line(err, "same file"),
       "--json - with the text report on standard output: refused", err)
    listing = [n for n in os.listdir(tmp) if n.startswith(".")]
    ok(not listing, "no temporary file left behind", listing)


def case_modes(tmp):
    def with_umask(mask, args):
        old = os.umask(mask)
        try:
            return run(args)
        finally:
            os.umask(old)
    for mask, want in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        path = os.path.join(tmp, f"new-{mask:03o}.txt")
        st, _, err = with_umask(mask, ["-o", path, GOOD])
        got = stat.S_IMODE(os.stat(path).st_mode)
        ok(st == 1 and got == want, f"a new report under umask {mask:03o}: mode {want:03o}",
           f"mode {got:03o} {err}")
    path = os.path.join(tmp, "kept.txt")
    with open(path, "w") as f:
        f.write("old")
    os.chmod(path, 0o640)
    st, _, err = with_umask(0o077, ["-o", path, GOOD])
    got = stat.S_IMODE(os.stat(path).st_mode)
    ok(st == 1 and got == 0o640 and "VIOLATED" in digest(path).decode(),
       "an existing report keeps its mode 640", f"mode {got:03o} {err}")
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
        st, _, err = run(["-o", path, GOOD])
        s = os.stat(path)
        ok(st == 1 and (s.st_uid, s.st_gid) == (65534, 65534),
           "root replacing a user's report keeps its owner", f"{s.st_uid}:{s.st_gid} {err}")
    else:
        ok(True, "owner kept # SKIP needs root")


def case_write_errors():
    if not os.path.exists("/dev/full"):
        ok(True, "write errors # SKIP no /dev/full")
        return
    for args, what in (([GOOD], "a report"), (["--help"], "--help"), (["--version"], "--version"),
                       (["--check-spec"], "--check-spec"), (["--list-clocks"], "--list-clocks")):
        with open("/dev/full", "w") as full:
            st, _, err = run(args, stdout=full, stderr=subprocess.PIPE, capture_output=False)
        ok(st == 2 and one_line(err, "standard output", "write error"),
           f"{what} to a full standard output: one line, exit 2", err)
    for opt in ("--json", "--html"):
        st, _, err = run(["-q", opt, "/dev/full", GOOD])
        ok(st == 2 and one_line(err, "/dev/full", "write error"),
           f"{opt} /dev/full: one line naming it, exit 2", err)


def tracegen(tmp, name, text):
    desc, dat = os.path.join(tmp, name + ".txt"), os.path.join(tmp, name + ".dat")
    with open(desc, "w") as f:
        f.write(text)
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    return dat


def case_verdicts(tmp):
    st, out, err = run(["-f", "json", "/nonexistent.dat"])
    doc = json.loads(out)
    ok(st == 2 and doc["verdict"] == "error" and doc["exit_status"] == 2,
       "a missing trace: JSON verdict error, exit 2", out)
    st, out, err = run(["/nonexistent.dat"])
    ok(st == 2 and out.rstrip().endswith(": ERROR"), "a missing trace: the text summary says ERROR",
       out)
    if not os.access(TRACEGEN, os.X_OK):
        ok(True, f"misfit # SKIP no {TRACEGEN}")
        return
    # status is a string here: the built-in spec compares it with numbers.
    bad = tracegen(tmp, "misfit", "event virtio set_status kprobe dev:string status:string "
                   "devid:u32 parent:string\n1.0 0 10 virtio:set_status dev=virtio0 status=zero "
                   "devid=5 parent=p\n")
    for jobs in ("1", "2"):
        rj, rx = os.path.join(tmp, f"r{jobs}.json"), os.path.join(tmp, f"r{jobs}.xml")
        st, out, err = run(["-j", jobs, "-f", "json", "-o", rj, "--junit", rx, bad, GOOD])
        doc = json.loads(digest(rj))
        suites = ET.parse(rx).getroot().findall("testsuite")
        traces = {os.path.basename(t["file"]): t for t in doc["traces"]}
        ok(st == 2 and doc["verdict"] == "error" and
           traces["misfit.dat"]["verdict"] == "error" and
           "does not fit" in traces["misfit.dat"]["error"] and
           traces["balloon-6.1-modern.dat"]["verdict"] == "violated" and
           len(suites) == 2 and suites[0].get("errors") == "1" and
           "cannot compare a string with a number" in err,
           f"-j {jobs}: a trace the spec does not fit is an error of its own, the other checked",
           err)


def case_command_line(tmp):
    st, out, err = run(["--frob", GOOD])
    ok(st == 2 and not out and one_line(err, "--frob", "--help"),
       "an unknown option: one line, exit 2", err)
    st, out, err = run(["-o"])
    ok(st == 2 and not out and one_line(err, "-o", "argument"),
       "a missing argument: one line, exit 2", err)
    bad = os.path.join(tmp, "bad.ccsl")
    with open(bad, "w") as f:
        f.write("clock x = \n")
    st, out, err = run(["--check-spec", bad])
    ok(st == 2 and "bad.ccsl:1:" in err, "--check-spec SPEC checks that spec", err + out)
    good = os.path.join(TOP, "specs", "examples", "balloon.ccsl")
    st, out, err = run(["--check-spec", good])
    ok(st == 0 and out.startswith(good + ":"), "--check-spec SPEC names it", out)
    st, out, err = run(["--list-clocks", bad])
    ok(st == 2 and "bad.ccsl:1:" in err, "--list-clocks SPEC lists that spec's clocks", err)
    for args in (["--check-spec", good, good], ["--check-spec", "-s", good, good],
                 ["--check-spec", "--junit", os.path.join(tmp, "j.xml")]):
        st, out, err = run(args)
        ok(st == 2 and not out and len(err.splitlines()) == 1, f"{' '.join(args[1:2])} "
           f"with {len(args) - 1} arguments: a usage error", err)
    st, out, err = run(["-q", os.path.join(TOP, "testdata", "multi-6.1.dat"), "/nonexistent"])
    lines = out.splitlines()
    ok(len(lines) == 7 and all(": virtio" in l for l in lines[:5]) and
       "/nonexistent: ERROR" in lines[5] and "traces checked" in lines[6],
       "-q: one line per instance, one per unreadable trace, the totals", out)


def on_terminal(env):
    """ccsl-check --color=auto on a pseudo-terminal: whether the output has colour"""
    master, slave = pty.openpty()
    p = subprocess.Popen([CHECK, "-q", GOOD], stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    p.wait(60)
    os.close(master)
    return b"\033[" in data


def case_color():
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    ok(on_terminal(dict(base, TERM="xterm")), "a terminal: colour")
    ok(on_terminal(dict(base, TERM="xterm", NO_COLOR="")), "NO_COLOR empty: still colour")
    ok(not on_terminal(dict(base, TERM="xterm", NO_COLOR="1")), "NO_COLOR=1: no colour")
    ok(not on_terminal(dict(base, TERM="dumb")), "TERM=dumb: no colour")


def case_escapes(tmp):
    name = os.path.join(tmp, "evil\n\033[31mname.dat")
    shutil.copy(GOOD, name)
    st, out, err = run([name])
    ok(st == 1 and "\033" not in out and "evil\\x0a\\x1b[31mname.dat: VIOLATED" in out,
       "a file name with a newline and ESC: escaped in the text report", out[:200])
    st, out, err = run(["/nonexistent\033]0;x\a"])
    ok(st == 2 and "\033" not in err and "\a" not in err and "\\x1b]0;x\\x07" in err,
       "and on standard error", err)


def children(pid):
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(d))
    return kids


def case_orphans(tmp):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        fifos = []
        for i in range(2):
            fifos.append(os.path.join(tmp, f"hang{sig}-{i}.dat"))
            os.mkfifo(fifos[-1])
        # both workers block opening a FIFO (as on a long trace): the parent is then killed
        p = subprocess.Popen([CHECK, "-j", "2"] + fifos, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        kids = children(p.pid)
        while len(kids) < 2 and time.time() < deadline:
            time.sleep(0.05)
            kids = children(p.pid)
        p.send_signal(sig)
        p.wait(30)
        deadline = time.time() + 10
        alive = kids
        while alive and time.time() < deadline:
            time.sleep(0.05)
            alive = [k for k in kids if os.path.exists(f"/proc/{k}") and
                     open(f"/proc/{k}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
        for k in alive:
            os.kill(k, signal.SIGKILL)
        ok(len(kids) == 2 and not alive,
           f"-j 2, parent killed by {signal.Signals(sig).name}: the workers die with it",
           f"workers {kids}, alive {alive}")


def main():
    if not os.access(CHECK, os.X_OK):
        print(f"Bail out! {CHECK} not found")
        return 1
    tmp = tempfile.mkdtemp()
    try:
        for case in (case_devices, case_inputs, case_modes, case_verdicts, case_command_line,
                     case_escapes, case_orphans):
            sub = os.path.join(tmp, case.__name__)
            os.mkdir(sub)
            case(sub)
        case_write_errors()
        case_color()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TAP.done()


if __name__ == "__main__":
    sys.exit(main())
