#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tracefs_text.py - the text the kernel's tracefs files would have shown for a trace.dat

The kernel prints its `trace` and `trace_pipe` files itself (kernel/trace/trace_output.c,
trace.c), not through the events' print formats as trace-cmd report does. This rewrites
`trace-cmd report` output into those layouts, for the tests of the text reader:

- the columns: "%16s-%-7d [%03d] FLAGS %5lu.%06lu: " (trace_print_context; "%-5d" and four
  flag characters before Linux 5.13/5.14), the irq flags taken from `trace-cmd report -l`,
  "(%7d) " after the pid with the record-tgid option, the time rounded to microseconds
  (ns2usecs), the event name not padded;
- the probe locations as the kernel prints them (print_kprobe_event, print_kretprobe_event):
  "(vp_set_status+0x0/0x30 [virtio_pci])" from the trace's own kallsyms (`trace-cmd report
  -f`), a return probe's return address first, the function without offset:
  "(virtio_dev_probe+0x1bf/0x2a0 [virtio] <- vp_modern_get_status)"; or, for kernels
  without symbols, "0x" hex in that order;
- lost events as "CPU:N [LOST K EVENTS]" (print_trace_line);
- the header of `trace` ("# tracer: nop", "# entries-in-buffer/entries-written: N/N   #P:C",
  the column legend), none for `trace_pipe`.

A trace with buffer instances has no tracefs text as one file (each instance has its own):
report text of one buffer only is rewritten.

    tracefs_text.py LAYOUT TRACE.dat       prints the text; LAYOUT is one of LAYOUTS
"""
import bisect
import functools
import re
import subprocess
import sys

# name: (header, flag characters, pid width, tgid column, symbols)
LAYOUTS = {
    "trace": ("new", 5, 7, False, True),      # cat trace, Linux 5.14 and later
    "trace-old": ("old", 4, 5, False, True),  # cat trace, Linux 4.x to 5.12
    "trace-tgid": ("tgid", 5, 7, True, True),  # cat trace with options/record-tgid
    "trace_pipe": (None, 5, 7, False, False),  # cat trace_pipe, hex addresses
}

HEADERS = {
    "new": """# tracer: nop
#
# entries-in-buffer/entries-written: {n}/{n}   #P:{cpus}
#
#                                _-----=> irqs-off/BH-disabled
#                               / _----=> need-resched
#                              | / _---=> hardirq/softirq
#                              || / _--=> preempt-depth
#                              ||| / _-=> migrate-disable
#                              |||| /     delay
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |
""",
    "old": """# tracer: nop
#
# entries-in-buffer/entries-written: {n}/{n}   #P:{cpus}
#
#                              _-----=> irqs-off
#                             / _----=> need-resched
#                            | / _---=> hardirq/softirq
#                            || / _--=> preempt-depth
#                            ||| /     delay
#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION
#              | |       |   ||||       |         |
""",
    "tgid": """# tracer: nop
#
# entries-in-buffer/entries-written: {n}/{n}   #P:{cpus}
#
#                                          _-----=> irqs-off/BH-disabled
#                                         / _----=> need-resched
#                                        | / _---=> hardirq/softirq
#                                        || / _--=> preempt-depth
#                                        ||| / _-=> migrate-disable
#                                        |||| /     delay
#           TASK-PID     TGID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |        |   |||||     |         |
""",
}

RECORD = re.compile(r"^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+"
                    r"(?P<sec>\d+)\.(?P<ns>\d{9}):\s+(?P<event>[^\s:]+):\s*(?P<info>.*)$")
LATENCY = re.compile(r"^.*?-\d+\s+\d+(?P<flags>[^\s]+)\s+\d+\.\d+:")
LOST = re.compile(r"^CPU:(?P<cpu>\d+) \[(?:(?P<n>\d+) )?EVENTS DROPPED\]$")
PROBE = re.compile(r"^\((?P<a>[0-9a-f]+)(?: <- (?P<b>[0-9a-f]+))?\)(?P<rest>.*)$")


@functools.lru_cache(maxsize=64)
def report(trace, *opts):
    """`trace-cmd report OPTS TRACE` as lines (kept: the layouts of a trace share them)"""
    return subprocess.run(["trace-cmd", "report", *opts, trace], capture_output=True,
                          text=True, check=True).stdout.splitlines()


@functools.lru_cache(maxsize=16)
def symbols_of(trace):
    """the trace's kallsyms, read once"""
    return Symbols(trace)


class Symbols:
    """the trace's kallsyms: the symbol of an address, as sprint_symbol() prints it"""

    def __init__(self, trace):
        syms = []
        for line in report(trace, "-f"):
            f = line.split()
            if len(f) >= 2 and re.fullmatch(r"[0-9a-f]+", f[0]):
                syms.append((int(f[0], 16), f[1], f[2].strip("[]") if len(f) > 2 else None))
        syms.sort()
        self.syms = syms
        self.addrs = [s[0] for s in syms]

    def name(self, addr, offset):
        """"name+0xoff/0xsize [module]" (offset) or "name", or None without a symbol"""
        i = bisect.bisect_right(self.addrs, addr) - 1
        if i < 0:
            return None
        start, name, mod = self.syms[i]
        if not offset:
            return name
        j = i + 1
        while j < len(self.syms) and self.syms[j][0] == start:
            j += 1
        size = self.syms[j][0] - start if j < len(self.syms) else 0x1000
        return f"{name}+{addr - start:#x}/{size:#x}" + (f" [{mod}]" if mod else "")


def location(info, symbols):
    """the probe location of a record's info as the kernel prints it"""
    m = PROBE.match(info)
    if not m:
        return info

    def loc(hexa, offset):
        addr = int(hexa, 16)
        sym = symbols.name(addr, offset) if symbols else None
        return sym or f"0x{addr:016x}"

    if m["b"] is None:
        return f"({loc(m['a'], True)}){m['rest']}"
    # trace-cmd: (func <- ret_ip); the kernel: (ret_ip <- func), the function without offset
    return f"({loc(m['b'], True)} <- {loc(m['a'], False)}){m['rest']}"


def rewrite(trace, layout):
    """the tracefs text of LAYOUT for TRACE, or None if the trace has buffer instances"""
    header, nflags, pid_width, tgid, with_symbols = LAYOUTS[layout]
    plain = report(trace, "-t")
    latency = report(trace, "-l", "-t")
    symbols = symbols_of(trace) if with_symbols else None
    cpus = 1
    out = []
    records = 0
    for line, lat in zip(plain, latency):
        if line.startswith("cpus="):
            cpus = int(line[5:])
            continue
        lost = LOST.match(line)
        if lost:
            n = f"{lost['n']} " if lost["n"] else ""
            out.append(f"CPU:{lost['cpu']} [LOST {n}EVENTS]")
            continue
        m = RECORD.match(line)
        if not m:
            continue
        if ":" in m["comm"] and re.match(r"^\S+:\s", line.lstrip()):
            return None  # a buffer instance's record
        flags = LATENCY.match(lat)["flags"][:nflags]
        ns = int(m["sec"]) * 10**9 + int(m["ns"])
        sec, usec = divmod((ns + 500) // 1000, 10**6)
        pid = int(m["pid"])
        cols = f"{m['comm']:>16}-{pid:<{pid_width}} "
        if tgid:
            cols += f"({pid:>7}) "
        cols += f"[{int(m['cpu']):03d}] {flags} {sec:5d}.{usec:06d}: "
        out.append(f"{cols}{m['event']}: {location(m['info'], symbols)}".rstrip())
        records += 1
    text = "\n".join(out) + "\n"
    if header:
        text = HEADERS[header].format(n=records, cpus=cpus) + text
    return text


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in LAYOUTS:
        sys.exit(f"usage: tracefs_text.py {'|'.join(LAYOUTS)} TRACE.dat")
    text = rewrite(sys.argv[2], sys.argv[1])
    if text is None:
        sys.exit(f"{sys.argv[2]}: buffer instances: no single tracefs text")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
