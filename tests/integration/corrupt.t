#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""corrupt.t - hostile trace.dat files never crash ccsl-check and never pass silently

Damaged copies of the real traces (testdata/**/*.dat, v7 zstd as they are and converted to
v6 uncompressed) and of the tracegen fixtures are made at test time: truncations, byte flips
in the headers and in the data pages (fixed seed), the known crashers of libtracecmd 3.1.6
(bad HOOK option, empty CPUSTAT/PROCMAPS, a page commit with MISSING_STORED beyond the page,
a corrupt __data_loc field, a type_len 0 event with a huge length), zero and huge section
sizes, a wrong endianness flag, an unknown compression, and files that are no trace at all.

Each case must end with exit 2 and exactly one line on stderr naming the file, or with a
verdict (exit 0, 1 or 3 and a JSON report whose exit_status agrees); cases whose damage
matters must be rejected (exit 2). A signal, a timeout (30 s; the library runs under a CPU limit of 5 s + 1 s per MB) or a sanitizer report fails.
TAP output, a summary per category at the end.

The "damage" category writes, with tracegen's damage directives, one trace per class of
structural lie on a bring-up that conforms, so that any verdict but "conforms" is the
damage's doing: CPU data claimed by two CPUs and two formats with one event id are
rejected, the line naming the offset; a page flagged "events lost" with a stored count of
0 or none, records whose event id no format describes, a CPU's time going 4 s back, and
report text with time going back (two reports concatenated, or interleaved) give a verdict
that is not "conforms", with the damage counted in the JSON report (and its place for time
going back). Each as v6, v7 zstd and through libtracecmd where the damage survives
conversion.

The crasher, v7-chunks, flip-data and damage cases run twice: with the page reader and with
CCSL_READER=library (libtracecmd reads the records, as for files whose options shift stamps).

Environment: BUILD (default build) for tracegen, CCSL_CHECK (default ./ccsl-check),
CORRUPT_ONLY (run only the cases whose category or name contains it), CORRUPT_JOBS (default 2) parallel runs,
CORRUPT_SPEC to check with a spec file instead of the built-in one.
"""
import concurrent.futures
import glob
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
MAGIC = b"\x17\x08\x44tracing"
TIMEOUT = 30
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                       r"runtime error:|MemorySanitizer|ThreadSanitizer")
SEED = 20240611
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

# Cases that crash inside libtracecmd/libtraceevent on input the header validator cannot
# reasonably reject would be listed here, keyed by case name and reported as TAP TODO. None
# is left: the two found (a v7 chunk header that makes the library loop, a v7 header field
# it uses as a malloc size) end as "corrupt trace" errors in the child process: the CPU
# limit stops the loop, the failed allocation fails the open.
KNOWN_LIBRARY_CRASHES = {}

OPT_CPUSTAT, OPT_UNAME, OPT_HOOK, OPT_PROCMAPS = 2, 5, 6, 10


class V6:
    """The layout of a version 6 trace.dat (little endian, as tracegen and convert write)"""

    def __init__(self, data):
        self.data = data
        assert data[:10] == MAGIC and data[10:12] == b"6\0", "not a v6 file"
        self.long_size = data[13]
        self.page = self.u32(14)
        self.sizes = []         # (name, offset of the size field, width): every sized section
        self.formats = []       # (offset, length) of every event format text
        self.options = []       # (id, offset of the option, size)
        self.regions = [(0, 18)]
        pos = 18
        pos = self.sized(pos + 12, 8, "header_page")
        pos = self.sized(pos + 13, 8, "header_event")
        n = self.u32(pos)
        self.count_ftrace = pos
        pos += 4
        for _ in range(n):
            pos = self.sized(pos, 8, "ftrace format")
        systems = self.u32(pos)
        pos += 4
        for _ in range(systems):
            end = data.index(b"\0", pos)
            self.regions.append((pos, end + 5))
            pos = end + 1
            n = self.u32(pos)
            pos += 4
            for _ in range(n):
                self.formats.append((pos + 8, self.u64(pos)))
                pos = self.sized(pos, 8, "event format")
        pos = self.sized(pos, 4, "kallsyms")
        pos = self.sized(pos, 4, "printk")
        pos = self.sized(pos, 8, "cmdlines")
        self.cpus_at = pos
        self.cpus = self.u32(pos)
        self.regions.append((pos, pos + 4))
        pos += 4
        while True:
            tag = data[pos:pos + 10]
            pos += 10
            if tag == b"options  \0":
                start = pos
                while True:
                    oid = struct.unpack_from("<H", data, pos)[0]
                    if not oid:
                        self.options_end = pos
                        pos += 2
                        break
                    size = self.u32(pos + 2)
                    self.options.append((oid, pos, size))
                    pos += 6 + size
                self.regions.append((start, pos))
                continue
            assert tag == b"flyrecord\0", f"unexpected section {tag!r} at {pos - 10}"
            break
        self.table = pos
        self.cpu_data = [(self.u64(pos + 16 * c), self.u64(pos + 16 * c + 8))
                         for c in range(self.cpus)]
        self.table_end = pos + 16 * self.cpus
        self.regions.append((pos - 10, self.table_end))
        self.pages = [off + i for off, size in self.cpu_data for i in range(0, size, self.page)]
        starts = [off for off, size in self.cpu_data if size]
        self.padding = (min(starts) if starts else len(data)) - self.table_end

    def u32(self, pos):
        return struct.unpack_from("<I", self.data, pos)[0]

    def u64(self, pos):
        return struct.unpack_from("<Q", self.data, pos)[0]

    def sized(self, pos, width, name):
        """a size field and its text; returns the position after them"""
        size = self.u64(pos) if width == 8 else self.u32(pos)
        self.sizes.append((name, pos, width))
        self.regions.append((pos, pos + width + min(size, 4096)))
        return pos + width + size

    def insert_option(self, oid, payload):
        """the file with one more option, taken from the padding before the CPU pages"""
        opt = struct.pack("<HI", oid, len(payload)) + payload
        if len(opt) > self.padding:
            return None
        d = self.data
        at, end = self.options_end, self.table_end
        return d[:at] + opt + d[at:end] + d[end + len(opt):]


def patch(data, pos, new):
    """data with the bytes at pos replaced"""
    return data[:pos] + new + data[pos + len(new):]


def flip(data, rng, lo, hi):
    """1 to 3 bytes in [lo, hi) changed"""
    b = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randrange(lo, hi)
        b[pos] ^= rng.randrange(1, 256)
    return bytes(b)


class Cases:
    """every case: category, name, how to make the file, must it be rejected"""

    def __init__(self):
        self.list = []

    def add(self, cat, name, make, reject=False, expect=None):
        """expect(json trace, exit status): problems with a verdict beyond the general rules"""
        self.list.append((cat, name, make, reject, expect))


def truncations(cases, name, data, n, stride):
    """every 1/n of the file, and every stride bytes of the first 4 KB"""
    cuts = sorted(set([len(data) * i // n for i in range(n)] +
                      list(range(0, min(4096, len(data)), stride))))
    for cut in cuts:
        # A cut in the header or the pages always matters; one at a page boundary past
        # the data may not (nothing there), so only "no crash, no silence" is required.
        cases.add("truncate", f"{name}@{cut}", lambda d=data, c=cut: d[:c], reject=False)


def v6_cases(cases, name, data, rng, nflips, full):
    """damage a v6 file where its layout says"""
    v = V6(data)
    for i in range(nflips):
        lo, hi = rng.choice(v.regions)
        cases.add("flip-header", f"{name}#h{i}",
                  lambda lo=lo, hi=hi, s=rng.random(): flip(data, random.Random(s), lo, hi))
    for i in range(nflips):
        page = rng.choice(v.pages)
        cases.add("flip-data", f"{name}#d{i}",
                  lambda p=page, s=rng.random(): flip(data, random.Random(s), p, p + v.page))
    if not full:
        return
    # zero and huge section sizes
    for sname, pos, width in v.sizes[:4] + v.sizes[-3:]:
        fmt = "<Q" if width == 8 else "<I"
        for val in (0, len(data) - pos + 1, (1 << (8 * width)) - 1, 1 << (8 * width - 1)):
            if val == (v.u64(pos) if width == 8 else v.u32(pos)):
                continue        # not a change (a fixture has no kallsyms)
            cases.add("section-size", f"{name}:{sname.replace(' ', '_')}={val:#x}",
                      lambda p=pos, f=fmt, x=val: patch(data, p, struct.pack(f, x)), reject=True)
    for val in (0, 0xffffffff, 5000):
        cases.add("section-size", f"{name}:cpus={val}",
                  lambda x=val: patch(data, v.cpus_at, struct.pack("<I", x)), reject=True)
    for c, (off, size) in enumerate(v.cpu_data[:2]):
        at = v.table + 16 * c
        for o, s in ((off + 1, size), (off, len(data)), (len(data) + 4096, size),
                     (off, (1 << 64) - 4096), ((1 << 64) - 4096, 4096)):
            cases.add("section-size", f"{name}:cpu{c}={o:#x}+{s:#x}",
                      lambda a=at, o=o, s=s: patch(data, a, struct.pack("<QQ", o, s)),
                      reject=s != 0)    # a CPU without data has no offset to check
    # the header's fixed fields
    for b in (1, 2, 0xff):
        cases.add("endian", f"{name}:endian={b}", lambda b=b: patch(data, 12, bytes([b])),
                  reject=True)
    for b in (0, 2, 4, 16):
        cases.add("endian", f"{name}:long={b}", lambda b=b: patch(data, 13, bytes([b])),
                  reject=True)
    for p in (0, 512, 3000, 1 << 21, 8192):
        cases.add("endian", f"{name}:page={p}",
                  lambda p=p: patch(data, 14, struct.pack("<I", p)), reject=True)
    crasher_cases(cases, name, v)


HOOKS = [b"", b"x", b"a/b", b"a,b/c", b"/", b",/", b"/,", b",", b"a:/:", b"::,/::,",
         b"sys:ev,m/sys:", b"a,b,c,d/e,f,g,h", b"\xff\xfe/,\x01", b"a," * 60 + b"/",
         b"sys:start,field,notanumber/sys:end,field,flags"]
DATA_LOCS = [b"__data_loc char[", b"__data_loc char[;", b"__data_loc ", b"__data_loc",
             b"__data_loc char[] ;", b"__data_loc [", b"__data_loc char[]"]


def crasher_cases(cases, name, v):
    """the known crashers of libtracecmd 3.1.6, built at the right offsets"""
    data = v.data
    for i, hook in enumerate(HOOKS):
        for term in (b"\0", b""):
            new = v.insert_option(OPT_HOOK, hook + term)
            if new is not None:
                # "[sys:]start,match[,pid]/[sys:]end,match[,flags]" is a valid hook: harmless
                shaped = re.fullmatch(rb"([^:,/\s]+:)?[^:,/\s]+,[^:,/\s]+(,[^/\s]*)?/"
                                      rb"([^:,/\s]+:)?[^:,/\s]+,[^:,/\s]+(,[^/\s]*)?", hook)
                cases.add("crasher", f"{name}:hook{i}{'' if term else 'u'}",
                          lambda n=new: n, reject=not (shaped and term))
    for oid, oname in ((OPT_CPUSTAT, "cpustat"), (OPT_PROCMAPS, "procmaps")):
        new = v.insert_option(oid, b"")
        if new is not None:
            cases.add("crasher", f"{name}:{oname}0", lambda n=new: n, reject=True)
        # the same in place of an existing option: id and size 0, the rest an unknown option
        for _, pos, size in v.options:
            if size >= 6:
                cases.add("crasher", f"{name}:{oname}0@{pos}",
                          lambda p=pos, s=size, o=oid: patch(
                              data, p, struct.pack("<HIHI", o, 0, 0x7ff0, s - 6)), reject=True)
                break
    hdr = 8 + v.long_size
    room = v.page - hdr
    for page in v.pages[:1] + v.pages[-1:]:
        at = page + 8
        for commit, bits in ((0x7ffffff, 1 << 30), (0x7ffffff, 3 << 30), (0x7ffffff, 0),
                             (room, 1 << 30), (room - 4, 1 << 30), (room - 7, 1 << 30),
                             (room + 1, 0), (room, 3 << 30)):
            val = commit | bits
            cases.add("crasher", f"{name}:commit{page}={val:#x}",
                      lambda a=at, x=val: patch(data, a, struct.pack("<Q", x)), reject=True)
        # the first event: type_len 0 with a huge length, or lengths that do not fit
        first = page + hdr
        for length in (0xffffffff, 0x7fffffff, 0x10000, room + 8, 0, 1, 3):
            cases.add("crasher", f"{name}:len0@{first}={length:#x}",
                      lambda a=first, x=length: patch(data, a, struct.pack("<II", 0, x)),
                      reject=True)
    done = 0
    for off, size in v.formats:
        text = data[off:off + size]
        at = text.find(b"field:__data_loc char[] ")
        if at < 0:
            continue
        at += 6
        end = text.index(b";", at)
        for i, bad in enumerate(DATA_LOCS):
            new = (bad + b" " * (end - at))[:end - at]
            cases.add("crasher", f"{name}:dataloc{off}.{i}",
                      lambda p=off + at, n=new: patch(data, p, n))
        done += 1
        if done == 2:
            break


def v7_cases(cases, name, data, rng, nflips):
    """damage a v7 file: its compression, its header and its compressed data"""
    pos = data.index(b"\0", 10) + 1 + 6
    algo_end = data.index(b"\0", pos)
    algo = data[pos:algo_end]
    for new in (b"lzma", b"zlib", b"none", b"", b"zstdzstdzstd"):
        cases.add("compression", f"{name}:algo={new.decode() or 'empty'}",
                  lambda n=new: data[:pos] + n + data[algo_end:],
                  reject=new not in (b"zlib", b"none", algo))
    for b in (1, 2):
        cases.add("endian", f"{name}:endian={b}", lambda b=b: patch(data, 12, bytes([b])),
                  reject=True)
    head = min(len(data), 8192)
    for i in range(nflips):
        cases.add("flip-header", f"{name}#h{i}",
                  lambda s=rng.random(): flip(data, random.Random(s), 10, head))
    for i in range(nflips):
        cases.add("flip-data", f"{name}#d{i}",
                  lambda s=rng.random(): flip(data, random.Random(s), head, len(data)))


def chunk_lists(data):
    """offsets of the compressed CPU data sections: page-aligned, a u32 count, then chunk
    headers (u32 compressed size, u32 size) and zstd frames (magic 28 b5 2f fd)"""
    found, at = [], data.find(ZSTD_MAGIC)
    while at >= 0:
        if (at - 12) % 4096 == 0 and struct.unpack_from("<I", data, at - 12)[0] >= 1:
            found.append(at - 12)
        at = data.find(ZSTD_MAGIC, at + 1)
    return found


def v7_chunk_cases(cases, name, data):
    """damage the chunk list of each CPU: the validator or the page reader must refuse"""
    def u32(pos, value):
        return lambda: patch(data, pos, struct.pack("<I", value & 0xffffffff))

    for sec in chunk_lists(data):
        zsize, size = struct.unpack_from("<II", data, sec + 4)
        for what, pos, value in (("count-huge", sec, 0xffffffff),
                                 ("zsize-beyond", sec + 4, len(data)),
                                 ("zsize-short", sec + 4, zsize - 1),
                                 ("size-more", sec + 8, size + 4096),
                                 ("size-less", sec + 8, size - 1),
                                 ("size-zero", sec + 8, 0),
                                 ("size-huge", sec + 8, 0x7fffffff)):
            cases.add("v7-chunks", f"{name}@{sec}:{what}", u32(pos, value), reject=True)
        cases.add("v7-chunks", f"{name}@{sec}:count-zero", u32(sec, 0))


def misc_cases(cases, tmp):
    """files that are no trace at all"""
    cases.add("not-a-trace", "empty", lambda: b"", reject=True)
    cases.add("not-a-trace", "directory", None, reject=True)
    cases.add("not-a-trace", "spec", lambda: open(os.path.join(TOP, "specs", "virtio.ccsl"),
                                                  "rb").read(), reject=True)
    cases.add("not-a-trace", "elf", lambda: open(CHECK, "rb").read()[:65536], reject=True)
    cases.add("not-a-trace", "random", lambda: random.Random(SEED).randbytes(10000),
              reject=True)
    cases.add("not-a-trace", "zeros", lambda: bytes(8192), reject=True)
    cases.add("not-a-trace", "magic-only", lambda: MAGIC, reject=True)
    for v in (b"5", b"8", b"66", b"6" * 40):
        cases.add("not-a-trace", f"version-{v[:8].decode()}",
                  lambda v=v: MAGIC + v + b"\0" + bytes(64), reject=True)


def make_bases(tmp):
    """the files to damage: (name, bytes, version)"""
    bases = []
    for txt in sorted(glob.glob(os.path.join(TOP, "testdata", "fixtures", "*.txt"))):
        out = os.path.join(tmp, os.path.basename(txt)[:-4] + ".dat")
        subprocess.run([TRACEGEN, "-o", out, txt], check=True)
        bases.append(("fix-" + os.path.basename(out), out, 6))
    # one fixture as v7 too
    name, path, _ = bases[0]
    v7 = path[:-4] + "-v7.dat"
    subprocess.run(["trace-cmd", "convert", "-i", path, "-o", v7, "--file-version", "7",
                    "--compression", "zstd"], check=True, capture_output=True)
    bases.append((name[:-4] + "-v7.dat", v7, 7))
    reals = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
    jobs = []
    for path in reals:
        rel = os.path.relpath(path, os.path.join(TOP, "testdata")).replace("/", "-")
        out = os.path.join(tmp, "v6-" + rel)
        jobs.append(subprocess.Popen(["trace-cmd", "convert", "-i", path, "-o", out,
                                      "--file-version", "6", "--compression", "none"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        bases.append(("v7-" + rel, path, 7))
        bases.append(("v6-" + rel, out, 6))
    for j in jobs:
        if j.wait():
            raise RuntimeError("trace-cmd convert failed")
    return [(n, open(p, "rb").read(), ver) for n, p, ver in bases]


def build_cases(tmp):
    """the whole corpus, deterministic"""
    rng = random.Random(SEED)
    cases = Cases()
    misc_cases(cases, tmp)
    known_cases(cases)
    damage_cases(cases, tmp)
    full = 0
    for name, data, ver in make_bases(tmp):
        fixture = name.startswith("fix-")
        # the structural cases on two fixtures and one real file are enough: the same
        # offsets would be damaged in the others
        # the real v6 files are 4 MB of kallsyms: a few cases each, the fixtures get most
        if ver == 6:
            truncations(cases, name, data, 32 if fixture else 8, 64 if fixture else 1024)
            v6_cases(cases, name, data, rng, 30 if fixture else 6,
                     full < 2 or (not fixture and full < 3))
            full += fixture or full >= 2
        else:
            truncations(cases, name, data, 16 if fixture else 8, 128 if fixture else 512)
            v7_cases(cases, name, data, rng, 30 if fixture else 8)
            if fixture or "multi" in name:
                v7_chunk_cases(cases, name, data)
    # the damage to pages and chunks again with libtracecmd reading the records (the
    # path of files whose options shift timestamps): the pages are checked before it
    for cat, name, make, reject, expect in list(cases.list):
        if cat in ("crasher", "v7-chunks", "flip-data", "damage") and "report-" not in name:
            cases.add("library-" + cat, name, make, reject, expect)
    return cases.list


# A modern balloon bring-up on CPU 0 that conforms, interrupts on CPU 1 between its steps.
CLEAN_HEAD = """cpus 2
event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string
event virtio get_status kprobe dev:string
event virtio get_status_ret kretprobe status:u8
event virtio set_features kprobe dev:string features:x64
event virtio get_features_ret kretprobe features:x64
event virtio notify kprobe dev:string vq:string vq_index:u32
event irq irq_handler_entry plain irq:s32 name:string
comm 100 insmod
"""
FEATURES = (1 << 32) | (1 << 1)
CLEAN_OPS = [("W", 0), ("R", 0), ("R", 0), ("W", 1), ("R", 1), ("W", 3), ("GF", FEATURES),
             ("F", FEATURES), ("R", 3), ("W", 0xb), ("R", 0xb), ("R", 0xb), ("W", 0xf),
             ("N", "inflate 0"), ("N", "stats 2")]


def clean_text(damage="", back_from=None, pages=False, before_irq=""):
    """the description of the clean bring-up with damage directives: CPU 0's records from
    step back_from on stamped 4 s earlier; pages: each step on a page of its own"""
    dev = "dev=virtio0"
    rows = [CLEAN_HEAD + damage]
    for k, (op, v) in enumerate(CLEAN_OPS):
        ts = 5.0 + k * 0.001 - (4.0 if back_from is not None and k >= back_from else 0)
        at = f"{ts:.6f} 0 100 virtio:"
        if pages and k:
            rows.append("page 0")
        if op == "W":
            rows.append(f"{at}set_status {dev} status={v} devid=5 parent=0000:00:02.0")
        elif op == "R":
            rows += [f"{at}get_status {dev}", f"{at}get_status_ret status={v}"]
        elif op == "GF":
            rows.append(f"{at}get_features_ret features={v}")
        elif op == "F":
            rows.append(f"{at}set_features {dev} features={v}")
        else:
            rows.append(f"{at}notify {dev} vq={v.split()[0]} vq_index={v.split()[1]}")
        if k == 7 and before_irq:
            rows.append(before_irq)
        rows.append(f"{5.0 + k * 0.001 + 0.0005:.6f} 1 0 irq:irq_handler_entry irq={k} name=eth0")
    return "\n".join(rows) + "\n"


def damage_expect(field, check, what):
    """an expect(): a verdict that is not "conforms", with the damage counted in field"""
    def expect(trace, rc):
        problems = []
        if rc == 0 or trace.get("verdict") == "conforms":
            problems.append(f"{what}: the verdict conforms (exit {rc})")
        if not check(trace.get(field)):
            problems.append(f"{what}: {field} is {trace.get(field)!r}")
        return problems
    return expect


def generate(tmp, name, text, v7=False):
    """the bytes of the trace tracegen writes for a description (converted to v7 zstd)"""
    desc, out = os.path.join(tmp, name + ".txt"), os.path.join(tmp, name + ".dat")
    with open(desc, "w") as f:
        f.write(text)
    subprocess.run([TRACEGEN, "-o", out, desc], check=True)
    if v7:
        subprocess.run(["trace-cmd", "convert", "-i", out, "-o", out + "7", "--file-version",
                        "7", "--compression", "zstd"], check=True, capture_output=True)
        out += "7"
    with open(out, "rb") as f:
        return f.read()


def report_text(tmp, data):
    """what trace-cmd report -t prints of a trace"""
    path = os.path.join(tmp, "report-src.dat")
    with open(path, "wb") as f:
        f.write(data)
    return subprocess.run(["trace-cmd", "report", "-t", path], check=True,
                          capture_output=True).stdout


def damage_cases(cases, tmp):
    """one case per class of structural lie, on the clean bring-up (see the top)"""
    clean = generate(tmp, "clean", clean_text())
    lost_rows = {"lost-zero": "lost 1 0", "lost-unknown": "lost 1 unknown"}
    classes = [
        # name, damage directives, rejected or expect(), v7 too
        ("cpu-data-alias", dict(damage="damage cpu-data 1 at 0\n"), True, False),
        ("cpu-data-overlap", dict(damage="damage cpu-data 1 at 0 1\n", pages=True), True,
         False),
        ("format-id-twice", dict(damage="damage format-id virtio:get_status 1000\n"), True,
         True),
        ("unknown-id", dict(damage="damage format-id irq:irq_handler_entry 1999\n"),
         damage_expect("unknown_events", lambda n: n == len(CLEAN_OPS), "unknown ids"), True),
        ("time-back", dict(damage="damage time-back\n", back_from=9),
         damage_expect("time_backwards_at", lambda a: a and a.startswith("CPU 0, its record "),
                       "time back"), True),
    ] + [(name, dict(before_irq=row), damage_expect("lost_unknown", bool, name), True)
         for name, row in lost_rows.items()]
    for name, kw, reject, v7 in classes:
        text = clean_text(**kw)
        expect = None if reject is True else reject
        for ver in ("v6", "v7") if v7 else ("v6",):
            data = generate(tmp, f"{name}-{ver}", text, ver == "v7")
            cases.add("damage", f"{name}-{ver}", lambda d=data: d, reject is True, expect)
    report = report_text(tmp, clean)
    lines = report.splitlines(keepends=True)
    back = damage_expect("time_backwards_at", lambda a: a and a.startswith("line "),
                         "time back in text")
    cases.add("damage", "report-concatenated", lambda: report + report, False, back)
    cases.add("damage", "report-interleaved",
              lambda: b"".join(a + b for a, b in zip(lines, lines[5:])), False, back)
    # the clean bring-up itself conforms: the damages above are what changes its verdict
    cases.add("damage", "clean", lambda: clean, False,
              lambda trace, rc: [] if rc == 0 else [f"the clean bring-up gives exit {rc}"])


def known_cases(cases):
    """the reproducers kept in tests/corrupt: library bugs the validator cannot rule out"""
    for path in sorted(glob.glob(os.path.join(TOP, "tests", "corrupt", "*.dat"))):
        name = os.path.basename(path)
        cases.add("known-library", name, lambda p=path: open(p, "rb").read(), reject=True)


def run_case(tmp, n, case, spec):
    """make the file, run ccsl-check on it; a list of problems (empty: fine)"""
    cat, name, make, reject, expect = case
    path = os.path.join(tmp, f"case{n}.dat")
    if make is None:
        os.mkdir(path)
    else:
        with open(path, "wb") as f:
            f.write(make())
    cmd = [CHECK, "-f", "json"] + (["-s", spec] if spec else []) + [path]
    env = dict(os.environ)
    if cat.startswith("library-"):
        env["CCSL_READER"] = "library"
    problems = []
    # an expected failure need not hold the run up for the whole timeout
    timeout = 3 if name in KNOWN_LIBRARY_CRASHES else TIMEOUT
    # a session of its own: on a timeout the library's child process is killed too
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env)
    try:
        out, errb = proc.communicate(timeout=timeout)
        res = subprocess.CompletedProcess(cmd, proc.returncode, out, errb)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        return ["hang: no exit within %d s" % timeout], "hang"
    finally:
        if make is None:
            os.rmdir(path)
        else:
            os.unlink(path)
    err = res.stderr.decode(errors="replace")
    rc = res.returncode
    if rc < 0 or rc >= 128:
        problems.append(f"crash: exit {rc}")
    if SANITIZER.search(err):
        problems.append("sanitizer report: " + SANITIZER.search(err).group(0))
    lines = err.splitlines()
    if rc == 2 and len(lines) > 1 and lines[0] == f"ccsl-check: the spec does not fit {path}:":
        # a readable trace whose formats lost an event or field the spec uses
        outcome = "spec-mismatch"
    elif rc == 2:
        outcome = "rejected"
        if len(lines) != 1:
            problems.append(f"exit 2 with {len(lines)} lines on stderr")
        elif path not in lines[0]:
            problems.append("exit 2 but the line does not name the file")
        elif cat.endswith("damage") and " offset " not in lines[0]:
            problems.append("exit 2 but the line does not name the offset")
    elif rc in (0, 1, 3):
        outcome = "verdict"
        try:
            doc = json.loads(res.stdout)
            if doc["exit_status"] != rc:
                problems.append(f"JSON exit_status {doc['exit_status']}, exit {rc}")
            if expect:
                problems += expect(doc["traces"][0], rc)
        except (ValueError, KeyError, TypeError, IndexError) as e:
            problems.append(f"exit {rc} without a JSON report ({e})")
        if reject:
            problems.append(f"damage that matters passed silently (exit {rc})")
    else:
        outcome = "other"
        problems.append(f"exit {rc}")
    if problems:
        problems += ["stderr: " + line[:200] for line in lines[:3]]
    if "trace library crashed" in err:
        # the isolation turned a crash of the library into an error: worth knowing
        outcome = "library-crash-contained"
        if not problems:
            problems.append("note: " + lines[0][:300])
    return problems, outcome


def main():
    if not os.access(TRACEGEN, os.X_OK):
        print(f"1..0 # SKIP {TRACEGEN} not built")
        return 0
    spec = os.environ.get("CORRUPT_SPEC")
    tmp = tempfile.mkdtemp(prefix="corrupt.")
    try:
        cases = build_cases(tmp)
        only = os.environ.get("CORRUPT_ONLY")
        if only:
            cases = [c for c in cases if only in c[0] + " " + c[1]]
        print(f"1..{len(cases)}")
        jobs = int(os.environ.get("CORRUPT_JOBS", "2"))
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(lambda a: run_case(tmp, a[0], a[1], spec),
                                    enumerate(cases, 1)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = {}
    failed = 0
    for n, (case, (problems, outcome)) in enumerate(zip(cases, results), 1):
        cat, name = case[0], case[1]
        s = summary.setdefault(cat, {"cases": 0, "failed": 0})
        s["cases"] += 1
        s[outcome] = s.get(outcome, 0) + 1
        todo = KNOWN_LIBRARY_CRASHES.get(name)
        directive = f" # TODO crash inside libtracecmd: isolation planned ({todo})" if todo else ""
        if outcome == "library-crash-contained" and len(problems) == 1:
            print(f"ok {n} - {cat} {name} (library crash contained){directive}")
            print(f"#   {problems[0]}")
        elif problems:
            print(f"not ok {n} - {cat} {name}{directive}")
            for p in problems:
                print(f"#   {p}")
            if not todo:
                failed += 1
                s["failed"] += 1
        else:
            print(f"ok {n} - {cat} {name}{directive}")
    for cat, s in sorted(summary.items()):
        rest = ", ".join(f"{k} {v}" for k, v in sorted(s.items()) if k not in ("cases",))
        print(f"# {cat}: {s['cases']} cases: {rest}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
