#!/usr/bin/env python3
"""Seeds for the part fuzz target (tests/fuzz/fuzz_part.c): disks described
as byte 0 (bit 0: 4096-byte blocks), bytes 1-2 (the disk's blocks - 8,
little-endian), then the disk's first and last L bytes.

From the unit tests' images (tests/unit/part.mk: sgdisk, sfdisk, fdisk),
the start and end of the disk: protective or hybrid MBR, primary GPT with
its first entries, backup entries and header. And whole small disks made
here by sgdisk and sfdisk, where every table fits: a GPT with sgdisk's
alignment 1, and an MBR with an extended partition holding logical ones
(their EBR chain lies inside the disk's first 64 KiB).

  seeds_part.py part IMAGE... DIR
"""
import os
import subprocess
import tempfile

from seedlib import args, u16, u8, write


def seed(path, bs, half):
    """The header, then the first and last `half` bytes of the image."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(half)
        f.seek(size - half)
        tail = f.read(half)
    return u8(1 if bs == 4096 else 0) + u16(size // bs - 8) + head + tail


def small_disks(tmp):
    """64 KiB disks (128 blocks) whose tables all fit in the seed."""
    gpt = os.path.join(tmp, "gpt.img")
    ext = os.path.join(tmp, "ext.img")
    hyb = os.path.join(tmp, "hybrid.img")
    for p in (gpt, ext):
        with open(p, "wb") as f:
            f.truncate(64 * 1024)
    run = lambda *a, **k: subprocess.run(a, check=True, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, **k)
    run("sgdisk", "-a", "1", "-o", "-n", "1:34:+16", "-t", "1:ef00", "-c", "1:ESP",
        "-n", "2:0:+16", "-t", "2:8300", "-c", "2:root", "-n", "3:0:+8", "-t", "3:8200",
        gpt)
    with open(gpt, "rb") as f, open(hyb, "wb") as g:
        g.write(f.read())
    run("sgdisk", "-h", "1:2", hyb)
    layout = "\n".join([
        "label: dos", "label-id: 0xcafef00d",
        f"{ext}1 : start=2, size=10, type=83",
        f"{ext}2 : start=16, size=100, type=5",
        f"{ext}5 : start=18, size=10, type=83",
        f"{ext}6 : start=32, size=10, type=82",
        f"{ext}7 : start=48, size=20, type=ef"]) + "\n"
    run("sfdisk", "-q", ext, input=layout.encode())
    return {"small-gpt": gpt, "small-hybrid": hyb, "small-mbr-ext": ext}


def main():
    _, images, out = args()
    for path in images:
        name = os.path.basename(path).rsplit(".", 1)[0]
        bs = 4096 if "4k" in name else 512
        write(out, name, seed(path, bs, 6 * bs if bs == 4096 else 3 * bs))
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in small_disks(tmp).items():
            write(out, name, seed(path, 512, 32 * 1024))


main()
