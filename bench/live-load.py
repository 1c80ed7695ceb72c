#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""live-load.py - system calls at a steady rate, for make bench's --live section

    live-load.py RATE SECONDS

Calls getppid() RATE times a second (0: as fast as it can) for SECONDS seconds, in slices
of a millisecond's worth; prints the calls made and the rate reached.
"""
import os
import sys
import time


def main():
    rate, seconds = float(sys.argv[1]), float(sys.argv[2])
    batch = max(1, int(rate / 1000)) if rate else 1000
    t0 = time.monotonic()
    calls = 0
    while True:
        now = time.monotonic() - t0
        if now >= seconds:
            break
        if rate and calls > now * rate:
            time.sleep(min(0.001, calls / rate - now))
            continue
        for _ in range(batch):
            os.getppid()
        calls += batch
    took = time.monotonic() - t0
    print(f"{calls} {calls / took:.0f}")


if __name__ == "__main__":
    main()
