#!/usr/bin/env python3
"""Seeds for the pci_window fuzz target: phys_bits, the MCFG count, the
allocations (base, segment, first bus, last bus) and the memory map
(addr, size, type) of the machines the firmware runs on.

  seeds_pci_window.py pci_window DIR
"""
from seedlib import args, u8, u16, u32, u64, write

RAM, RESERVED, NVS = 1, 2, 4
G, M = 1 << 30, 1 << 20


def seed(bits, mcfg, memmap):
    out = u8(bits) + u8(len(mcfg))
    for base, seg, first, last in mcfg:
        out += u64(base) + u16(seg) + u8(first) + u8(last)
    for addr, size, typ in memmap:
        out += u64(addr) + u64(size) + u32(typ)
    return out


QBOOT_Q35 = [(0, 639 * 1024, RAM), (639 * 1024, 1024, RESERVED), (0xd0000, 128 * 1024, NVS),
             (0xf0000, 64 * 1024, RESERVED), (0xb0000000, 256 * M, RESERVED), (M, 511 * M, RAM)]
SEABIOS_PC = [(0, 0x9fc00, RAM), (0x9fc00, 0x400, RESERVED), (M, 3 * G - M, RAM),
              (0xfeffc000, 0x4000, RESERVED), (4 * G, 3 * G, RAM)]
CHV = [(0, 0xa0000, RAM), (M, 3 * G - M, RAM), (4 * G, 3 * G, RAM),
       (0xe8000000, 256 * M, RESERVED)]

_, _, out = args()
write(out, "qboot-q35", seed(40, [(0xb0000000, 0, 0, 255)], QBOOT_Q35))
write(out, "seabios-pc", seed(40, [], SEABIOS_PC))
write(out, "chv", seed(46, [(0xe8000000, 0, 0, 0)], CHV))
write(out, "amd-ht-hole", seed(48, [], [(M, 2 * G, RAM), (4 * G, 4 * G, RAM),
                                        (0xfd00000000, 12 * G, RESERVED)]))
write(out, "hole-too-small", seed(39, [], [(M, 0xfeb80000 - M, RAM)]))
