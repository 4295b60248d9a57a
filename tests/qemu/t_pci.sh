# PCI discovery: root bridges from the hardware-info BLOB, ACPI MCFG or
# CF8; every function QEMU has ('info pci' in the monitor) is found, on pc
# (CF8), q35 (ECAM) and q35 with pxb-pcie expander root bridges described
# by a BLOB. A damaged BLOB gives clear messages; its valid host bridges
# are used and the buses it failed to describe are searched through MCFG,
# so no device is hidden.

# pci_vs_qemu NAME MACHINE APPEND [QEMU args]: boot until the firmware
# settles (no fw.test: nothing boots, so it waits in the shell), then
# compare with 'info pci'.
pci_vs_qemu() {
	local name=$1 machine=$2 append=$3
	shift 3
	qemu_start "$name" "$machine" 256 "fw.log=debug $append" "$@"
	wait_for '^cloudhv-fw ready|^bootmgr: starting the shell' || { qemu_stop; return 1; }
	monitor "info pci" >"$OUT/$name.info-pci" || { qemu_stop; return 1; }
	qemu_stop
	tr -d '\r' <"$LOG" >"$OUT/$name.log.txt"
	tests/qemu/pcicmp.py "$OUT/$name.info-pci" "$OUT/$name.log.txt"
}

DISK_RO=(-drive if=none,id=d0,file=/dev/null,format=raw,readonly=on)

test_pci_pc_cf8_matches_qemu() {
	pci_vs_qemu pci-pc pc "" "${DISK_RO[@]}" \
		-device virtio-blk-pci,drive=d0 -device virtio-rng-pci \
		-device pci-bridge,id=br1,chassis_nr=1 \
		-device virtio-rng-pci,bus=br1,addr=3 \
		-device pci-bridge,id=br2,chassis_nr=2,bus=br1,addr=4 \
		-device virtio-rng-pci,bus=br2,addr=5 || return 1
	expect '^pci: root bridges from default \(bus 0 through CF8\): 1' &&
		expect '^pci 0000:00:01\.1 8086:7010 class 010180 BAR4 io 0x[0-9a-f]+\+0x10' &&
		expect '^pci: 1 root bridge, 10 devices'
}

test_pci_q35_ecam_matches_qemu() {
	pci_vs_qemu pci-q35 q35 "" "${DISK_RO[@]}" \
		-device pcie-root-port,id=rp1,chassis=1,slot=1 \
		-device virtio-blk-pci,bus=rp1,drive=d0 \
		-device pcie-root-port,id=rp2,chassis=2,slot=2 \
		-device virtio-rng-pci,bus=rp2,disable-legacy=on || return 1
	expect '^pci: root bridges from ACPI MCFG: 1' &&
		expect '^pci 0000:0[0-9a-f]:00\.0 1af4:1042 class 010000 .*BAR4 mem64pf 0x[0-9a-f]+\+0x4000' &&
		expect '^pci: 1 root bridge, 8 devices'
}

# q35 with two expander root bridges (buses 0x40 and 0x80) and a root
# port on each, plus one on the main root bus.
PXB=(-drive if=none,id=d1,file=/dev/null,format=raw,readonly=on
	-device pxb-pcie,id=pxb1,bus_nr=0x40,bus=pcie.0
	-device pcie-root-port,id=rp1,bus=pxb1,chassis=1,slot=1
	-device virtio-blk-pci,bus=rp1,drive=d1
	-device pxb-pcie,id=pxb2,bus_nr=0x80,bus=pcie.0
	-device pcie-root-port,id=rp2,bus=pxb2,chassis=2,slot=1
	-device virtio-rng-pci,bus=rp2
	-device pcie-root-port,id=rp0,bus=pcie.0,chassis=3,slot=1
	-device virtio-rng-pci,bus=rp0,disable-legacy=on)

# mkblob NAME ARGS...: a hardware-info BLOB for the firmware's fw_cfg.
mkblob() {
	local name=$1
	shift
	python3 scripts/mkhwinfo.py -o "$OUT/$name.blob" "$@" >/dev/null
}

# The three root buses as a VMM would describe them: the first with its
# own ECAM window, the second too, the third with the segment's window.
GOOD_BRIDGES=(
	--host-bridge bus=0-0x3f,ecam=0xb0000000:0x4000000,io=0x6000:0xa000,mem=0xc0000000:0x20000000,mem64=0x800000000:0x800000000
	--host-bridge bus=0x40-0x7f,ecam=0xb4000000:0x4000000,flags=dma64
	--unknown 0x77:24
	--host-bridge bus=0x80-0xff,ecam=0xb0000000:0x10000000,flags=combine
)

test_pci_pxb_hwinfo_finds_all() {
	mkdir -p "$OUT"
	mkblob pxb-good "${GOOD_BRIDGES[@]}" || return 1
	pci_vs_qemu pci-pxb q35 "" -fw_cfg "name=etc/hardware-info,file=$OUT/pxb-good.blob" \
		"${PXB[@]}" || return 1
	expect '^hwinfo: 4 records, 0 rejected' &&
		expect '^hwinfo: 0x110 unknown \(0x77\) 24 bytes' &&
		expect '^pci: root bridges from hardware-info: 3' &&
		expect '^pci 0000:41:00\.0 1af4:1042 ' &&
		expect '^pci 0000:81:00\.0 1af4:1044 ' &&
		expect '^pci: 3 root bridges, 1[0-9] devices' &&
		reject '^(error|warning):'
}

# Framing broken at the first record: nothing usable, MCFG takes over and
# its buses are searched for the expanders' root buses.
test_pci_hwinfo_corrupt_falls_back() {
	mkdir -p "$OUT"
	mkblob pxb-bad --oversized 0xffffffffffff0000 || return 1
	pci_vs_qemu pci-hwinfo-bad q35 "" \
		-fw_cfg "name=etc/hardware-info,file=$OUT/pxb-bad.blob" "${PXB[@]}" || return 1
	expect '^warning: hwinfo: record at offset 0x0 \(type 0x1\) claims 18446744073709486080 bytes but 120 remain; parsing stops' &&
		expect '^hwinfo: 0 records, 1 rejected' &&
		expect '^pci: buses 0x00-0xff \(segment 0\) from ACPI MCFG \(hardware-info damaged at offset 0x0\)' &&
		expect '^pci: root bus 0000:40 \(buses 0x40-0x7f\) found by a scan of ACPI MCFG buses' &&
		expect '^pci: root bridges from hardware-info: 0, from ACPI MCFG: 3 \(hardware-info damaged at offset 0x0\)' &&
		expect '^cloudhv-fw ready|^bootmgr: starting the shell'
}

# Good bridges around three damaged records: each damaged record is
# reported with its offset and reason; the good ones are used as
# described, and the buses of the rejected one (the expander at 0x40 with
# the disk) come from MCFG.
test_pci_hwinfo_partly_corrupt() {
	mkdir -p "$OUT"
	mkblob pxb-partial \
		--host-bridge bus=0-0x3f,ecam=0xb0000000:0x4000000 \
		--host-bridge bus=0x40-0x7f,ecam=0xb4000000:0x4000000,version=1 \
		--host-bridge bus=0x90-0x80,ecam=0xb8000000:0x1000000 \
		--host-bridge bus=0x80-0xff,ecam=0xb0000000:0x10000000 \
		--truncated 9 || return 1
	pci_vs_qemu pci-hwinfo-partial q35 "" \
		-fw_cfg "name=etc/hardware-info,file=$OUT/pxb-partial.blob" "${PXB[@]}" || return 1
	expect '^warning: hwinfo: record at offset 0x88 \(type 0x1 host-bridge, 120 bytes\) rejected: unsupported version' &&
		expect '^warning: hwinfo: record at offset 0x110 \(type 0x1 host-bridge, 120 bytes\) rejected: bus_nr_start is above bus_nr_last' &&
		expect '^warning: hwinfo: 9 bytes at offset 0x220 are too short for a record header' &&
		expect '^hwinfo: 2 records, 3 rejected' &&
		expect '^pci: root bridge 0 \(segment 0, buses 0x00-0x3f\) from hardware-info$' &&
		expect '^pci: root bridge 1 \(segment 0, buses 0x80-0xff\) from hardware-info$' &&
		expect '^pci: buses 0x40-0x7f \(segment 0\) from ACPI MCFG \(hardware-info damaged at offset 0x88\)' &&
		expect '^pci: root bus 0000:40 \(buses 0x40-0x7f\) found by a scan of ACPI MCFG buses' &&
		expect '^pci: root bridges from hardware-info: 2, from ACPI MCFG: 1 \(hardware-info damaged at offset 0x88\)' &&
		expect '^blk0: 0000:41:00\.0 1af4:1042' &&
		reject '^pci: root bus 0000:80 '
}

# The case: [bridge A][a record whose size runs past the end][bridge
# B]. The broken framing hides B's record, so only A is trusted; the
# expander B described (root bus 0x40, a disk behind its root port) is
# found by searching MCFG's buses, and so is the second expander.
test_pci_hwinfo_damage_hides_no_disk() {
	local disk=$OUT/pci-hide.img
	mkdir -p "$OUT"
	truncate -s 4M "$disk" || return 1
	mkblob pxb-hide \
		--host-bridge bus=0-0x3f,ecam=0xb0000000:0x4000000,io=0x6000:0xa000,mem=0xc0000000:0x20000000 \
		--oversized 0x1000 \
		--host-bridge bus=0x40-0x7f,ecam=0xb4000000:0x4000000 || return 1
	pci_vs_qemu pci-hwinfo-hide q35 "" \
		-fw_cfg "name=etc/hardware-info,file=$OUT/pxb-hide.blob" \
		-drive "if=none,id=d2,file=$disk,format=raw" \
		-device pxb-pcie,id=pxb1,bus_nr=0x40,bus=pcie.0 \
		-device pcie-root-port,id=rp1,bus=pxb1,chassis=1,slot=1 \
		-device virtio-blk-pci,bus=rp1,drive=d2,disable-legacy=on \
		-device pxb-pcie,id=pxb2,bus_nr=0x80,bus=pcie.0 \
		-device pcie-root-port,id=rp2,bus=pxb2,chassis=2,slot=1 \
		-device virtio-rng-pci,bus=rp2 || return 1
	expect '^warning: hwinfo: record at offset 0x88 \(type 0x1\) claims 4096 bytes but 256 remain; parsing stops' &&
		expect '^hwinfo: 1 records, 1 rejected' &&
		expect '^pci: root bridge 0 \(segment 0, buses 0x00-0x3f\) from hardware-info$' &&
		expect '^pci: buses 0x40-0xff \(segment 0\) from ACPI MCFG \(hardware-info damaged at offset 0x88\)' &&
		expect '^pci: root bus 0000:40 \(buses 0x40-0x7f\) found by a scan of ACPI MCFG buses; no apertures known' &&
		expect '^pci: root bus 0000:80 \(buses 0x80-0xff\) found by a scan of ACPI MCFG buses' &&
		expect '^pci: root bridges from hardware-info: 1, from ACPI MCFG: 2 \(hardware-info damaged at offset 0x88\)' &&
		expect '^blk0: 0000:41:00\.0 1af4:1042' &&
		expect '^blk0: 4 MiB' &&
		expect '^pci: 3 root bridges, 1[0-9] devices'
}

# No BLOB: MCFG gives one segment, and QEMU's etc/extra-pci-roots says
# two expander root buses hang in it: they are searched for, and found.
test_pci_q35_pxb_without_hwinfo() {
	pci_vs_qemu pci-pxb-mcfg q35 "" "${PXB[@]}" || return 1
	expect '^pci: root bus 0000:40 \(buses 0x40-0x7f\) found by a scan of ACPI MCFG buses' &&
		expect '^pci: root bus 0000:80 \(buses 0x80-0xff\) found by a scan of ACPI MCFG buses' &&
		expect '^pci: QEMU reports 2 extra root buses' &&
		expect '^pci: root bridges from ACPI MCFG: 3$' &&
		expect '^pci 0000:41:00\.0 1af4:1042 '
}

# pc has no MCFG: a damaged BLOB's undescribed buses come from CF8, and
# the pxb expander's root bus (0x40) is found there.
test_pci_pc_pxb_hwinfo_damaged() {
	mkdir -p "$OUT"
	mkblob pc-pxb-bad --host-bridge bus=0-0x3f --truncated 5 || return 1
	pci_vs_qemu pci-pc-pxb pc "" -fw_cfg "name=etc/hardware-info,file=$OUT/pc-pxb-bad.blob" \
		-device pxb,id=pxb1,bus_nr=0x40,bus=pci.0 \
		-device virtio-rng-pci,bus=pxb1,addr=3 \
		-device pci-bridge,id=br1,bus=pxb1,chassis_nr=1,addr=4 \
		-device virtio-rng-pci,bus=br1,addr=5 || return 1
	expect '^warning: hwinfo: 5 bytes at offset 0x88 are too short for a record header' &&
		expect '^pci: buses 0x40-0xff \(segment 0\) from CF8 \(hardware-info damaged at offset 0x88\)' &&
		expect '^pci: root bus 0000:40 \(buses 0x40-0xff\) found by a scan of CF8 buses' &&
		expect '^pci: root bridges from hardware-info: 1, from CF8: 1 '
}

# Random bytes: no crash, no hang, boot goes on.
test_pci_hwinfo_garbage() {
	mkdir -p "$OUT"
	head -c 777 /dev/urandom >"$OUT/garbage.blob"
	qemu_boot pci-hwinfo-garbage q35 256 "fw.test" \
		-fw_cfg "name=etc/hardware-info,file=$OUT/garbage.blob" || return 1
	expect '^cloudhv-fw ready' && expect_exit 0
}

# fw_cfg without DMA: the BLOB is read through the data port instead.
test_pci_hwinfo_fwcfg_port_io() {
	mkdir -p "$OUT"
	mkblob pio --host-bridge bus=0-0xff,ecam=0xb0000000:0x10000000 || return 1
	qemu_boot pci-fwcfg-pio q35 256 "fw.test fw.log=debug" \
		-global fw_cfg_io.dma_enabled=off \
		-fw_cfg "name=etc/hardware-info,file=$OUT/pio.blob" || return 1
	expect '^fw_cfg: present, features 0x1$' &&
		expect '^hwinfo: 0x0 host-bridge \(0x1\) 120 bytes: bus=00-ff ecam=0xb0000000\+0x10000000' &&
		expect '^pci: root bridges from hardware-info: 1' &&
		expect_exit 0
}
