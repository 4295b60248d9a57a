# virtio-blk disks that fail: I/O errors injected by QEMU's blkdebug
# driver (rules active from the start, "event = none", on reads, writes or
# flushes, once or always, at a sector of the partition table, the FAT or
# a file's data) and a throttled drive that stalls past fw.blk_timeout.
# The faulty disk is blk0; blk1 is a good, read-only ESP with
# \EFI\BOOT\BOOTX64.EFI (args.efi). Each run checks the firmware's line
# naming the disk (PCI address), the LBA and the length, what the layer
# above made of it, and that the boot manager went on to blk1.
# Reads go through the boot path (GPT, FAT, LoadImage); writes and flushes
# through the blk-write self-test or the shell's startup.nsh on blk0.

BF_APP=build/efi/args.efi
BF_ERR='I/O error \(VIRTIO_BLK_S_IOERR\)'

# bf_esp IMG [mkesp.sh args]: a GPT disk with a FAT32 ESP at LBA 2048.
bf_esp() {
	local img=$1
	shift
	tests/qemu/mkesp.sh "$img" --size 40 "$@"
}

# bf_geom IMG: "FAT1 FILE LAST": the first sector of the first FAT, the
# first sector of BOOTX64.EFI's data (found by its first 512 bytes) and
# the disk's last LBA (the backup GPT header).
bf_geom() {
	python3 - "$1" "$BF_APP" <<'EOF'
import struct, sys
img = open(sys.argv[1], 'rb').read()
bpb = img[2048 * 512:2049 * 512]
fat1 = 2048 + struct.unpack_from('<H', bpb, 14)[0]
app = open(sys.argv[2], 'rb').read()
at = img.find(app[:512])
print(fat1, at // 512 if at >= 0 and at % 512 == 0 else -1, len(img) // 512 - 1)
EOF
}

# bf_rules FILE IOTYPE ONCE SECTOR...: a blkdebug config failing IOTYPE
# (read, write, flush) with EIO at each SECTOR ("-": any), once (on) or
# always (off), from the moment the drive opens.
bf_rules() {
	local file=$1 iotype=$2 once=$3 s
	shift 3
	: >"$file"
	for s in "$@"; do
		{
			echo '[inject-error]'
			echo 'event = "none"'
			echo "iotype = \"$iotype\""
			[[ $s == - ]] || echo "sector = \"$s\""
			echo 'errno = "5"'
			echo "once = \"$once\""
		} >>"$file"
	done
}

# bf_boot NAME APPEND CONF IMG [QEMU args]: q35, blk0 = IMG behind
# blkdebug (CONF), blk1 = the good disk.
bf_boot() {
	local name=$1 append=$2 conf=$3 img=$4
	shift 4
	[[ -f $OUT/bf-good.img ]] || bf_esp "$OUT/bf-good.img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	qemu_boot "$name" q35 256 "$append" \
		-drive "if=none,id=d0,driver=blkdebug,config=$conf,image.filename=$img" \
		-device virtio-blk-pci,drive=d0 \
		-drive "if=none,id=d1,file=$OUT/bf-good.img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d1 "$@"
}

# bf_slot N: blkN's PCI device number as the device path prints it (0x1).
bf_slot() {
	log_text | sed -nE "s/^blk$1: [0-9a-f]{4}:[0-9a-f]{2}:([0-9a-f]{2})\.0 .*/\1/p" |
		head -1 | sed -E 's/^0?/0x/'
}

# bf_booted N: the boot manager started blkN's BOOTX64.EFI.
bf_booted() {
	expect "^bootmgr: starting PcieRoot\(0x0\)/Pci\($(bf_slot "$1"),0x0\)/HD\(1,GPT,.*\\\\EFI\\\\BOOT\\\\BOOTX64.EFI$"
}

bf_not_booted() {
	reject "^bootmgr: starting PcieRoot\(0x0\)/Pci\($(bf_slot "$1"),0x0\)/"
}

# bf_error OP SECTOR: an error line for blk0 whose request covers SECTOR
# (the firmware names the request's first LBA and its length); prints
# how many there are.
bf_error() {
	local op=$1 sector=$2 n
	n=$(log_text | sed -nE "s/^error: blk0 \(0000:00:[0-9a-f]{2}\.0\): $op of ([0-9]+) bytes at LBA ([0-9]+): I\/O error \(VIRTIO_BLK_S_IOERR\)$/\2 \1/p" |
		while read -r lba bytes; do
			((lba <= sector && sector < lba + bytes / 512)) && echo x
		done | wc -l)
	if ((n == 0)); then
		echo "    no '$op' error line of blk0 covering LBA $sector in $LOG"
		return 1
	fi
	BF_ERRORS=$n
}

bf_once() { # the last bf_error found exactly one line
	((BF_ERRORS == 1)) || { echo "    $BF_ERRORS error lines, expected 1"; return 1; }
}

# ---- reads, on the boot path ----

# The primary and backup GPT headers unreadable: no partitions on blk0,
# blk1 boots.
test_blkfault_read_gpt_always_q35() {
	local img=$OUT/bf-gpt-a.img conf=$OUT/bf-gpt-a.conf g
	bf_esp "$img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	read -ra g < <(bf_geom "$img")
	bf_rules "$conf" read off 1 "${g[2]}"
	bf_boot bf-gpt-a "fw.test" "$conf" "$img"
	expect_ok_exit && bf_error read 1 && bf_error read "${g[2]}" &&
		expect '^warning: blk0: partition table unusable \(read error\)' &&
		expect '^blk0: 40 MiB, no partition table, 0 partitions' &&
		bf_booted 1 && bf_not_booted 0
}

# One failed read of the primary header: the backup GPT serves, and blk0
# boots before blk1.
test_blkfault_read_gpt_once_q35() {
	local img=$OUT/bf-gpt-o.img conf=$OUT/bf-gpt-o.conf
	bf_esp "$img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	bf_rules "$conf" read on 1
	bf_boot bf-gpt-o "fw.test" "$conf" "$img"
	expect_ok_exit && bf_error read 1 && bf_once &&
		expect '^warning: blk0: primary GPT damaged \(read error\): partitions from the backup GPT' &&
		bf_booted 0 && bf_booted 1
}

# The FAT unreadable: LoadImage of blk0's BOOTX64.EFI fails with
# EFI_DEVICE_ERROR, the boot manager moves on to blk1.
test_blkfault_read_fat_always_q35() {
	local img=$OUT/bf-fat-a.img conf=$OUT/bf-fat-a.conf g
	bf_esp "$img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	read -ra g < <(bf_geom "$img")
	bf_rules "$conf" read off "${g[0]}"
	bf_boot bf-fat-a "fw.test" "$conf" "$img"
	expect_ok_exit && bf_error read "${g[0]}" &&
		expect '^warning: fat: read of FAT sectors 0\+[0-9]+ failed: I/O error' &&
		expect "^error: bootmgr: PcieRoot\(0x0\)/Pci\($(bf_slot 0),0x0\)/.*BOOTX64.EFI: cannot load: EFI_DEVICE_ERROR" &&
		bf_booted 1 && bf_not_booted 0
}

# One failed FAT read: the FAT is read again on the next lookup, and blk0
# boots.
test_blkfault_read_fat_once_q35() {
	local img=$OUT/bf-fat-o.img conf=$OUT/bf-fat-o.conf g
	bf_esp "$img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	read -ra g < <(bf_geom "$img")
	bf_rules "$conf" read on "${g[0]}"
	bf_boot bf-fat-o "fw.test" "$conf" "$img"
	expect_ok_exit && bf_error read "${g[0]}" && bf_once &&
		bf_booted 0 && bf_booted 1
}

# BOOTX64.EFI's data unreadable, always or once: LoadImage fails (the
# boot manager does not try a source twice), blk1 boots.
bf_read_file() { # bf_read_file NAME ONCE
	local img=$OUT/$1.img conf=$OUT/$1.conf g
	bf_esp "$img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	read -ra g < <(bf_geom "$img")
	((g[1] > 0)) || { echo "    BOOTX64.EFI not found in $img"; return 1; }
	bf_rules "$conf" read "$2" $((g[1] + 8))
	bf_boot "$1" "fw.test" "$conf" "$img"
	expect_ok_exit && bf_error read $((g[1] + 8)) &&
		expect "^error: bootmgr: PcieRoot\(0x0\)/Pci\($(bf_slot 0),0x0\)/.*BOOTX64.EFI: cannot load: EFI_DEVICE_ERROR" &&
		bf_booted 1 && bf_not_booted 0
}
test_blkfault_read_file_always_q35() { bf_read_file bf-file-a off; }
test_blkfault_read_file_once_q35() { bf_read_file bf-file-o on && bf_once; }

# ---- writes and flushes ----

# The blk-write self-test over the partition table's sectors of a scratch
# blk0: the 4 MiB write fails, the test says so, blk1 boots.
test_blkfault_write_gpt_q35() {
	local img=$OUT/bf-wgpt.img conf=$OUT/bf-wgpt.conf
	rm -f "$img" && truncate -s 8M "$img"
	bf_rules "$conf" write off 1
	bf_boot bf-wgpt "fw.test fw.selftest=blk-write" "$conf" "$img"
	expect_ok_exit && bf_error write 1 &&
		expect '^error: blk0: self-test write: FAILED \(I/O error\)' &&
		expect '^blk1: self-test write: refused \(read-only disk\)' &&
		bf_booted 1
}

# The same with the flush failing: the writes went through.
test_blkfault_flush_selftest_q35() {
	local img=$OUT/bf-wflush.img conf=$OUT/bf-wflush.conf
	rm -f "$img" && truncate -s 8M "$img"
	bf_rules "$conf" flush off -
	bf_boot bf-wflush "fw.test fw.selftest=blk-write" "$conf" "$img"
	expect_ok_exit &&
		expect "^error: blk0 \(0000:00:[0-9a-f]{2}\.0\): flush: $BF_ERR$" &&
		expect '^error: blk0: self-test write: FAILED \(I/O error\)' &&
		bf_booted 1 || return 1
	tests/qemu/mkdisk.py --check-write "$img" >/dev/null
}

# The shell writes two files on blk0 (its startup.nsh, run after blk1's
# BOOTX64.EFI returned): echo first > a.txt, echo second > b.txt.
bf_shell() { # bf_shell NAME IOTYPE ONCE SECTOR...: boots, leaves $BF_PART
	local name=$1 iotype=$2 once=$3 img=$OUT/$1.img conf=$OUT/$1.conf
	shift 3
	bf_esp "$img" --text '/startup.nsh=echo first > a.txt\necho second > b.txt\nreset -s\n' || return 1
	bf_rules "$conf" "$iotype" "$once" "$@"
	bf_boot "$name" "fw.test fw.shell" "$conf" "$img"
	BF_PART=$OUT/$name.part
	dd if="$img" of="$BF_PART" bs=512 skip=2048 status=none
	expect_ok_exit && bf_booted 1 && expect '^Running fs0:\\startup.nsh'
}

bf_file_is() { # bf_file_is NAME CONTENT: the host reads it back
	[[ $(MTOOLS_SKIP_CHECK=1 mtype -i "$BF_PART" "::/$1" 2>/dev/null) == "$2" ]] ||
		{ echo "    ::/$1 on blk0 does not read '$2'"; return 1; }
}

bf_fat1() { # the first FAT sector of the startup.nsh disk layout
	local g
	bf_esp "$OUT/bf-geom.img" --text '/startup.nsh=x\n' || return 1
	read -ra g < <(bf_geom "$OUT/bf-geom.img")
	echo "${g[0]}"
}

# Every write of the FAT's first sector fails: both files fail with
# EFI_DEVICE_ERROR.
test_blkfault_write_fat_always_q35() {
	local fat1
	fat1=$(bf_fat1) || return 1
	bf_shell bf-wfat-a write off "$fat1" && bf_error write "$fat1" &&
		expect '^warning: fat: write of FAT 0 sectors 0\+1 failed: I/O error' &&
		expect '^a\.txt: cannot write: EFI_DEVICE_ERROR' &&
		expect '^b\.txt: cannot write: EFI_DEVICE_ERROR'
}

# Once: a.txt fails, b.txt is written and reads back on the host.
test_blkfault_write_fat_once_q35() {
	local fat1
	fat1=$(bf_fat1) || return 1
	bf_shell bf-wfat-o write on "$fat1" && bf_error write "$fat1" &&
		bf_once &&
		reject '^b\.txt: cannot write' && bf_file_is b.txt second
}

# Writes of file data fail (the first 32 data clusters after the root
# directory's): both files fail, each with its own error line.
test_blkfault_write_data_always_q35() {
	local fat1 data s sectors=()
	fat1=$(bf_fat1) || return 1
	data=$(python3 -c "import struct; b=open('$OUT/bf-geom.img','rb').read()[2048*512:2049*512]; print(2048 + struct.unpack_from('<H', b, 14)[0] + b[16] * struct.unpack_from('<I', b, 36)[0])")
	for ((s = data + 1; s <= data + 32; s++)); do sectors+=("$s"); done
	bf_shell bf-wdata-a write off "${sectors[@]}" &&
		expect "^error: blk0 \(0000:00:[0-9a-f]{2}\.0\): write of [0-9]+ bytes at LBA [0-9]+: $BF_ERR$" &&
		expect '^a\.txt: cannot write: EFI_DEVICE_ERROR' &&
		expect '^b\.txt: cannot write: EFI_DEVICE_ERROR'
}

# One failed flush: reported once. The FAT code flushes at each ordering
# point of a write (crash consistency, docs/storage.md), so the write it
# fell in fails (its order is not guaranteed) and the next one is whole.
test_blkfault_flush_once_q35() {
	bf_shell bf-flush-o flush on - &&
		expect "^error: blk0 \(0000:00:[0-9a-f]{2}\.0\): flush: $BF_ERR$" &&
		[[ $(log_text | grep -c ': flush: I/O error') == 1 ]] &&
		expect '^a\.txt: cannot write: EFI_DEVICE_ERROR' &&
		reject '^b\.txt: cannot write' && bf_file_is b.txt second
}

# ---- a device that stalls ----

# blk0 throttled to 4 KiB/s with fw.blk_timeout=200: requests time out,
# each resets the device and sets it up again, the third in a row marks
# the disk failed (later requests fail at once), and blk1 boots.
test_blkfault_stall_throttled_q35() {
	local img=$OUT/bf-stall.img
	bf_esp "$img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	[[ -f $OUT/bf-good.img ]] || bf_esp "$OUT/bf-good.img" "$BF_APP:/EFI/BOOT/BOOTX64.EFI" || return 1
	qemu_boot bf-stall q35 256 "fw.test fw.blk_timeout=200" \
		-drive "if=none,id=d0,file=$img,format=raw,throttling.bps-total=4096" \
		-device virtio-blk-pci,drive=d0 \
		-drive "if=none,id=d1,file=$OUT/bf-good.img,format=raw,readonly=on" \
		-device virtio-blk-pci,drive=d1
	expect_ok_exit &&
		expect '^virtio-blk: request timeout 200 ms \+ 100 ms per MiB' &&
		expect '^error: blk0 \(0000:00:[0-9a-f]{2}\.0\): read of [0-9]+ bytes at LBA [0-9]+: no completion within 20[0-9] ms \(status 0x0f\); resetting the device$' &&
		expect '^warning: blk0 \(0000:00:[0-9a-f]{2}\.0\): device reset and set up again$' &&
		expect '^error: blk0 \(0000:00:[0-9a-f]{2}\.0\): 3 requests in a row unanswered$' &&
		expect '^error: blk0 \(0000:00:[0-9a-f]{2}\.0\): disk marked failed: later requests fail at once$' &&
		bf_booted 1 && bf_not_booted 0 &&
		expect '^virtio: [12] device\(s\) reset before handover' &&
		reject 'still running after quiesce'
}
