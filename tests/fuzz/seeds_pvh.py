#!/usr/bin/env python3
"""Seeds for the pvh fuzz target: guest memory from 0x1000 holding an
hvm_start_info (version 1, 56 bytes: magic, version, flags, nr_modules,
modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr, memmap_entries),
its memory map (addr, size, type, reserved), command line and module list
(paddr, size, cmdline_paddr, reserved), shaped as Cloud Hypervisor and
QEMU hand them over, and damaged variants.

  seeds_pvh.py pvh DIR
"""
from seedlib import args, put, u32, u64, write

BASE = 0x1000
MAGIC = 0x336ec578
RAM, RESERVED, ACPI = 1, 2, 3


def start_info(memmap, cmdline=b"", modules=(), version=1, magic=MAGIC, rsdp=0xa0000,
               entries=None):
    mem = bytearray(0x400)
    mm_at, cl_at, mod_at, modcl_at = 0x40, 0x200, 0x300, 0x380
    put(mem, 0, u32(magic) + u32(version) + u32(0) + u32(len(modules)) +
        u64(BASE + mod_at if modules else 0) + u64(BASE + cl_at if cmdline else 0) +
        u64(rsdp) + u64(BASE + mm_at) +
        u32(len(memmap) if entries is None else entries) + u32(0))
    for i, (addr, size, typ) in enumerate(memmap):
        put(mem, mm_at + 24 * i, u64(addr) + u64(size) + u32(typ) + u32(0))
    put(mem, cl_at, cmdline + b"\0")
    for i, (paddr, size, mcl) in enumerate(modules):
        put(mem, mod_at + 32 * i, u64(paddr) + u64(size) +
            u64(BASE + modcl_at if mcl else 0) + u64(0))
        if mcl:
            put(mem, modcl_at, mcl + b"\0")
    return mem


CHV = [(0, 0xa0000, RAM), (0x100000, 0x1ff00000, RAM), (0xe8000000, 0x10000000, RESERVED),
       (0x100000000, 0x40000000, RAM)]
QEMU = [(0, 0x9fc00, RAM), (0x9fc00, 0x400, RESERVED), (0xf0000, 0x10000, RESERVED),
        (0x100000, 0x7ee0000, RAM), (0x7fe0000, 0x20000, RESERVED),
        (0xfeffc000, 0x4000, RESERVED), (0xfffc0000, 0x40000, RESERVED)]

target, _, out = args()
write(out, "chv", start_info(CHV, b"console=ttyS0 fw.log=debug"))
write(out, "qemu-initrd", start_info(QEMU, b"initrd=\\initrd.img quiet",
                                     [(0x7000000, 0x800000, b"initrd")], rsdp=0))
write(out, "modules", start_info(CHV[:2], b"", [(0x2000000, 0x1000, b"a"),
                                               (0x3000000, 0x2000, b""),
                                               (0x4000000, 0, b"empty")]))
write(out, "v0", start_info(CHV, version=0))
write(out, "bad", start_info([(0, 0, RAM), (0xfffffffffffff000, 0x2000, RAM),
                              (0x100000, 0x1000, 99)], b"x" * 300, entries=1000))
