#!/usr/bin/env python3
"""An independent Authenticode PE image hasher for the crypto unit tests:
prints the hex digest of FILE by the rules of "Windows Authenticode
Portable Executable Signature Format" (Calculating the PE Image Hash).
    authenticode.py sha256|sha1|sha384|sha512 FILE"""
import hashlib
import struct
import sys


def image_hash(alg, data):
    h = hashlib.new(alg)
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0"
    nsect, = struct.unpack_from("<H", data, pe + 6)
    optsz, = struct.unpack_from("<H", data, pe + 20)
    opt = pe + 24
    magic, = struct.unpack_from("<H", data, opt)
    dirs = opt + (96 if magic == 0x10B else 112)
    checksum = opt + 64
    certdir = dirs + 4 * 8
    hdrsize, = struct.unpack_from("<I", data, opt + 60)
    cert_off, cert_size = struct.unpack_from("<II", data, certdir)
    h.update(data[:checksum])
    h.update(data[checksum + 4:certdir])
    h.update(data[certdir + 8:hdrsize])
    sections = []
    for i in range(nsect):
        s = opt + optsz + 40 * i
        size, ptr = struct.unpack_from("<II", data, s + 16)
        if size:
            sections.append((ptr, size))
    hashed = hdrsize
    for ptr, size in sorted(sections):
        h.update(data[ptr:ptr + size])
        hashed += size
    if len(data) > hashed + cert_size:
        h.update(data[hashed:len(data) - cert_size])
    return h.hexdigest()


if __name__ == "__main__":
    with open(sys.argv[2], "rb") as f:
        print(image_hash(sys.argv[1], f.read()))
