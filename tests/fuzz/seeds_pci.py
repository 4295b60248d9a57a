#!/usr/bin/env python3
"""Seeds for the pci_cap and virtio_pci fuzz targets: configuration spaces
of the functions QEMU (pc, q35) and Cloud Hypervisor present, with their
standard and extended capability lists and virtio-pci capabilities (virtio
1.2 §4.1.4), plus damaged variants (loops, pointers into the header,
capabilities too short or past their BAR).

  pci_cap     one flag byte (bit 0: the root bridge has ECAM), then the space
  virtio_pci  12 bytes of BARs (per BAR: type 0-3 = none/io/mem32/mem64,
              bit 7 unassigned; log2(size) - 4; bit 6 of byte 0: ECAM),
              two little-endian queue_notify_off values, then the space
"""
from seedlib import args, put, u8, u16, u32, write

VNDR, PM, MSI, PCIE, MSIX, SSVID = 0x09, 0x01, 0x05, 0x10, 0x11, 0x0d
COMMON, NOTIFY, ISR, DEVICE, PCI_CFG = 1, 2, 3, 4, 5
NONE, IO, MEM32, MEM64 = 0, 1, 2, 3


def space(vendor, device, class_code, htype=0, first=0x40, ext=False):
    """A configuration space: header, capability list head at `first`
    (0: no list), 4 KiB when ext (PCIe) else 256 bytes."""
    s = bytearray(4096 if ext else 256)
    put(s, 0, u16(vendor) + u16(device))
    put(s, 6, u16(0x0010 if first else 0))          # Status: capability list
    put(s, 8, u32(class_code << 8 | 1))
    s[0x0e] = htype
    s[0x14 if (htype & 0x7f) == 2 else 0x34] = first
    return s


def cap(s, off, cap_id, nxt, body=b""):
    put(s, off, u8(cap_id) + u8(nxt) + body)


def ext_cap(s, off, cap_id, nxt, ver=1, body=b""):
    put(s, off, u32(cap_id | ver << 16 | nxt << 20) + body)


def vcap(s, off, nxt, cfg_type, bar, offset, length, mult=None, cap_len=None):
    """A virtio-pci capability; with mult, the notification one (20 bytes)."""
    n = cap_len or (16 if mult is None else 20)
    body = u8(n) + u8(cfg_type) + u8(bar) + bytes(3) + u32(offset) + u32(length)
    if mult is not None:
        body += u32(mult)
    cap(s, off, VNDR, nxt, body)


def qemu_virtio(device=0x1042, pcie=True):
    """QEMU's virtio-pci: MSI-X (table in BAR1), the virtio capabilities
    for BAR4 (64-bit, 16 KiB, a page per structure), a PCI_CFG capability,
    and on PCIe the Express capability and AER."""
    s = space(0x1af4, device, 0x010000, first=0x98, ext=pcie)
    cap(s, 0x98, MSIX, 0x84, u16(0x8002) + u32(1) + u32(0x801))
    vcap(s, 0x84, 0x70, PCI_CFG, 0, 0, 0, cap_len=20)
    vcap(s, 0x70, 0x60, NOTIFY, 4, 0x3000, 0x1000, mult=4)
    vcap(s, 0x60, 0x50, DEVICE, 4, 0x2000, 0x1000)
    vcap(s, 0x50, 0x40, ISR, 4, 0x1000, 0x1000)
    vcap(s, 0x40, 0x6c if pcie else 0, COMMON, 4, 0x0000, 0x1000)
    if pcie:
        cap(s, 0x6c, PCIE, 0, u16(0x0002) + bytes(0x3a))
        ext_cap(s, 0x100, 0x0001, 0x148, 2, bytes(0x44))   # AER
        ext_cap(s, 0x148, 0x000d, 0)                        # ACS
    return s


def chv_virtio(device=0x1042):
    """Cloud Hypervisor's: everything in BAR0 (64-bit, 512 KiB), a 56-byte
    common configuration, structures 8 KiB apart, MSI-X first."""
    s = space(0x1af4, device, 0x018000, first=0x40, ext=True)
    cap(s, 0x40, MSIX, 0x4c, u16(0x8001) + u32(0x8000) + u32(0x48000))
    vcap(s, 0x4c, 0x5c, COMMON, 0, 0x0000, 56)
    vcap(s, 0x5c, 0x6c, ISR, 0, 0x2000, 1)
    vcap(s, 0x6c, 0x7c, DEVICE, 0, 0x4000, 0x1000)
    vcap(s, 0x7c, 0x90, NOTIFY, 0, 0x6000, 0x1000, mult=4)
    vcap(s, 0x90, 0, PCI_CFG, 0, 0, 0, cap_len=20)
    return s


def root_port():
    """A PCIe root port (type 1): PM, Express, MSI, subsystem IDs; AER."""
    s = space(0x1b36, 0x000c, 0x060400, htype=1, first=0x40, ext=True)
    cap(s, 0x40, PM, 0x48, u16(0x0003) + bytes(4))
    cap(s, 0x48, PCIE, 0x84, u16(0x0042) + bytes(0x3a))
    cap(s, 0x84, MSI, 0x90, u16(0x0080) + bytes(8))
    cap(s, 0x90, SSVID, 0, bytes(6))
    ext_cap(s, 0x100, 0x0001, 0, 2, bytes(0x44))
    return s


def pci_cap_seeds(d):
    q35 = qemu_virtio()
    write(d, "q35-virtio-blk", u8(1) + q35)
    write(d, "pc-virtio-blk", u8(0) + qemu_virtio(0x1001, pcie=False))
    write(d, "chv-virtio", u8(1) + chv_virtio())
    write(d, "root-port", u8(1) + root_port())
    write(d, "host-bridge", u8(0) + space(0x8086, 0x1237, 0x060000, first=0))
    cb = space(0x104c, 0xac56, 0x060700, htype=2, first=0x80)
    cap(cb, 0x80, PM, 0)
    write(d, "cardbus", u8(0) + cb)
    loop = root_port()
    loop[0x91] = 0x48                      # SSVID -> Express: a cycle
    ext_cap(loop, 0x100, 0x0001, 0x100, 2)  # AER -> itself
    write(d, "loops", u8(1) + loop)
    bad = root_port()
    bad[0x85] = 0x20                       # MSI -> into the header
    ext_cap(bad, 0x100, 0x0001, 0x0ff, 2)  # next below 0x100
    write(d, "into-header", u8(1) + bad)
    noext = root_port()
    put(noext, 0x100, u32(0xffffffff))
    write(d, "no-ext-caps", u8(1) + noext)


def bars(*spec, ecam=True):
    """12 BAR bytes from (index, type, log2 size) triples."""
    h = bytearray(12)
    for i, t, log2 in spec:
        h[2 * i] = t
        h[2 * i + 1] = log2 - 4
    if ecam:
        h[0] |= 0x40
    return h


def virtio_pci_seeds(d):
    qemu_bars = bars((0, IO, 6), (1, MEM32, 12), (4, MEM64, 14))
    write(d, "qemu-q35", qemu_bars + u16(3) + u16(0x3ff) + qemu_virtio())
    write(d, "qemu-pc", bars((0, IO, 6), (1, MEM32, 12), (4, MEM64, 14), ecam=False)
          + u16(0) + u16(1) + qemu_virtio(0x1001, pcie=False))
    chv_bars = bars((0, MEM64, 19))
    write(d, "chv", chv_bars + u16(2) + u16(0x400) + chv_virtio())
    # The first notification capability unusable (on the I/O BAR), the
    # second one good.
    s = qemu_virtio()
    vcap(s, 0x84, 0x70, NOTIFY, 0, 0, 0x40, mult=2)
    write(d, "notify-io-bar", qemu_bars + u16(0) + u16(0x7ff) + s)
    # Structures past their BAR, a short cap_len, a multiplier of 0.
    s = chv_virtio()
    vcap(s, 0x6c, 0x7c, DEVICE, 0, 0x7f000, 0x2000)
    vcap(s, 0x7c, 0x90, NOTIFY, 0, 0x6000, 0x1000, mult=0)
    vcap(s, 0x5c, 0x6c, ISR, 0, 0x2000, 1, cap_len=12)
    write(d, "chv-damaged", chv_bars + u16(0xffff) + u16(7) + s)
    # A BAR left unassigned by the VMM, and a list that loops.
    s = chv_virtio()
    s[0x91] = 0x4c
    write(d, "chv-unassigned-loop", bars((0, MEM64 | 0x80, 19)) + u16(1) + u16(2) + s)


target, _, out = args()
{"pci_cap": pci_cap_seeds, "virtio_pci": virtio_pci_seeds}[target](out)
