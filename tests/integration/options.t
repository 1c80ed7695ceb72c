#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""options.t - every long option of ccsl-check --help is documented in ccsl-check(1)

The long options are parsed out of the help text; each must appear in the man page
as roff writes it (\\-\\-name with every hyphen escaped). TAP output.
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK = os.path.join(TOP, "ccsl-check")


def main():
    help_text = subprocess.run([CHECK, "--help"], capture_output=True, text=True,
                               check=True).stdout
    opts = sorted(set(re.findall(r"(?<![\w-])--([a-z][a-z0-9-]*)", help_text)))
    with open(os.path.join(TOP, "man", "ccsl-check.1")) as f:
        man = f.read()
    # A help text without options means the parsing above broke, not that all is well.
    print(f"1..{len(opts) + 1}")
    print(f"{'ok' if len(opts) >= 10 else 'not ok'} 1 - --help lists {len(opts)} long options")
    failed = len(opts) < 10
    for n, opt in enumerate(opts, 2):
        roff = "\\-\\-" + opt.replace("-", "\\-")
        if roff in man:
            print(f"ok {n} - --{opt}")
        else:
            failed = True
            print(f"not ok {n} - --{opt}: no {roff} in man/ccsl-check.1")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
