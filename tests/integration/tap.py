# SPDX-License-Identifier: GPL-2.0-or-later
"""tap.py - the TAP output the Python integration tests share (imported, not run by prove)"""


class Tap:
    """Numbered ok / not ok lines; a failure's diagnostic printed as comments."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        print(f"{'ok' if cond else 'not ok'} {self.n} - {desc}")
        if not cond:
            self.failed += 1
            for line in str(diag or "").splitlines()[:20]:
                print(f"# {line}")

    def done(self):
        """The plan after the tests, and the exit status."""
        print(f"1..{self.n}")
        return 1 if self.failed else 0
