#!/usr/bin/env python3
"""Types a script into a console socket (QEMU -chardev socket,server=on):
each line of SCRIPT is sent once the console has printed PROMPT (a regex)
since the previous line; everything printed goes to CAPTURE. Ends when the
script is done and the peer closes (or after TIMEOUT seconds).
Characters are sent one at a time with a short pause, as a person types,
so a polled UART never loses one (an escape sequence goes in one write).
usage: console_script.py SOCKET CAPTURE PROMPT SCRIPT [TIMEOUT]"""
import re
import socket
import sys
import time

path, capture, prompt, script = sys.argv[1:5]
timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 60
lines = open(script).read().splitlines()
pat = re.compile(prompt.encode())
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
for _ in range(600):
    try:
        s.connect(path)
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("cannot connect to " + path)
s.settimeout(0.1)
seen, mark, end = b"", 0, time.time() + timeout
with open(capture, "wb") as f:
    while time.time() < end:
        try:
            data = s.recv(4096)
            if not data:
                break
            f.write(data)
            f.flush()
            seen += data
        except socket.timeout:
            pass
        except OSError:
            break
        if lines and pat.search(seen, mark):
            mark = len(seen)
            # An escape sequence goes in one write, as a terminal sends it.
            for chunk in re.findall(rb"\x1b\[[0-9;]*[~A-Za-z]|.", lines.pop(0).encode() + b"\r", re.S):
                s.sendall(chunk)
                time.sleep(0.002)
