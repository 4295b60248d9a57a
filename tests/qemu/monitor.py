#!/usr/bin/env python3
"""Send HMP commands to a QEMU monitor on a Unix socket; print replies.

usage: monitor.py SOCKET COMMAND... (each command's output is printed;
'quit' ends QEMU and is sent last if given)."""
import socket
import sys
import time


def read_until_prompt(sock, timeout=10.0):
    data = b""
    end = time.time() + timeout
    while not data.endswith(b"(qemu) "):
        if time.time() > end:
            raise TimeoutError("no monitor prompt")
        sock.settimeout(max(0.1, end - time.time()))
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.decode(errors="replace")


def main():
    path, commands = sys.argv[1], sys.argv[2:]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(100):
        try:
            sock.connect(path)
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit(f"monitor.py: cannot connect to {path}")
    read_until_prompt(sock)
    for cmd in commands:
        sock.sendall(cmd.encode() + b"\n")
        if cmd == "quit":
            break
        out = read_until_prompt(sock)
        # Drop the echoed command line and the trailing prompt.
        lines = out.replace("\r", "").split("\n")[1:-1]
        print("\n".join(lines))


if __name__ == "__main__":
    main()
