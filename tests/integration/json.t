#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""json.t - the JSON report of every trace in testdata/ is valid against doc/report.schema.json

Uses Debian's python3-jsonschema (hence /usr/bin/python3). Also checks an unreadable
trace and a timeline report. TAP output.
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(TOP, "ccsl-check")


def main():
    with open(os.path.join(TOP, "doc", "report.schema.json")) as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    traces = sorted(glob.glob(os.path.join(TOP, "testdata", "**", "*.dat"), recursive=True))
    cases = [[t] for t in traces] + [["--timeline"] + traces[:1], [traces[0], "/dev/null"],
                                     traces]
    print(f"1..{len(cases)}")
    failed = 0
    for n, args in enumerate(cases, 1):
        res = subprocess.run([CHECK, "-f", "json"] + args, capture_output=True, text=True)
        what = " ".join(os.path.relpath(a, TOP) if a.startswith("/") else a for a in args)
        try:
            doc = json.loads(res.stdout)
            errors = sorted(validator.iter_errors(doc), key=str)
            if doc["exit_status"] != res.returncode:
                errors.append(f"exit_status {doc['exit_status']} but exit {res.returncode}")
        except Exception as e:
            errors = [e]
        if errors:
            failed += 1
            print(f"not ok {n} - {what}")
            for e in errors[:3]:
                print(f"# {str(e).splitlines()[0]}")
        else:
            print(f"ok {n} - {what[:60]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
