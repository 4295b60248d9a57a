# virtio-blk: LBA-tagged disks read back exactly (start, middle, end, one
# 16 MiB request), writes land on the host image byte for byte, a
# read-only disk refuses writes, several disks at once, modern-only and
# transitional devices, and a legacy-only device is reported and skipped.

lba_disk() { # lba_disk NAME MIB: an LBA-tagged image, made once
	mkdir -p "$OUT"
	[[ -f $OUT/$1.img ]] || tests/qemu/mkdisk.py "$OUT/$1.img" "$2"
}

check_read() {
	local name=$1 machine=$2 legacy=$3
	lba_disk lba64 64 || return 1
	qemu_boot "$name" "$machine" 256 "fw.test fw.selftest=blk" \
		-drive "if=none,id=d0,file=$OUT/lba64.img,format=raw,readonly=on" \
		-device "virtio-blk-pci,drive=d0,disable-legacy=$legacy" || return 1
	expect '^blk0: 64 MiB, 512-byte blocks, read-only, flush, queue [0-9]+, up to [0-9]+ KiB per request' &&
		expect '^blk0: self-test read: ok, 16453 KiB in 5 ranges verified' &&
		reject '^error:' && expect_exit 0
}

test_blk_read_q35_modern() { check_read blk-q35-modern q35 on; }
test_blk_read_q35_transitional() { check_read blk-q35-trans q35 off; }
test_blk_read_pc_transitional() { check_read blk-pc-trans pc off; }

# Two disks: the LBA disk read-only, a scratch disk written; the host then
# checks the scratch image byte for byte.
test_blk_write_two_disks() {
	lba_disk lba64 64 || return 1
	rm -f "$OUT/scratch.img"
	truncate -s 32M "$OUT/scratch.img"
	qemu_boot blk-write q35 256 "fw.test fw.selftest=blk,blk-write" \
		-drive "if=none,id=d0,file=$OUT/lba64.img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d0 \
		-drive "if=none,id=d1,file=$OUT/scratch.img,format=raw" \
		-device virtio-blk-pci,drive=d1,disable-legacy=on || return 1
	expect '^virtio: 2 device\(s\), 2 disk\(s\)' &&
		expect '^blk0: self-test read: ok' &&
		expect '^error: blk0: write at LBA 0 refused: the disk is read-only' &&
		expect '^blk0: self-test write: refused \(read-only disk\)' &&
		expect '^blk1: 32 MiB, 512-byte blocks, flush' &&
		expect '^blk1: self-test write: ok, 5 MiB written and flushed' &&
		expect '^virtio: 2 device\(s\) reset before handover' &&
		expect_exit 0 || return 1
	tests/qemu/mkdisk.py --check-write "$OUT/scratch.img" >/dev/null
}

# A 4 KiB logical block size: LBAs in 4 KiB units, headers still in
# 512-byte sectors.
test_blk_4k_blocks() {
	lba_disk lba64 64 || return 1
	qemu_boot blk-4k q35 256 "fw.test fw.selftest=blk" \
		-drive "if=none,id=d0,file=$OUT/lba64.img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d0,logical_block_size=4096,physical_block_size=4096 || return 1
	expect '^blk0: 64 MiB, 4096-byte blocks' &&
		expect '^blk0: self-test read: ok' && expect_exit 0
}

test_blk_legacy_only_skipped() {
	qemu_boot blk-legacy pc 128 "fw.test" \
		-drive if=none,id=d0,file=/dev/null,format=raw,readonly=on \
		-device virtio-blk-pci,drive=d0,disable-modern=on || return 1
	expect '^warning: blk0 \(0000:00:0[0-9a-f]\.0 1af4:1001\): no modern virtio capabilities \(legacy-only device\), skipped' &&
		expect '^virtio: 1 device\(s\), 0 disk\(s\)' &&
		expect '^cloudhv-fw ready' && expect_exit 0
}
