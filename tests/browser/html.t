#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""browser/html.t - the HTML report in a real browser (Debian's chromium, headless)

Run by `make check-browser`, not by `make check`: it needs chromium, which .ci/run installs
(scripts/install-deps browser), and each page takes a second or two. For the balloon trace
and the spec of the tests' own (tests/integration/windows_model.py):
  - the DOM chromium builds (--dump-dom) has the elements of the file: the same findings,
    timelines and violation marks, each linked where it was; the page loads nothing
    (chromium runs with every host name unresolvable and logs each request: none but the
    page itself and chromium's own background requests to Google);
  - the screenshot (--screenshot) shows the timeline: pixels of the open windows' green
    (and of the bit bands' blue), and the violation marks' red right under the windows.
The PNG is read here (zlib and the five PNG filters), not by another library. TAP output.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import html5lib

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
from tap import Tap  # noqa: E402
import windows_model  # noqa: E402

CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
BALLOON = os.path.join(TOP, "testdata", "shared", "balloon-6.1-modern.dat")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# the colours of report_html.c's style: a mark, a set bit, an open allow window (60% on
# white), as (r, g, b)
MARK, BIT, ALLOW = (0xcf, 0x22, 0x2e), (0x54, 0xae, 0xff), (0x92, 0xda, 0xa6)
# what chromium fetches of its own accord, whatever the page (its clock, updates, accounts,
# dictionaries): all of it to Google, none of it the page's
BACKGROUND = r"https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com)/"
TAP = Tap()
ok = TAP.ok


def chromium(tmp, url, *args):
    """chromium --headless ARGS URL: (stdout, stderr); no name resolves, no GPU"""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", f"--user-data-dir={os.path.join(tmp, 'profile')}",
           "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=1",
           # chromium's own traffic (updates, sync, dictionaries), not the page's
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-domain-reliability", "--no-pings", "--disable-default-apps",
           "--disable-features=SpellCheck,Translate,OptimizationHints,MediaRouter",
           *args, url]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return res.stdout, res.stderr


def tag(el):
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def summary(doc):
    """what a page holds: findings, timelines, marks and where they link"""
    marks = [a.attrib.get("href") for svg in doc.iter() if tag(svg) == "svg"
             for a in svg.iter() if tag(a) == "a"]
    return {"articles": sorted(el.attrib.get("id", "") for el in doc.iter()
                               if tag(el) == "article"),
            "svgs": sum(tag(el) == "svg" for el in doc.iter()),
            "marks": marks}


def png_pixels(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG"""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, head = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, color, _, _, interlace = head
    if depth != 8 or color not in (2, 6) or interlace:
        raise ValueError(f"PNG depth {depth} colour type {color} interlace {interlace}")
    bpp = 3 if color == 2 else 4
    raw, stride, prev, rows = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
    for y in range(h):
        ft, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 0xff
            elif ft == 2:
                line[i] = (line[i] + b) & 0xff
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) \
                    & 0xff
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(w)])
        prev = line
    return w, h, rows


def near(p, rgb, tol=12):
    return all(abs(p[i] - rgb[i]) <= tol for i in range(3))


def count_near(rows, rgb):
    return sum(near(p, rgb) for row in rows for p in row)


def marks_under_windows(rows):
    """red pixels within 120 px under the last row of open-window green: the violation
    lanes come right after the window lanes, the findings' red words much further down"""
    last = max((y for y, row in enumerate(rows) if sum(near(p, ALLOW) for p in row) >= 3),
               default=None)
    return 0 if last is None else count_near(rows[last + 1:last + 121], MARK)


def check_page(tmp, name, args, colours):
    """a page of ccsl-check ARGS in chromium: its DOM, its requests, its screenshot"""
    html = os.path.join(tmp, name + ".html")
    res = subprocess.run([CHECK, "-q", "--html", html] + args, capture_output=True, text=True)
    with open(html, encoding="utf-8") as f:
        want = summary(html5lib.parse(f.read()))
    url = "file://" + html
    dom, log = chromium(tmp, url, "--dump-dom")
    got = summary(html5lib.parse(dom))
    ok(res.returncode == 1 and got == want and want["marks"] and want["svgs"],
       f"{name}: chromium's DOM holds the file's {len(want['articles'])} findings, "
       f"{want['svgs']} timelines, {len(want['marks'])} marks", (got, want, res.stderr))
    fetched = [u for u in re.findall(r"NotifyBeforeURLRequest: (\S+)", log)
               if u != url and not re.match(BACKGROUND, u)]
    ok(not fetched, f"{name}: nothing fetched", fetched[:5])
    png = os.path.join(tmp, name + ".png")
    chromium(tmp, url, f"--screenshot={png}", "--window-size=1280,1600")
    w, h, rows = png_pixels(png)
    counts = {label: count_near(rows, rgb) for label, rgb in colours.items()}
    counts["marks under the windows"] = marks_under_windows(rows)
    ok((w, h) == (1280, 1600) and all(n >= 20 for n in counts.values()),
       f"{name}: the screenshot shows the timeline ({counts})", counts)


def main():
    if not CHROMIUM:
        print("1..0 # SKIP chromium is not installed (scripts/install-deps browser)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        check_page(tmp, "balloon", [BALLOON], {"bits": BIT, "windows": ALLOW})
        if os.access(TRACEGEN, os.X_OK):
            spec, dat = windows_model.make(tmp, TRACEGEN)
            check_page(tmp, "own", ["-s", spec, dat], {"windows": ALLOW})
    return TAP.done()


if __name__ == "__main__":
    sys.exit(main())
