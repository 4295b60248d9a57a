#!/usr/bin/env python3
"""Seeds for the smbios fuzz target (fuzz_smbios.c): physical memory from
0xF0000 holding SMBIOS entry points (DMTF DSP0134 3.x §5.2: "_SM3_", and
"_SM_" with its "_DMI_" part) and the structure tables they point to, as
Cloud Hypervisor (SMBIOS 3 at 0xF0000) and SeaBIOS (2.8 and 3.0 entry
points) publish them, plus damaged ones; and a bare table, which the
target also walks directly.

  seeds_smbios.py smbios DIR
"""
from seedlib import args, fix_sum, put, u8, u16, u32, u64, write

BASE = 0xF0000


def struct_(typ, handle, fields, strings):
    """Formatted area {type, length, handle, fields} and its string-set."""
    s = u8(typ) + u8(4 + len(fields)) + u16(handle) + fields
    tail = b"".join(x.encode() + b"\0" for x in strings) or b"\0"
    return s + tail + b"\0"


def table_chv():
    return (struct_(0, 0, u8(1) + u8(2) + u16(0xe800) + u8(3) + u8(0) + u64(0x08) +
                    u16(0x0800), ["cloud-hypervisor", "0", "00/00/0000"]) +
            struct_(1, 1, u8(1) + u8(2) + u8(0) + u8(0) + bytes(16) + u8(6) + u8(0) + u8(0),
                    ["Cloud Hypervisor", "cloud-hypervisor"]) +
            struct_(127, 2, b"", []))


def table_seabios():
    return (struct_(0, 0, u8(1) + u8(2) + u16(0xe800) + u8(3) + u8(0) + u64(0x08) +
                    u16(0x0400) + u8(0) + u8(0), ["SeaBIOS", "1.16.2-debian", "04/01/2014"]) +
            struct_(1, 0x100, u8(1) + u8(2) + u8(3) + u8(0) + bytes(16) + u8(6) + u8(0) + u8(0),
                    ["QEMU", "Standard PC (Q35 + ICH9, 2009)", "pc-q35-7.2"]) +
            struct_(3, 0x300, u8(1) + u8(1) + u8(0) + bytes(6), ["QEMU"]) +
            struct_(4, 0x400, u8(1) + u8(3) + u8(2) + u8(3) + bytes(26), ["CPU 0", "QEMU", "pc"]) +
            struct_(16, 0x1000, u8(1) + u8(3) + u8(1) + u32(0x80000) + u16(0xfffe) + u16(1), []) +
            struct_(17, 0x1100, u16(0x1000) + u16(0xfffe) + u16(64) + u16(64) + u16(512) +
                    u8(9) + u8(0) + u8(1) + u8(0) + u8(7) + u16(2), ["DIMM 0", "QEMU"]) +
            struct_(32, 0x2000, bytes(6) + u8(0), []) +
            struct_(127, 0x7f00, b"", []))


def sm3(table_at, table_len):
    e = bytearray(b"_SM3_" + u8(0) + u8(0x18) + u8(3) + u8(0) + u8(0) + u8(1) + u8(0) +
                  u32(table_len) + u64(table_at))
    fix_sum(e, 0, 0x18, 5)
    return e


def sm2(table_at, table_len, count):
    e = bytearray(b"_SM_" + u8(0) + u8(0x1f) + u8(2) + u8(8) + u16(0x100) + u8(0) + bytes(5) +
                  b"_DMI_" + u8(0) + u16(table_len) + u32(table_at) + u16(count) + u8(0x28))
    fix_sum(e, 0x10, 15, 0x15)
    fix_sum(e, 0, 0x1f, 4)
    return e


def area(*parts):
    mem = bytearray()
    for off, data in parts:
        put(mem, off, data)
    return mem


target, _, out = args()
chv, sea = table_chv(), table_seabios()
write(out, "chv", area((0, sm3(BASE + 0x20, len(chv))), (0x20, chv)))
write(out, "seabios-2.8", area((0x40, sm2(BASE + 0x100, len(sea), 8)), (0x100, sea)))
write(out, "seabios-both", area((0x10, sm3(BASE + 0x200, len(sea))),
                                (0x60, sm2(BASE + 0x200, len(sea), 8)), (0x200, sea)))
write(out, "damaged", area((0, sm3(BASE + 0x40, 0x10000)), (0x20, b"_SM3_" + bytes(20)),
                           (0x40, sea[:200] + b"\x05\x03\x00\x00AB"),
                           (0x400, sm2(BASE + 0x40, 0xffff, 2))))
write(out, "bare-table", sea)
# QEMU's fw_cfg files as the fw_cfg path reads them: a byte whose low bit
# picks the anchor (0: "_SM3_", 1: "_SM_"), the anchor with its table
# address 0, then the tables.
write(out, "fwcfg-sm3", u8(0) + sm3(0, len(sea)) + sea)
write(out, "fwcfg-sm2", u8(1) + sm2(0, len(sea), 8) + sea)
