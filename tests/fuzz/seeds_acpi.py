#!/usr/bin/env python3
"""Seeds for the acpi fuzz target, from the unit tests' fixtures compiled
by iasl (build/unit/acpi/*.aml, tests/unit/acpi.mk).

The target's input is physical memory from 0xE0000. Each platform seed is
a whole table tree there: an RSDP (revision 2) at 0xE0000, an XSDT and an
RSDT listing the FADT, MADT and MCFG, and the FADT pointing at the DSDT
(DSDT and X_DSDT), every checksum right. The bare tables are seeds too:
the target also hands the raw input to each table parser.

  seeds_acpi.py acpi FIXTURE_DIR DIR
"""
import os

from seedlib import args, fix_sum, put, u32, u64, write

BASE = 0xE0000


def table(fixtures, name):
    with open(os.path.join(fixtures, name + ".aml"), "rb") as f:
        return bytearray(f.read())


def sdt(sig, entries, width):
    """An XSDT (width 8) or RSDT (width 4) listing entries."""
    body = b"".join(u64(e) if width == 8 else u32(e) for e in entries)
    t = bytearray(sig + u32(36 + len(body)) + b"\x01\x00" + b"FUZZ  " +
                  b"SEEDTBL " + u32(1) + b"FUZZ" + u32(1)) + body
    fix_sum(t, 0, len(t), 9)
    return t


def tree(fixtures, facp, dsdt, others, rsdp_rev=2):
    """Memory from 0xE0000: RSDP, XSDT, RSDT, then the tables 16-aligned."""
    mem = bytearray(0x100)
    at, addrs = 0x100, {}
    for name in [facp, dsdt] + others:
        t = table(fixtures, name)
        addrs[name] = BASE + at
        put(mem, at, t)
        at = (at + len(t) + 15) & ~15
    f = addrs[facp] - BASE
    put(mem, f + 40, u32(addrs[dsdt]))              # DSDT
    if len(table(fixtures, facp)) >= 148:
        put(mem, f + 140, u64(addrs[dsdt]))         # X_DSDT
    flen = len(table(fixtures, facp))
    fix_sum(mem, f, flen, f + 9)
    listed = [addrs[facp]] + [addrs[o] for o in others]
    put(mem, 0x40, sdt(b"XSDT", listed, 8))
    put(mem, 0xa0, sdt(b"RSDT", listed, 4))
    rsdp = bytearray(b"RSD PTR " + bytes(1) + b"FUZZ  " + bytes([rsdp_rev]) +
                     u32(BASE + 0xa0) + u32(36) + u64(BASE + 0x40) + bytes(4))
    fix_sum(rsdp, 0, 20, 8)
    fix_sum(rsdp, 0, 36, 32)
    put(mem, 0, rsdp if rsdp_rev >= 2 else rsdp[:20])
    return mem


def main():
    _, (fixtures,), out = args()
    write(out, "q35", tree(fixtures, "facp_q35", "dsdt_qemu", ["apic", "mcfg"]))
    write(out, "pc", tree(fixtures, "facp_pc", "dsdt_qemu", ["apic"]))
    write(out, "chv", tree(fixtures, "facp_ch", "dsdt_ch", ["apic", "mcfg"]))
    write(out, "rsdp-v1", tree(fixtures, "facp_pc", "dsdt_nos5", ["apic"], rsdp_rev=0))
    write(out, "bigpkg", tree(fixtures, "facp_q35", "dsdt_bigpkg", ["mcfg"]))
    for name in ("facp_ch", "facp_q35", "apic", "mcfg", "dsdt_qemu", "dsdt_ch",
                 "dsdt_bigpkg"):
        write(out, name, table(fixtures, name))


main()
