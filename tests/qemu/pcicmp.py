#!/usr/bin/env python3
"""Compare the PCI functions QEMU has ('info pci') with those the firmware
found (its 'pci SSSS:BB:DD.F VVVV:DDDD ...' debug lines).

usage: pcicmp.py INFO_PCI_OUTPUT FIRMWARE_LOG
Exit 0 when both list the same (bus, device, function, vendor:device) set.
"""
import re
import sys


def from_qemu(text):
    found = set()
    loc = None
    for line in text.splitlines():
        m = re.match(r"\s*Bus\s+(\d+), device\s+(\d+), function (\d+):", line)
        if m:
            loc = tuple(int(x) for x in m.groups())
            continue
        m = re.search(r"PCI device ([0-9a-f]{4}):([0-9a-f]{4})", line)
        if m and loc:
            found.add(loc + (m.group(1) + ":" + m.group(2),))
            loc = None
    return found


def from_firmware(text):
    found = set()
    for line in text.splitlines():
        m = re.match(r"pci ([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) "
                     r"([0-9a-f]{4}:[0-9a-f]{4})", line)
        if m:
            found.add((int(m.group(2), 16), int(m.group(3), 16),
                       int(m.group(4)), m.group(5)))
    return found


def main():
    qemu = from_qemu(open(sys.argv[1]).read())
    fw = from_firmware(open(sys.argv[2]).read())
    fmt = lambda s: ", ".join("%02x:%02x.%d %s" % t for t in sorted(s))
    if not qemu:
        sys.exit("pcicmp: no devices in QEMU's 'info pci' output")
    if qemu != fw:
        print("    QEMU only:     " + fmt(qemu - fw))
        print("    firmware only: " + fmt(fw - qemu))
        sys.exit(1)
    print("    %d functions match: %s" % (len(qemu), fmt(qemu)))


if __name__ == "__main__":
    main()
