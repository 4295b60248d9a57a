#!/usr/bin/env python3
"""Write a hardware-info BLOB for QEMU's
   -fw_cfg name=etc/hardware-info,file=BLOB

The BLOB is a concatenation of little-endian, packed records with no global
header: {type u64, size u64, payload[size]} (see DESIGN.md, "The
hardware-info BLOB"). Records are written in the order given on the command
line.

Host bridge (type 1, version 0, 120 bytes), one --host-bridge per bridge,
as comma-separated key=value items (numbers in decimal or 0x-hex; a range is
START:SIZE, omitted ranges are absent, i.e. size 0):

  bus=FIRST-LAST        bus_nr_start/bus_nr_last (default 0-255)
  ecam=START:SIZE       pcie_config (ECAM) window
  io=START:SIZE         I/O aperture (I/O space is 64 KiB)
  mem=START:SIZE        32-bit memory aperture
  pmem=START:SIZE       32-bit prefetchable aperture
  mem64=START:SIZE      memory aperture above 4 GiB
  pmem64=START:SIZE     prefetchable aperture above 4 GiB
  flags=LIST            '+'-separated names: dma64 (bit 0, DMA above 4G),
                        noext (bit 1, no extended config space), combine
                        (bit 2, combine mem and pmem); or a number
  attributes=N          EFI_PCI_ATTRIBUTE_* bits (default 0)
  version=N             record version (default 0; others are for negative
                        tests and must be rejected)
  size=N                payload size written in the header (default 120;
                        smaller values truncate the payload, larger pad it
                        with zeros)

Examples:
  mkhwinfo.py -o hw.bin --host-bridge bus=0-0x7f,ecam=0xe0000000:0x8000000,\\
      io=0x6000:0xa000,mem=0x80000000:0x40000000,mem64=0x8000000000:0x8000000000,flags=dma64
  mkhwinfo.py -o bad.bin --host-bridge version=1 --unknown 0x1234:16 \\
      --host-bridge bus=9-8 --oversized
"""

import argparse
import struct
import sys

TYPE_HOST_BRIDGE = 1
TYPE_QEMU_UEFI_VARS = 2
HB_SIZE = 120
FLAG_NAMES = {"dma64": 1 << 0, "noext": 1 << 1, "combine": 1 << 2}
RANGES = ("io", "mem", "pmem", "mem64", "pmem64", "ecam")


def num(text):
    try:
        return int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number: %r" % text)


def u64(value, what):
    if not 0 <= value < 1 << 64:
        raise argparse.ArgumentTypeError("%s out of u64 range" % what)
    return value


def parse_flags(text):
    try:
        return int(text, 0)
    except ValueError:
        pass
    flags = 0
    for name in text.split("+"):
        if name not in FLAG_NAMES:
            raise argparse.ArgumentTypeError(
                "unknown flag %r (known: %s)" % (name, ", ".join(FLAG_NAMES)))
        flags |= FLAG_NAMES[name]
    return flags


def parse_range(key, text):
    start, sep, size = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError("%s wants START:SIZE" % key)
    return u64(num(start), key + " start"), u64(num(size), key + " size")


def host_bridge(text):
    """Parse one --host-bridge spec into a dict."""
    hb = {"bus": (0, 255), "flags": 0, "attributes": 0, "version": 0,
          "size": HB_SIZE}
    for item in filter(None, text.split(",")):
        key, sep, value = item.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError("%r is not key=value" % item)
        if key == "bus":
            first, _, last = value.partition("-")
            hb["bus"] = (num(first), num(last if last else first))
            if not all(0 <= b <= 255 for b in hb["bus"]):
                raise argparse.ArgumentTypeError("bus numbers are 0-255")
        elif key in RANGES:
            hb[key] = parse_range(key, value)
        elif key == "flags":
            hb["flags"] = parse_flags(value)
        elif key in ("attributes", "version", "size"):
            hb[key] = u64(num(value), key)
        else:
            raise argparse.ArgumentTypeError("unknown key %r" % key)
    return ("hb", hb)


def unknown(text):
    """TYPE[:SIZE] -> an opaque record of SIZE bytes (default 0)."""
    type_, _, size = text.partition(":")
    return ("unknown", (u64(num(type_), "type"), num(size) if size else 0))


def record(type_, payload, size=None):
    """Header + payload; size overrides the header's size field only."""
    if size is None:
        size = len(payload)
    return struct.pack("<QQ", type_, size) + payload


def encode_host_bridge(hb):
    payload = struct.pack("<QQIBB2x", hb["version"], hb["attributes"],
                          hb["flags"], hb["bus"][0], hb["bus"][1])
    for key in RANGES:
        payload += struct.pack("<QQ", *hb.get(key, (0, 0)))
    assert len(payload) == HB_SIZE
    size = hb["size"]
    payload = payload[:size] + bytes(max(0, size - HB_SIZE))
    return record(TYPE_HOST_BRIDGE, payload)


class Append(argparse.Action):
    """Keeps every record option in one ordered list."""

    def __call__(self, parser, ns, values, option_string=None):
        items = getattr(ns, "records", None) or []
        items.append(values if self.const is None else (self.const, values))
        ns.records = items


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True,
                    help="BLOB file to write ('-' for stdout)")
    ap.add_argument("--host-bridge", metavar="SPEC", type=host_bridge,
                    action=Append, dest="records",
                    help="append a host bridge record (see above)")
    ap.add_argument("--uefi-vars", metavar="MMIO", type=num, action=Append,
                    const="vars", dest="records",
                    help="append a QEMU uefi-vars record {mmio_address u64}")
    ap.add_argument("--unknown", metavar="TYPE[:SIZE]", type=unknown,
                    action=Append, dest="records",
                    help="append a record of any type with SIZE filler bytes "
                         "(parsers must keep and skip it)")
    ap.add_argument("--truncated", metavar="N", type=num, action=Append,
                    const="truncated", dest="records",
                    help="append only the first N (<16) bytes of a record "
                         "header: a broken frame that ends the BLOB")
    ap.add_argument("--oversized", metavar="SIZE", type=num, nargs="?",
                    const=None, default=None, action=Append, dest="records",
                    help="append a host-bridge header whose size field "
                         "(default 2^64-1) exceeds what follows, then a "
                         "valid 120-byte payload")
    args = ap.parse_args(argv)

    blob = b""
    for kind in args.records or []:
        if kind is None or isinstance(kind, int):  # --oversized [SIZE]
            size = (1 << 64) - 1 if kind is None else u64(kind, "size")
            blob += record(TYPE_HOST_BRIDGE,
                           encode_host_bridge(host_bridge("")[1])[16:], size)
            continue
        tag, value = kind
        if tag == "hb":
            blob += encode_host_bridge(value)
        elif tag == "vars":
            blob += record(TYPE_QEMU_UEFI_VARS, struct.pack("<Q", u64(value, "mmio")))
        elif tag == "unknown":
            blob += record(value[0], bytes([0xA5]) * value[1])
        elif tag == "truncated":
            if not 0 < value < 16:
                ap.error("--truncated wants 1..15 bytes")
            blob += struct.pack("<QQ", 0x7E57, 0)[:value]

    if args.output == "-":
        sys.stdout.buffer.write(blob)
    else:
        with open(args.output, "wb") as f:
            f.write(blob)
    return 0


if __name__ == "__main__":
    sys.exit(main())
