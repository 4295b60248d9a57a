#!/usr/bin/env python3
"""Write a raw disk image whose every 512-byte sector starts with its own
LBA (u64, little-endian), then 504 filler bytes derived from the LBA.

usage: mkdisk.py PATH SIZE_MIB           (an LBA-tagged disk)
       mkdisk.py --check-write PATH      (verify fw.selftest=blk-write's
                                          pattern over the first 4 MiB and
                                          the last 1 MiB; exit 1 on a diff)
"""
import os
import struct
import sys

SECTOR = 512


def tagged(path, mib):
    # Written under a private name and renamed: tests running in parallel
    # may create the same image, and none may see it half written.
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "wb") as f:
        chunk = bytearray()
        for lba in range(mib * 2048):
            chunk += struct.pack("<Q", lba) + bytes([lba & 0xFF]) * 504
            if len(chunk) >= 1 << 20:
                f.write(chunk)
                chunk = bytearray()
        f.write(chunk)
    os.replace(tmp, path)


def pattern(off, n):
    return bytes(((o >> 9) * 31 + (o & 511) * 7 + 1) & 0xFF
                 for o in range(off, off + n))


def check_write(path):
    with open(path, "rb") as f:
        data = f.read()
    size = len(data)
    for off, n in ((0, 4 << 20), (size - (1 << 20), 1 << 20)):
        want = pattern(off, n)
        got = data[off:off + n]
        if got != want:
            bad = next(i for i in range(n) if got[i] != want[i])
            sys.exit("mkdisk: byte %d differs: %d != %d" % (off + bad, got[bad], want[bad]))
    print("mkdisk: write pattern verified (%d bytes)" % (5 << 20))


if __name__ == "__main__":
    if sys.argv[1] == "--check-write":
        check_write(sys.argv[2])
    else:
        tagged(sys.argv[1], int(sys.argv[2]))
