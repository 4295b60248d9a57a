# PCI discovery: root bridges from the hardware-info BLOB, ACPI MCFG or
# CF8; every function QEMU has ('info pci' in the monitor) is found, on pc
# (CF8), q35 (ECAM) and q35 with pxb-pcie expander root bridges described
# by a BLOB. A damaged BLOB gives clear messages and boot goes on with the
# next discovery source.

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

# Framing broken at the first record: nothing usable, MCFG takes over
# (devices behind the expanders are then out of reach), boot goes on.
test_pci_hwinfo_corrupt_falls_back() {
	mkdir -p "$OUT"
	mkblob pxb-bad --oversized 0xffffffffffff0000 || return 1
	qemu_boot pci-hwinfo-bad q35 256 "fw.test fw.log=debug" \
		-fw_cfg "name=etc/hardware-info,file=$OUT/pxb-bad.blob" "${PXB[@]}" || return 1
	expect '^warning: hwinfo: record at offset 0x0 \(type 0x1\) claims 18446744073709486080 bytes but 120 remain; parsing stops' &&
		expect '^hwinfo: 0 records, 1 rejected' &&
		expect '^pci: root bridges from ACPI MCFG: 1' &&
		expect '^cloudhv-fw ready' &&
		expect_exit 0
}

# One good bridge and two damaged ones: each damaged record is reported
# with its offset and reason; the good one is used.
test_pci_hwinfo_partly_corrupt() {
	mkdir -p "$OUT"
	mkblob pxb-partial \
		--host-bridge bus=0-0x3f,ecam=0xb0000000:0x4000000 \
		--host-bridge bus=0x40-0x7f,ecam=0xb4000000:0x4000000,version=1 \
		--host-bridge bus=0x90-0x80,ecam=0xb8000000:0x1000000 \
		--truncated 9 || return 1
	qemu_boot pci-hwinfo-partial q35 256 "fw.test fw.log=debug" \
		-fw_cfg "name=etc/hardware-info,file=$OUT/pxb-partial.blob" "${PXB[@]}" || return 1
	expect '^warning: hwinfo: record at offset 0x88 \(type 0x1 host-bridge, 120 bytes\) rejected: unsupported version' &&
		expect '^warning: hwinfo: record at offset 0x110 \(type 0x1 host-bridge, 120 bytes\) rejected: bus_nr_start is above bus_nr_last' &&
		expect '^warning: hwinfo: 9 bytes at offset 0x198 are too short for a record header' &&
		expect '^hwinfo: 1 records, 3 rejected' &&
		expect '^pci: root bridges from hardware-info: 1' &&
		expect '^cloudhv-fw ready' &&
		expect_exit 0
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
