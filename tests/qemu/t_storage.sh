# Storage protocols: tests/efi/storage.c (through fw_cfg) checks BlockIO,
# DiskIO, PartitionInfo, SimpleFileSystem and File on a disk labelled
# STORTEST (GPT/FAT32, MBR/FAT16, GPT/FAT12, or FAT32 on the whole disk)
# next to a read-only disk (STORRO); the host then checks what the app
# wrote with fsck.fat -n, mtools and dd. A damaged primary GPT still gives
# the partition (backup header).

# st_disk IMG [mkesp options]: the STORTEST population.
st_disk() {
	local img=$1
	shift
	mkdir -p "$OUT"
	local trunc=$img.trunc
	python3 -c 'import sys; sys.stdout.write("0123456789" * 300)' >"$trunc"
	tests/qemu/mkesp.sh "$img" --label STORTEST "$@" \
		--text "/HELLO.TXT=hello storage\n" --text "/DIR/SUB/DEEP.TXT=deep\n" \
		--text "/EXTEND.TXT=abc" "$trunc:/TRUNC.TXT"
	local rc=$?
	rm -f "$trunc"
	return $rc
}

st_ro_disk() { # a small read-only volume, made once
	[[ -f $OUT/st-ro.img ]] && return 0
	tests/qemu/mkesp.sh "$OUT/st-ro.img" --size 8 --fat 12 --label STORRO \
		--text "/HELLO.TXT=read only\n"
}

# st_host_check IMG OFFSET_BYTES [ovmf]: what the app wrote, seen from the host.
st_host_check() {
	local img=$1 off=$2 part=$1.part
	export MTOOLS_SKIP_CHECK=1
	if ((off)); then
		dd if="$img" of="$part" bs=512 skip=$((off / 512)) status=none || return 1
	else
		cp "$img" "$part"
	fi
	if ! fsck.fat -n "$part" >"$part.fsck" 2>&1; then
		# OVMF's FAT driver sets a new label in the root directory only
		# (not BS_VolLab): with $3 = ovmf that one complaint is allowed.
		if [[ ${3:-} != ovmf ]] || grep -vE "^fsck.fat |^Volume label 'STORDONE' stored in root directory and label 'STORTEST' stored in boot sector|^  Auto-copying volume label|^Leaving filesystem unchanged|^$|: [0-9]+ files, " "$part.fsck"; then
			echo "    fsck.fat -n failed:"; cat "$part.fsck"; return 1
		fi
	fi
	python3 - "$part" "$img" "$off" <<'PY' || return 1
import subprocess, sys
part, img, off = sys.argv[1], sys.argv[2], int(sys.argv[3])
def mtype(p):
    r = subprocess.run(["mtype", "-i", part, "::" + p], capture_output=True)
    return r.stdout if r.returncode == 0 else None
want = {
    "/WRITTEN.TXT": bytes((i * 31 + 7) & 0xff for i in range(70000)),
    "/NEWDIR/A long file name.txt": b"long name content\n",
    "/TRUNC.TXT": (b"0123456789" * 10),
    "/EXTEND.TXT": b"abc" + bytes(10000 - 3),
    "/NEW.TXT": b"renamed\n",
    # moved by SetInfo (tests/efi/storage_file.c move_checks)
    "/DIR/SUB/MOVED1.TXT": b"move one\n",
    "/NEWDIR/Moved two.txt": b"move two\n",
    "/DIR/MV3.TXT": b"move three\n",
    "/NEWDIR/MVDIR2/INNER.TXT": b"inner\n",
    "/HELLO.TXT": b"hello storage\n",
    "/EXFILE.TXT": bytes((i * 7 + 3) & 0xff for i in range(5000)),
}
bad = 0
for p, w in want.items():
    got = mtype(p)
    if got != w:
        print("    host: %s: %s" % (p, "missing" if got is None else "%d bytes differ" % len(got)))
        bad += 1
for p in ("/OLD.TXT", "/GONE.TXT", "/DIR/MV1.TXT", "/MV2.TXT", "/NEWDIR/MV3.TXT",
          "/MVDIR/INNER.TXT", "/MVDIR"):
    if mtype(p) is not None:
        print("    host: %s still exists" % p); bad += 1
label = subprocess.run(["mlabel", "-s", "-i", part, "::"], capture_output=True, text=True).stdout
if "STORDONE" not in label:
    print("    host: label is %r" % label.strip()); bad += 1
if off:
    raw = bytearray((i ^ 0xA5) & 0xff for i in range(1024))
    raw[300:1300] = bytes(ord("A") + i % 26 for i in range(1000))[:724]
    raw = bytes(raw[:1024])
    with open(img, "rb") as f:
        f.seek(100 * 512)
        got = f.read(1024)
    if got != raw:
        print("    host: raw LBAs 100-101 differ"); bad += 1
sys.exit(1 if bad else 0)
PY
	rm -f "$part" "$part.fsck"
}

# st_run NAME MACHINE IMG [expect-disk-regex]
st_run() {
	local name=$1 machine=$2 img=$3
	efi_app storage && st_ro_disk || return 1
	qemu_boot "$name" "$machine" 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/storage.efi \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0 \
		-drive "if=none,id=d1,file=$OUT/st-ro.img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d1 || return 1
	expect '^storage: start' && reject '^not ok' &&
		expect '^storage: [0-9]+ checks, 0 failed' &&
		expect '^bootmgr: opt/cloudhv/app.efi returned EFI_SUCCESS' &&
		expect '^blk1: 8 MiB, GPT, 1 partition \(ESP\), read-only' &&
		expect_exit 0
}

test_storage_gpt_fat32_q35() {
	local img=$OUT/st-gpt32.img
	st_disk "$img" || return 1
	st_run st-gpt32 q35 "$img" || return 1
	expect '^blk0: 64 MiB, GPT, 1 partition \(ESP\)$' &&
		expect '^blk0p1: FAT32 filesystem' &&
		expect '^# disk path: PcieRoot\(0\)/Pci\(0x[0-9a-f]+,0x0\)' &&
		st_host_check "$img" $((2048 * 512))
}

test_storage_mbr_fat16_pc() {
	local img=$OUT/st-mbr16.img
	st_disk "$img" --mbr --fat 16 --size 32 || return 1
	st_run st-mbr16 pc "$img" || return 1
	expect '^blk0: 32 MiB, MBR, 1 partition \(ESP\)$' &&
		expect '^blk0p1: FAT16 filesystem' &&
		expect '^# disk path: PciRoot\(0\)/Pci\(0x[0-9a-f]+,0x0\)' &&
		st_host_check "$img" $((2048 * 512))
}

test_storage_gpt_fat12_q35() {
	local img=$OUT/st-gpt12.img
	st_disk "$img" --fat 12 --size 8 || return 1
	st_run st-gpt12 q35 "$img" || return 1
	expect '^blk0p1: FAT12 filesystem' && st_host_check "$img" $((2048 * 512))
}

# A FAT32 volume on the whole disk (no partition table): SimpleFS on the
# disk handle itself.
test_storage_whole_disk_pc() {
	local img=$OUT/st-whole.img
	export MTOOLS_SKIP_CHECK=1
	rm -f "$img"
	truncate -s 40M "$img"
	python3 -c 'import sys; sys.stdout.write("0123456789" * 300)' >"$img.trunc"
	printf 'hello storage\n' >"$img.hello"
	printf 'deep\n' >"$img.deep"
	printf 'abc' >"$img.ext"
	mkfs.fat -F 32 -n STORTEST "$img" >/dev/null &&
		mmd -i "$img" ::/DIR ::/DIR/SUB &&
		mcopy -i "$img" "$img.hello" ::/HELLO.TXT && mcopy -i "$img" "$img.deep" ::/DIR/SUB/DEEP.TXT &&
		mcopy -i "$img" "$img.ext" ::/EXTEND.TXT && mcopy -i "$img" "$img.trunc" ::/TRUNC.TXT || return 1
	rm -f "$img".{trunc,hello,deep,ext}
	st_run st-whole pc "$img" || return 1
	expect '^blk0: 40 MiB, no partition table, FAT on the whole disk, 0 partitions$' &&
		expect '^# volume on a whole disk' && st_host_check "$img" 0
}

# LBA 1 overwritten: the backup GPT at the end of the disk gives the
# partition; the log says so.
test_storage_damaged_gpt() {
	local img=$OUT/st-dmg.img
	st_disk "$img" || return 1
	dd if=/dev/zero of="$img" bs=512 seek=1 count=1 conv=notrunc status=none
	qemu_boot st-dmg q35 256 "fw.test" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0 || return 1
	expect '^warning: blk0: primary GPT damaged \(.*\): partitions from the backup GPT at LBA 131071' &&
		expect '^blk0p1: FAT32 filesystem' &&
		expect '^blk0: 64 MiB, GPT, 1 partition \(ESP\)$' && expect_exit 0
}

# A disk behind a PCIe root port: one Pci() node per bridge.
test_storage_behind_bridge_q35() {
	local img=$OUT/st-bridge.img
	st_disk "$img" || return 1
	efi_app storage && st_ro_disk || return 1
	qemu_boot st-bridge q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/storage.efi \
		-device pcie-root-port,id=rp0,chassis=1,slot=1,bus=pcie.0,addr=0x6 \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0,bus=rp0 || return 1
	expect '^# disk path: PcieRoot\(0\)/Pci\(0x6,0x0\)/Pci\(0x0,0x0\)$' &&
		reject '^not ok' && expect '^storage: [0-9]+ checks, 0 failed' && expect_exit 0
}

# Throughput through SimpleFileSystem + File.Read: a 48 MiB file read in
# 1 MiB calls (the figure is in the log: "# read ... MiB/s").
test_storage_read_speed_q35() {
	local img=$OUT/st-speed.img big=$OUT/st-speed.big
	python3 -c 'import struct, sys; sys.stdout.buffer.write(b"".join(struct.pack("<I", i) for i in range(12 << 20)))' >"$big"
	st_disk "$img" --size 80 "$big:/BIG.BIN" || return 1
	rm -f "$big"
	st_run st-speed q35 "$img" || return 1
	expect '^ok [0-9]+ - \\BIG.BIN reads back in order' &&
		expect '^# read 49152 KiB through File.Read in [0-9]+ ms'
}

# MBR with a primary ESP and a FAT16 logical partition inside an extended
# one: child handles for both (logical partitions are numbered from 5).
test_storage_mbr_logical_pc() {
	local img=$OUT/st-logical.img
	rm -f "$img"
	truncate -s 48M "$img"
	printf 'label: dos\n2048,20480,ef\n,,5\n,40960,6\n' | sfdisk -q "$img" || return 1
	local start
	start=$(sfdisk -d "$img" | awk -F'[=,]' '/img5/ {gsub(/ /, "", $2); print $2}')
	[[ -n $start ]] || { echo "    no logical partition in $img"; return 1; }
	mkfs.fat -F 16 -n LOGICAL --offset "$start" "$img" $((40960 / 2)) >/dev/null || return 1
	qemu_boot st-logical pc 256 "fw.test" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0 || return 1
	expect '^blk0p5: FAT16 filesystem$' &&
		expect '^blk0: 48 MiB, MBR, 2 partitions \(ESP\)$' && reject '^(error|warning):' && expect_exit 0
}

# Both GPT headers gone (protective MBR left) and a second disk whose ESP
# has a jump but a damaged BPB: each is reported, no handle is made for
# what is unusable, and the boot goes on.
test_storage_hostile_disks() {
	local a=$OUT/st-nogpt.img b=$OUT/st-badbpb.img
	tests/qemu/mkesp.sh "$a" --size 8 --fat 12 && tests/qemu/mkesp.sh "$b" --size 8 --fat 12 || return 1
	dd if=/dev/zero of="$a" bs=512 seek=1 count=1 conv=notrunc status=none
	dd if=/dev/zero of="$a" bs=512 seek=$((8 * 2048 - 1)) count=1 conv=notrunc status=none
	# BPB_BytsPerSec = 0 in the ESP's boot sector (offset 11).
	printf '\0\0' | dd of="$b" bs=1 seek=$((2048 * 512 + 11)) conv=notrunc status=none
	qemu_boot st-hostile q35 256 "fw.test" \
		-drive "if=none,id=d0,file=$a,format=raw" -device virtio-blk-pci,drive=d0 \
		-drive "if=none,id=d1,file=$b,format=raw" -device virtio-blk-pci,drive=d1 || return 1
	expect '^warning: blk0: partition table unusable \(.+\)' &&
		expect '^blk0: 8 MiB, no partition table, 0 partitions$' &&
		expect '^warning: fat: rejecting BPB' &&
		expect '^blk1: 8 MiB, GPT, 1 partition \(ESP\)$' &&
		reject '^blk1p1: FAT' && expect '^cloudhv-fw ready' && expect_exit 0
}

# A disk behind a root port of a pxb-pcie expander (root bus 0x40), root
# bridges from a hardware-info BLOB: the Acpi node's UID is the root bus
# number, as QEMU's DSDT and OVMF have it (gnu-efi prints it in decimal).
test_storage_pxb_uid_q35() {
	local img=$OUT/st-pxb.img
	st_disk "$img" || return 1
	efi_app storage || return 1
	python3 scripts/mkhwinfo.py -o "$OUT/st-pxb.blob" \
		--host-bridge bus=0-0x3f,ecam=0xb0000000:0x4000000,io=0x6000:0xa000,mem=0xc0000000:0x20000000,mem64=0x800000000:0x800000000 \
		--host-bridge bus=0x40-0xff,ecam=0xb4000000:0xc000000 >/dev/null || return 1
	qemu_boot st-pxb q35 256 "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/storage.efi \
		-fw_cfg "name=etc/hardware-info,file=$OUT/st-pxb.blob" \
		-device pxb-pcie,id=pxb1,bus_nr=0x40,bus=pcie.0 \
		-device pcie-root-port,id=rp1,bus=pxb1,chassis=1,slot=1 \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0,bus=rp1 || return 1
	expect '^# disk path: PcieRoot\(64\)/Pci\(0x0,0x0\)/Pci\(0x0,0x0\)$' &&
		reject '^not ok' && expect '^storage: [0-9]+ checks, 0 failed' && expect_exit 0
}
