#!/usr/bin/env python3
"""Seeds for the tsc fuzz target (fuzz_tsc.c): a 32-byte pvclock area,
three meter rates (PM timer, PIT, RTC; u64), then CPUID leaves of 20
bytes (leaf in, EAX, EBX, ECX, EDX out), as the machines the firmware
meets answer: Cloud Hypervisor on an invariant-TSC host (KVM signature,
0x40000010), KVM with kvmclock only, Hyper-V leaves in front of KVM's,
QEMU TCG (CPUID 0x15/0x16 or nothing at all).

  seeds_tsc.py tsc DIR
"""
import struct

from seedlib import args, u64, write

KVM = (0x4b4d564b, 0x564b4d56, 0x4d)
HYPERVISOR = 1 << 31


def leaf(n, a=0, b=0, c=0, d=0):
    return struct.pack("<5I", n, a, b, c, d)


def pvclock(mul=0, shift=0, version=2):
    return struct.pack("<IIQQIbB2x", version, 0, 0, 0, mul, shift, 1)


def seed(area, rates, *leaves):
    return area + b"".join(u64(r) for r in rates) + b"".join(leaves)


target, _, out = args()
no_pv = pvclock()
write(out, "chv-invariant", seed(no_pv, (3579545, 1193182, 0),
                                 leaf(0, 0x16), leaf(1, 0, 0, HYPERVISOR),
                                 leaf(0x40000000, 0x40000010, *KVM),
                                 leaf(0x40000001, 0x01000089), leaf(0x40000010, 2100000, 1000000)))
write(out, "kvmclock", seed(pvclock(0xa2c2aaab, 0), (3579545, 0, 0),
                            leaf(0, 0xd), leaf(1, 0, 0, HYPERVISOR),
                            leaf(0x40000000, 0x40000001, *KVM), leaf(0x40000001, 0x01000009)))
write(out, "hyperv-kvm", seed(pvclock(0x80000000, 1), (0, 0, 2),
                              leaf(1, 0, 0, HYPERVISOR),
                              leaf(0x40000000, 0x4000000b, 0x7263694d, 0x666f736f, 0x76482074),
                              leaf(0x40000100, 0x40000101, *KVM), leaf(0x40000101, 0x1)))
write(out, "tcg-cpuid15", seed(no_pv, (3579545, 1193182, 1), leaf(0, 0x16),
                               leaf(0x15, 2, 166, 24000000), leaf(0x16, 2000, 3000, 100)))
write(out, "tcg-bare", seed(no_pv, (3579545, 1193182, 0), leaf(0, 0xd)))
write(out, "nonsense", seed(pvclock(0, 40, 1), (1, 2**64 - 1, 3), leaf(0, 0x16),
                            leaf(1, 0, 0, HYPERVISOR), leaf(0x40000000, 0x4000ffff, *KVM),
                            leaf(0x40000010, 0), leaf(0x15, 1, 0, 0), leaf(0x16, 0)))
