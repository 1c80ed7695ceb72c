# SPDX-License-Identifier: GPL-2.0-or-later
"""findings.py - comparing the findings of two carriers of one trace (imported by replay.t and
tracefs.t, not run by prove)

A JSON report of ccsl-check on a trace.dat, and one on a form of it that cannot carry
everything (report text, tracefs text, a compressed or piped copy): what the form cannot carry
is taken out of both (see replay.t for the list), and the rest must be identical.
"""
import json
import os
import re
import subprocess

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.environ.get("CCSL_CHECK", os.path.join(TOP, "ccsl-check"))
TS_KEYS = {"ts", "first_ts", "last_ts"}
# what a filter notes of its copy: not a finding
FILTER_NOTE = re.compile(r"^ccsl-check: .*: (not a regular file: .* spooled to|"
                         r"\w+ data, \d+ bytes once decompressed)")


class Form:
    """What a form cannot carry: microsecond timestamps, task names cut to 8 characters."""

    def __init__(self, micro=True, comm8=False):
        self.micro, self.comm8 = micro, comm8


def normalise(node, form):
    """The parts of a report that the form carries, in a comparable form."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("file", "kernel") or (key == "unchecked" and isinstance(value, list)):
                continue
            if key in TS_KEYS and isinstance(value, int) and form and form.micro:
                value = (value + 500) // 1000
            elif key == "event" and isinstance(value, str):
                value = value.split(":", 1)[-1]
            elif key == "comm" and isinstance(value, str) and form and form.comm8:
                value = value[:8]
            elif key == "messages" and isinstance(value, str):
                value = "".join(l for l in value.splitlines(True)
                                if not FILTER_NOTE.match(l)) or None
            out[key] = normalise(value, form)
        return out
    if isinstance(node, list):
        return [normalise(v, form) for v in node]
    return node


def check(args, stdin=None):
    """ccsl-check -f json ARGS: (exit status, parsed report or None, stderr)."""
    if stdin is not None:
        with open(stdin, "rb") as f:
            res = subprocess.run([CHECK, "-f", "json"] + args, stdin=f, capture_output=True)
    else:
        res = subprocess.run([CHECK, "-f", "json"] + args, capture_output=True)
    try:
        doc = json.loads(res.stdout)
    except ValueError:
        doc = None
    return res.returncode, doc, res.stderr.decode(errors="replace")


def first_difference(a, b, where="report"):
    """Where two normalised reports differ first, or None."""
    if type(a) is not type(b):
        return f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: only in {'binary' if key in a else 'the other'}"
            d = first_difference(a[key], b[key], f"{where}.{key}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} entries != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: {a!r} (binary) != {b!r} (other)"


def unprovable(bin_rc, txt_rc, txt_doc):
    """The one allowed difference: the text cannot show that a record-less event was recorded"""
    reasons = [u["reason"] for i in txt_doc["traces"][0]["instances"] for u in i["unchecked"]]
    return (bin_rc, txt_rc) == (0, 3) and any("report text shows no" in r for r in reasons)


def compare(binary, other, name, form, paths):
    """None if the other carrier gives the binary's findings, else where they differ"""
    bin_rc, bin_doc, bin_err = binary
    rc, doc, err = other
    if bin_doc is None and doc is None:
        # Both refused (a spec that does not fit): the same diagnostics.
        bin_err = bin_err.replace(paths[0] + ":", "TRACE:")
        err = err.replace(paths[1] + " (decompressed)", paths[1]).replace(paths[1] + ":",
                                                                          "TRACE:")
        same = (bin_rc, bin_err) == (rc, err)
        return None if same else f"refused differently: {bin_err.strip()!r} != {err.strip()!r}"
    if bin_doc is None or doc is None:
        return f"no JSON report: {(bin_err if bin_doc is None else err).strip()}"
    if bin_rc != rc and not (form and unprovable(bin_rc, rc, doc)):
        return f"exit status {bin_rc} (binary) != {rc} ({name})"
    if bin_rc != rc:
        return None
    return first_difference(normalise(bin_doc, form), normalise(doc, form))
