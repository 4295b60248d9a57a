#!/usr/bin/env python3
"""Marks a PE32+ image NX_COMPAT (IMAGE_DLLCHARACTERISTICS_NX_COMPAT in
the optional header's DllCharacteristics), in place: gnu-efi's objcopy
output never sets it. Nothing else changes (the checksum stays stale:
the firmware does not check it). Refuses an image whose sections are
not page-aligned, as the firmware would map it RWX anyway.

usage: nxcompat.py IMAGE.efi"""
import struct
import sys

NX_COMPAT = 0x0100
PE32PLUS = 0x20B


def main():
    path = sys.argv[1]
    with open(path, 'r+b') as f:
        data = bytearray(f.read())
        if data[:2] != b'MZ':
            sys.exit(f'{path}: no MZ header')
        pe = struct.unpack_from('<I', data, 0x3C)[0]
        if data[pe:pe + 4] != b'PE\0\0':
            sys.exit(f'{path}: no PE signature')
        opt = pe + 24
        if struct.unpack_from('<H', data, opt)[0] != PE32PLUS:
            sys.exit(f'{path}: not PE32+')
        align = struct.unpack_from('<I', data, opt + 32)[0]
        if align < 4096:
            sys.exit(f'{path}: SectionAlignment 0x{align:x} below a page')
        dll = struct.unpack_from('<H', data, opt + 70)[0]
        struct.pack_into('<H', data, opt + 70, dll | NX_COMPAT)
        f.seek(0)
        f.write(data)


if __name__ == '__main__':
    main()
