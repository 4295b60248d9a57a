#!/usr/bin/env python3
"""Run a QEMU command whose serial console is its standard output
(-serial stdio) and print, for each pattern, the wall time in milliseconds
from the start of the process to the first console line matching it
("NAME MS", or "NAME -" if it never appeared). Stops the process once the
last pattern has matched, when it exits, or after the timeout.

usage: serial_times.py [--timeout S] [--log FILE] NAME=REGEX... -- CMD...
"""

import argparse
import os
import re
import selectors
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--log")
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    if "--" not in a.rest:
        ap.error("missing -- before the command")
    cut = a.rest.index("--")
    pats = []
    for item in a.rest[:cut]:
        name, _, rx = item.partition("=")
        pats.append((name, re.compile(rx)))
    cmd = a.rest[cut + 1:]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    seen = {}
    buf = b""
    log = open(a.log, "wb") if a.log else None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    while len(seen) < len(pats) and time.monotonic() - t0 < a.timeout:
        if not sel.select(timeout=0.5):
            continue
        data = os.read(proc.stdout.fileno(), 65536)
        now = time.monotonic()
        if not data:
            break
        if log:
            log.write(data)
        buf += data
        *lines, buf = buf.split(b"\n")
        for raw in lines + [buf]:
            line = raw.decode("utf-8", "replace").rstrip("\r")
            for name, rx in pats:
                if name not in seen and rx.search(line):
                    seen[name] = (now - t0) * 1000
    proc.kill()
    proc.wait()
    for name, _ in pats:
        print(name, f"{seen[name]:.0f}" if name in seen else "-")


if __name__ == "__main__":
    sys.exit(main())
