#!/usr/bin/env python3
"""Seeds for the EFI service fuzz targets whose input comes from callers:

  efi_file_conv  an EFI_TIME (16 bytes) then UTF-16 names and labels, as
                 SetInfo gets them (fuzz_efi_file_conv.c)
  rt_vmap        a memory map as an OS hands it to SetVirtualAddressMap:
                 byte 0 picks descriptor size (40 + 8 * (b & 3)) and
                 version (1 + b >> 7), then the descriptors; the harness's
                 own runtime ranges are 0x100000 (4 pages), 0x200000 (2) and
                 0xfec00000 (1), its memory map [0, 256 MiB) and 0xfec00000
  varstore       scripts of variable-service calls (fuzz_varstore.c): two
                 bytes of arena size, two of variable size limit, then ops

  seeds_efi.py TARGET DIR
"""
import struct

from seedlib import args, u8, u16, u32, u64, ucs2, write

RUNTIME = 1 << 63


def efi_time(y, mo, d, h, mi, s, ns=0, tz=0x7ff, dl=0):
    return struct.pack("<HBBBBBBIhBB", y, mo, d, h, mi, s, 0, ns, tz, dl, 0)


def efi_file_conv(out):
    seeds = {
        "boot-path": (efi_time(2024, 2, 29, 23, 59, 58), "\\EFI\\BOOT\\BOOTX64.EFI"),
        "epoch": (efi_time(1980, 1, 1, 0, 0, 0), "label"),
        "last": (efi_time(2107, 12, 31, 23, 59, 59, 999999999), "a long file name.txt"),
        "dots": (efi_time(2000, 6, 15, 12, 30, 0, tz=-60, dl=1), "dir\\..\\.\\x"),
        "unicode": (efi_time(2023, 10, 1, 8, 0, 1), "h\u00e9llo w\u00f6rld \u2713.txt"),
        "bad-date": (efi_time(1979, 13, 32, 24, 60, 60), "NO NAME    "),
    }
    for name, (t, s) in seeds.items():
        write(out, name, t + ucs2(s))


def desc(typ, phys, pages, virt=0, attr=0, size=40):
    d = u32(typ) + u32(0) + u64(phys) + u64(virt) + u64(pages) + u64(attr)
    return d + bytes(size - 40)


def rt_vmap(out):
    va = 0xfffffffe00000000
    rt = lambda phys, pages, t=5: desc(t, phys, pages, va + phys, RUNTIME | 0xf)
    write(out, "linux", u8(0) + desc(7, 0, 0x100) + rt(0x100000, 4) + rt(0x200000, 2, 6)
          + rt(0xfec00000, 1, 11) + rt(0x300000, 8, 3))
    write(out, "merged-48", u8(1) + b"".join(
        d + bytes(8) for d in (rt(0x100000, 0x102), rt(0xfec00000, 1, 11))))
    write(out, "v2-overlap", u8(0x80) + rt(0x100000, 4) + rt(0x102000, 4)
          + rt(0xfec00000, 1, 11))
    write(out, "missing-own", u8(0) + rt(0x100000, 4) + rt(0xfec00000, 1, 11))
    write(out, "unknown-range", u8(0) + rt(0x100000, 4) + rt(0x200000, 2)
          + rt(0xfec00000, 1, 11) + rt(0x80000000, 1))
    write(out, "misaligned", u8(0) + desc(5, 0x100000, 4, va + 0x100801, RUNTIME)
          + rt(0x200000, 2) + rt(0xfec00000, 1))


# fuzz_varstore.c: op = byte % 10; names: 0 "A" .. 2 "Boot0000", 3 "BootOrder",
# 4 "Lang", 5 "SecureBoot"; attrs NV 1, BS 2, RT 4, APPEND 0x40.
def vs_set(name, guid, attrs, data, fw=False, ro=0):
    return u8(3 if fw else 0) + u8(name) + u8(guid) + u8(attrs) + u8(ro) + u16(len(data)) + data


GET, NEXT, QUERY, EBS, RELOC, WALK = (u8(4), u8(5), u8(6), u8(7), u8(8), u8(9))


def varstore(out):
    boot = bytes(range(80))
    write(out, "boot-manager", u16(0xffff) + u16(1024)
          + vs_set(3, 0, 7, u16(0) + u16(1)) + vs_set(2, 0, 7, boot)
          + vs_set(4, 1, 6, b"en-US\0") + GET + u8(2) + u8(0) + u16(200)
          + NEXT + u8(0x83) + u8(0) + u8(60) + QUERY + u8(7) + WALK)
    write(out, "append-delete", u16(0x800) + u16(300)
          + vs_set(0, 2, 7, b"abc") + vs_set(0, 2, 0x47, b"def")
          + vs_set(1, 2, 3, b"x" * 40) + vs_set(0, 2, 7, b"") + WALK
          + GET + u8(0) + u8(2) + u16(2))
    write(out, "runtime", u16(0x1000) + u16(600)
          + vs_set(5, 1, 6, u8(1), fw=True, ro=1) + vs_set(5, 1, 6, u8(0))
          + vs_set(6, 0, 3, b"nv") + EBS + vs_set(7, 0, 7, b"rt" * 30)
          + vs_set(6, 0, 3, b"no") + RELOC + GET + u8(7) + u8(0) + u16(100) + WALK)
    write(out, "full", u16(0) + u16(0)
          + b"".join(vs_set(k % 8, k % 3, 7, bytes([k]) * 120) for k in range(12))
          + QUERY + u8(3) + RELOC + WALK)


target, _, out = args()
{"efi_file_conv": efi_file_conv, "rt_vmap": rt_vmap, "varstore": varstore}[target](out)
