#!/usr/bin/env python3
"""Seeds for the hwinfo and fwcfg_dir fuzz targets.

hwinfo: hardware-info BLOBs written by scripts/mkhwinfo.py, the tool the
QEMU tests use, in the shapes they boot with (tests/qemu/t_pci.sh,
linux_lib.sh: Q35's root bridge, pxb-pcie expanders, unknown records,
version and bus-range errors, truncated and oversized frames) and the
unit tests check (tests/unit/test_hwinfo.c).

fwcfg_dir: fw_cfg file directories (key 0x19: big-endian count, then
64-byte entries {BE size, BE select, reserved, name[56]}) as QEMU and
Cloud Hypervisor present them, and damaged ones.

  seeds_hwinfo.py hwinfo MKHWINFO DIR
  seeds_hwinfo.py fwcfg_dir DIR
"""
import subprocess
import sys

from seedlib import args, be16, be32, write

Q35 = "bus=0-0x3f,ecam=0xb0000000:0x4000000,io=0x6000:0xa000,mem=0xc0000000:0x20000000,mem64=0x800000000:0x800000000"
BLOBS = {
    "chv": ["--host-bridge", "bus=0-0,ecam=0xe8000000:0x100000,io=0x0:0x10000,"
            "mem=0xc0000000:0x28000000,mem64=0x100000000:0x3ff00000000,flags=dma64"],
    "q35": ["--host-bridge", "bus=0-0xff,ecam=0xb0000000:0x10000000,io=0x6000:0xa000,"
            "mem=0x80000000:0x30000000,pmem64=0x800000000:0x800000000"],
    "pxb": ["--host-bridge", Q35,
            "--host-bridge", "bus=0x40-0x7f,ecam=0xb4000000:0x4000000,flags=dma64",
            "--unknown", "0x77:24",
            "--host-bridge", "bus=0x80-0xff,ecam=0xb0000000:0x10000000,flags=combine+noext"],
    "vars-svsm": ["--uefi-vars", "0xfef10000", "--unknown", "0x1000:32",
                  "--host-bridge", "bus=0-0x7f,mem=0x80000000:0x10000000"],
    "bad-records": ["--host-bridge", "bus=0-0x3f,ecam=0xb0000000:0x4000000",
                    "--host-bridge", "bus=0x40-0x7f,ecam=0xb4000000:0x4000000,version=1",
                    "--host-bridge", "bus=0x90-0x80,ecam=0xb8000000:0x1000000",
                    "--host-bridge", "bus=0x80-0xff,size=100",
                    "--truncated", "9"],
    "oversized": ["--host-bridge", Q35, "--oversized", "0x1000",
                  "--host-bridge", "bus=0x40-0x7f,ecam=0xb4000000:0x4000000"],
    "wrapping": ["--host-bridge", "bus=0-0xff,io=0xf000:0x2000,"
                 "mem=0xfffffffffffff000:0x2000,pmem=0x0:0x0"],
}

FILES = [  # (name, size, select) as QEMU q35 lists them
    ("bios-geometry", 0, 0x20), ("bootorder", 0, 0x21), ("etc/acpi/rsdp", 36, 0x22),
    ("etc/acpi/tables", 131072, 0x23), ("etc/boot-fail-wait", 4, 0x24),
    ("etc/e820", 40, 0x25), ("etc/extra-pci-roots", 8, 0x26),
    ("etc/hardware-info", 144, 0x27), ("etc/smbios/smbios-anchor", 31, 0x28),
    ("etc/smbios/smbios-tables", 338, 0x29), ("etc/table-loader", 4096, 0x2a),
    ("genroms/kvmvapic.bin", 9216, 0x2b), ("opt/org.cloudhv/cmdline", 20, 0x2c),
]


def fw_dir(files, count=None):
    d = be32(len(files) if count is None else count)
    for name, size, select in files:
        n = name.encode()[:56]
        d += be32(size) + be16(select) + bytes(2) + n + bytes(56 - len(n))
    return d


def fwcfg_seeds(out):
    write(out, "q35", fw_dir(FILES))
    write(out, "chv", fw_dir([("etc/acpi/rsdp", 36, 0x20), ("etc/acpi/tables", 65536, 0x21),
                              ("opt/cloudhv/kernel", 0x800000, 0x22)]))
    write(out, "empty", fw_dir([]))
    write(out, "claims-more", fw_dir(FILES[:3], count=0xffffffff))
    write(out, "bad-select-dup", fw_dir([("etc/hardware-info", 8, 0x19),
                                         ("etc/hardware-info", 144, 0x30),
                                         ("x" * 56, 1, 0x31), ("etc/hardware-info", 9, 0x32),
                                         ("y", 2, 0x4000)]))
    write(out, "extra-roots", (2).to_bytes(8, "little"))


def hwinfo_seeds(mkhwinfo, out):
    for name, spec in BLOBS.items():
        blob = subprocess.run([sys.executable, mkhwinfo, "-o", "-"] + spec,
                              check=True, stdout=subprocess.PIPE).stdout
        write(out, name, blob)


target, inputs, out = args()
if target == "hwinfo":
    hwinfo_seeds(inputs[0], out)
else:
    fwcfg_seeds(out)
