#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""html.t - the HTML report (--html): valid, self-contained, and showing what the JSON says

Uses Debian's python3-html5lib (hence /usr/bin/python3): every report is parsed with the
HTML5 parsing algorithm in strict mode, so any parse error fails the test. For the balloon
trace, every trace of testdata/ at once (and an unreadable file), a spec of the tests' own
(windows_model.py) and a rule a register left undecided, each checked with -f json in the
same run:
  - self-contained: no script, style sheet, image, frame, object or font to load, no
    address to fetch (no src, no "://", no url( in the style), every link an anchor of the
    page, ids unique;
  - per trace and instance a section with the JSON's verdict, an SVG timeline when it has
    records, each listed violation an article with its rule, why, and its records before
    and after (as many as the JSON's), per values ("vq_index 1") and the device subject;
  - every violation mark of a timeline links to the finding of its rule (and value);
  - the rules table: every rule with its reference; markup in a rule's message is text;
  - own spec: the open bands of each window lane (a lane per queue) span exactly the
    records after which the model says the window is open; a mark per violating record;
  - undecided rules: "not checked" with the rule. TAP output.
The same report in a real browser: tests/browser/html.t (make check-browser).
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import html5lib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402
import windows_model  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TRACEGEN = os.path.join(TOP, os.environ.get("BUILD", "build"), "tracegen")
BALLOON = os.path.join(TOP, "testdata", "shared", "balloon-6.1-modern.dat")
LOADS = {"script", "link", "img", "iframe", "frame", "object", "embed", "video", "audio",
         "source", "image", "use", "foreignObject", "base"}
TAP = Tap()
ok = TAP.ok


def tag(el):
    """an element's name without its namespace (SVG elements have one)"""
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def text(el):
    return "".join(el.itertext())


def report(tmp, args):
    """ccsl-check --html -f json ARGS: (exit status, HTML text, JSON)"""
    html, js = os.path.join(tmp, "r.html"), os.path.join(tmp, "r.json")
    for old in (html, js):
        if os.path.exists(old):
            os.unlink(old)
    res = subprocess.run([CHECK, "--html", html, "-f", "json", "-o", js] + args,
                         capture_output=True, text=True, timeout=300)
    with open(html, encoding="utf-8") as f, open(js) as g:
        return res.returncode, f.read(), json.load(g)


def parse(html):
    """the document parsed strictly, or None and the first parse error"""
    parser = html5lib.HTMLParser(strict=True)
    try:
        return parser.parse(html), None
    except html5lib.html5parser.ParseError as e:
        (line, col), _, _ = parser.errors[-1] if parser.errors else ((0, 0), 0, 0)
        return None, f"line {line} column {col}: {e}"


def self_contained(doc, html):
    """problems that would make the page load or run anything"""
    err = []
    ids = {}
    for el in doc.iter():
        if tag(el) in LOADS:
            err.append(f"<{tag(el)}> element")
        for k, v in el.attrib.items():
            name = k.rsplit("}", 1)[-1]
            if name == "src" or "://" in v or name.startswith("on"):
                err.append(f"<{tag(el)} {name}={v!r}>")
            if name == "id":
                ids[v] = ids.get(v, 0) + 1
    for el in doc.iter():
        for k, v in el.attrib.items():
            if k.rsplit("}", 1)[-1] == "href" and not (v.startswith("#") and v[1:] in ids):
                err.append(f"a link to {v!r}, not an anchor of the page")
    err += [f"id {i} {n} times" for i, n in ids.items() if n > 1]
    style = "".join(text(s) for s in doc.iter() if tag(s) == "style")
    if "url(" in style or "@import" in style:
        err.append("the style loads something")
    if "<script" in html.lower():
        err.append("<script in the text")
    return err


def by_id(doc):
    return {el.attrib["id"]: el for el in doc.iter() if "id" in el.attrib}


def rows(table):
    """the rows of a records table by tbody class: {"context": [...], "": [...]}"""
    out = {}
    for body in table.iter():
        if tag(body) == "tbody":
            out.setdefault(body.attrib.get("class", ""), []).extend(
                [text(tr) for tr in body if tag(tr) == "tr"])
    return out


def mark_rule(mark):
    """a violation mark's rule (and value), step and time (its column's first), from its
    tooltip"""
    title = next(text(t) for t in mark.iter() if tag(t) == "title")
    m = re.match(r"(.+) violated at step (\d+), (?:at|from) ([\d.]+)(?: to [\d.]+)?: see why$",
                 title)
    if not m:
        raise ValueError(f"a mark's tooltip {title!r}")
    return m.group(1), int(m.group(2)), m.group(3)


def explains(article, rule):
    """whether a finding is about a mark's rule ("Q vq_index 1": Q, for queue 1)"""
    name, *sub = rule.split(" ", 1)
    head = text(next(el for el in article.iter() if tag(el) == "h5"))
    return f" {name} " in f" {head} " and (not sub or f"({sub[0]})" in head)


def check_instance(err, ids, ti, di, inst):
    """the section of an instance against its JSON"""
    where = f"t{ti + 1}-d{di + 1} {inst['instance']}"
    sec = ids.get(f"t{ti + 1}-d{di + 1}")
    if sec is None:
        err.append(f"{where}: no section")
        return
    h3 = next(el for el in sec.iter() if tag(el) == "h3")
    if inst["verdict"].upper() not in text(h3) or inst["instance"] not in text(h3):
        err.append(f"{where}: heading {text(h3)!r}")
    svgs = [el for el in sec.iter() if tag(el) == "svg"]
    if (inst["records"] > 0) != bool(svgs):
        err.append(f"{where}: {len(svgs)} timelines for {inst['records']} records")
    for k, v in enumerate(inst["violations"]):
        art = ids.get(f"t{ti + 1}-d{di + 1}-v{k + 1}")
        if art is None:
            err.append(f"{where}: violation {k + 1} has no article")
            continue
        head = text(next(el for el in art.iter() if tag(el) == "h5"))
        sub = f" ({v['per']} {v['per_value']})" if v["per_value"] is not None else ""
        kind = ("device " if v["subject"] == "device" else "") + v["severity"]
        if not head.startswith(f"{kind} {v['constraint']}{sub}"):
            err.append(f"{where}: violation {k + 1} headed {head!r}, want {kind} "
                       f"{v['constraint']}{sub}")
        if v["nth"] == 1 and v["why"] not in text(art):
            err.append(f"{where}: violation {k + 1} does not say why ({v['why']!r})")
        tables = [el for el in art.iter() if tag(el) == "table"]
        if v["at_end"]:
            continue
        got = rows(tables[0]) if tables else {}
        want_ctx = len(v["before"]) + len(v["after"]) if v["nth"] == 1 else 0
        culprit = got.get("", [""])[0]
        if len(got.get("context", [])) != want_ctx or v["event"] not in culprit:
            err.append(f"{where}: violation {k + 1}: {len(got.get('context', []))} records "
                       f"around {culprit!r}, want {want_ctx} around {v['event']}")
    for a in (el for s in svgs for el in s.iter() if tag(el) == "a"):
        target = ids.get(a.attrib.get("href", "#")[1:])
        rule, _, _ = mark_rule(a)
        if target is None or tag(target) != "article" or not explains(target, rule):
            err.append(f"{where}: the mark of {rule} links to "
                       f"{text(target)[:60] if target is not None else None!r}")


def check_report(doc_html, js):
    """the document, its ids and the problems of an HTML report against the JSON of the
    same run (no document: not valid HTML)"""
    doc, error = parse(doc_html)
    if doc is None:
        return None, {}, [f"not valid HTML: {error}"]
    err = self_contained(doc, doc_html)
    ids = by_id(doc)
    for ti, tr in enumerate(js["traces"]):
        sec = ids.get(f"t{ti + 1}")
        if sec is None or tr["verdict"].upper() not in text(next(
                el for el in sec.iter() if tag(el) == "h2")):
            err.append(f"trace {ti + 1}: no section with its verdict {tr['verdict']}")
            continue
        for di, inst in enumerate(tr.get("instances", [])):
            check_instance(err, ids, ti, di, inst)
    rules = ids.get("rules")
    seen = {}
    for tr in js["traces"]:
        for inst in tr.get("instances", []):
            for v in inst["violations"]:
                seen[v["constraint"]] = v["reference"]
    rtext = text(rules) if rules is not None else ""
    for name, ref in seen.items():
        if name not in rtext or (ref and ref not in rtext):
            err.append(f"the rules table lacks {name} or its reference {ref!r}")
    return doc, ids, err


def case_traces(tmp):
    st, html, js = report(tmp, [BALLOON])
    _, _, err = check_report(html, js)
    ok(st == 1 and not err, "balloon trace: valid, self-contained, the JSON's findings", err)
    traces = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
    st, html, js = report(tmp, traces + ["/dev/null"])
    _, _, err = check_report(html, js)
    ok(st == 2 and not err, f"{len(traces)} traces and an unreadable file in one report", err)


def open_bands(svg, lane):
    """the (first, last) times of the open bands of a window lane, from their tooltips"""
    out = []
    for el in svg.iter():
        if tag(el) != "rect" or "open" not in el.attrib.get("class", ""):
            continue
        title = text(el)
        m = re.match(re.escape(lane) + r": window open \(.*\) (?:at ([\d.]+)|from ([\d.]+) "
                     r"to ([\d.]+))$", title)
        if m:
            out.append((m.group(1) or m.group(2), m.group(1) or m.group(3)))
    return out


def seconds(ns):
    return f"{ns // 1000000000}.{ns % 1000000000 // 1000:06d}"


def case_own(tmp):
    spec, dat = windows_model.make(tmp, TRACEGEN)
    st, html, js = report(tmp, ["-s", spec, dat])
    doc, ids, err = check_report(html, js)
    ok(st == 1 and not err, "own spec: valid, self-contained, the JSON's findings", err)
    if doc is None:
        return
    steps = windows_model.model()
    svg = next(el for el in doc.iter() if tag(el) == "svg")
    bad = []
    for name in steps[-1][1]:
        lane = name.replace("_vq_index_", " vq_index ")
        got = set()
        for a, b in open_bands(svg, lane):
            got |= {ts for ts, *_ in steps if a <= seconds(ts) <= b}
        want = {ts for ts, win, *_ in steps if win.get(name)}
        if got != want:
            bad.append(f"{lane}: open after {sorted(got)}, want {sorted(want)}")
    marks = sorted((r, t) for r, _, t in (mark_rule(a) for a in svg.iter() if tag(a) == "a"))
    want = sorted((rule + (" " + q.replace("Q_vq_index_", "vq_index ") if rule == "Q" else ""),
                   seconds(ts)) for ts, _, viol, q, _ in steps for rule in viol)
    if marks != want:
        bad.append(f"marks {marks}, want {want}")
    ok(not bad, "own spec: each window lane (one per queue) open where the model says, a "
       "mark per violation", bad)
    q = [el for el in doc.iter() if tag(el) == "article" and
         text(el).strip().startswith("device error Q (vq_index")]
    msg = 'a <queue> & its "kick" before <script>enable</script>'
    ok(len(q) == 3 and msg in text(q[0]) and "(vq_index 1)" in text(q[2]) and
       msg in text(ids["rules"]) and "own 2" in text(ids["rules"]),
       "the device subject, the queue, the message with markup as text, the reference",
       [text(a)[:120] for a in q])


def case_undecided(tmp):
    spec = os.path.join(tmp, "undecided.ccsl")
    with open(spec, "w") as f:
        f.write('spec user "undecided"\ninstance per dev\n'
                "register offered read virtio:get_features_ret.features\n"
                "clock extra = virtio:set_features[(features & ~@offered) != 0]\n"
                "rule SUBSET: forbid extra\n")
    desc, dat = os.path.join(tmp, "u.txt"), os.path.join(tmp, "u.dat")
    with open(desc, "w") as f:
        f.write("cpus 1\nevent virtio get_features_ret kretprobe features:x64\n"
                "event virtio set_features kprobe dev:string features:x64\n"
                "1000ns 0 1 virtio:set_features dev=virtio0 features=1\n")
    subprocess.run([TRACEGEN, "-o", dat, desc], check=True, capture_output=True)
    st, html, js = report(tmp, ["-s", spec, dat])
    doc, ids, err = check_report(html, js)
    und = [text(el).strip() for el in doc.iter() if tag(el) == "article" and
           "undecided" in el.attrib.get("class", "")] if doc is not None else []
    ok(st == 3 and not err and len(und) == 1 and und[0].startswith("not checked SUBSET") and
       "1 step read a register before it had a value" in und[0],
       "a rule a register left undecided: not checked, said why", (err, und))


def main():
    if not os.access(TRACEGEN, os.X_OK):
        print(f"1..0 # SKIP no {TRACEGEN}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        case_traces(tmp)
        case_own(tmp)
        case_undecided(tmp)
    return TAP.done()


if __name__ == "__main__":
    sys.exit(main())
