"""Helpers for the seed scripts of tests/fuzz (seeds_*.py): each script is
run as `python3 tests/fuzz/seeds_AREA.py TARGET [INPUT...] DIR` by the
target's .mk and writes a few small inputs, in the layout the target's
harness reads, into DIR (build/fuzz/corpus/TARGET). Seeds are made at test
time from the project's own fixtures and tools, never downloaded or
committed."""
import os
import struct
import sys


def args():
    """(target, inputs, directory) from the command line."""
    if len(sys.argv) < 3:
        sys.exit(f"usage: {sys.argv[0]} TARGET [INPUT...] DIR")
    os.makedirs(sys.argv[-1], exist_ok=True)
    return sys.argv[1], sys.argv[2:-1], sys.argv[-1]


def write(directory, name, data):
    with open(os.path.join(directory, name), "wb") as f:
        f.write(bytes(data))


def u8(v): return struct.pack("<B", v & 0xff)
def u16(v): return struct.pack("<H", v & 0xffff)
def u32(v): return struct.pack("<I", v & 0xffffffff)
def u64(v): return struct.pack("<Q", v & 0xffffffffffffffff)
def be16(v): return struct.pack(">H", v & 0xffff)
def be32(v): return struct.pack(">I", v & 0xffffffff)


def put(buf, off, data):
    """Writes data into bytearray buf at off, growing it as needed."""
    if len(buf) < off + len(data):
        buf.extend(bytes(off + len(data) - len(buf)))
    buf[off:off + len(data)] = data


def fix_sum(buf, start, length, at):
    """Sets buf[at] so the bytes [start, start + length) sum to 0 mod 256."""
    buf[at] = 0
    buf[at] = (-sum(buf[start:start + length])) & 0xff


def ucs2(s, nul=True):
    return (s + ("\0" if nul else "")).encode("utf-16-le")
