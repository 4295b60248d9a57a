#!/usr/bin/env python3
"""Seeds for the bootopt fuzz target (layout in tests/fuzz/fuzz_bootopt.c):
existing Boot#### options {num, ours, path}, BootOrder, found sources
{path}, then a device path for the split: a first boot, a steady state,
an OS option beside a stale option of ours, a BootOrder with a dangling
entry, and a full BootOrder.

  seeds_bootopt.py bootopt DIR
"""
from seedlib import args, u16, u8, write

# PciRoot(0)/Pci(3,0)/HD(1,...)/End, as the split reads it.
VOL = (bytes([2, 1, 12, 0, 0xd0, 0x41, 0x03, 0x0a, 0, 0, 0, 0]) +
       bytes([1, 1, 6, 0, 0, 3]) +
       bytes([4, 1, 42, 0, 1, 0, 0, 0]) + bytes(34) +
       bytes([0x7f, 0xff, 4, 0]))


def seed(have, order, want, dp=VOL):
    out = u8(len(have)) + u8(len(order)) + u8(len(want))
    for num, ours, path in have:
        out += u16(num) + u8(ours) + u8(len(path)) + path
    for num in order:
        out += u16(num)
    for path in want:
        out += u8(len(path)) + path
    return out + dp


def main():
    _, _, directory = args()
    a, b, c = b"diskA" * 4, b"diskB" * 4, b"gone"
    write(directory, "first", seed([], [], [a, b]))
    write(directory, "steady", seed([(0, 1, a), (1, 1, b)], [1, 0], [a, b]))
    write(directory, "os-and-stale", seed([(0, 0, a), (1, 1, c), (3, 1, a)],
                                          [0, 1, 3], [a, b]))
    write(directory, "dangling", seed([(0, 0, b)], [0, 1, 7], [a]))
    write(directory, "duplicates", seed([(4, 1, a), (5, 1, a)], [5, 4], [a]))
    write(directory, "full", seed([(100, 1, a)], list(range(100, 228)), [a, b]))
    write(directory, "whole-disk", seed([], [], [a], VOL[:18] + VOL[-4:]))


if __name__ == "__main__":
    main()
