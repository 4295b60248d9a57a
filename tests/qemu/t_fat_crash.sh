# FAT writes survive a crash: tests/efi/fatwrite.c appends to \BIG.BIN 64 KiB
# a call (8 MiB in all) and creates small files between the appends; QEMU
# is killed (SIGKILL, by its pid file) once the serial log shows a given
# size. On the host, fsck.fat -n may then report only what an unfinished
# operation leaves (docs/storage.md): lost clusters, the FSInfo free count,
# FATs differing, a chain longer than a file's size. \BIG.BIN must be whole
# appends of the right bytes, at least what the app reported written; each
# small file empty or whole. A second boot on the same disk finishes the
# file, and the volume is then clean but for the leaked clusters.

# fc_disk IMG FAT SIZE_MIB [--mbr]: an empty volume labelled CRASHTEST.
fc_disk() {
	local img=$1 fat=$2 size=$3
	shift 3
	rm -f "$img"
	tests/qemu/mkesp.sh "$img" --label CRASHTEST --fat "$fat" --size "$size" "$@"
}

# fc_boot NAME IMG [KIB]: runs the app on IMG; with KIB, kills QEMU as soon
# as the app reports that size, else lets it finish. A boot to be killed
# has its disk writes throttled (40 requests a second): the app then
# spends its time inside operations, waiting on writes, so the kill lands
# between the writes of one.
fc_boot() {
	# shellcheck disable=SC2034 # QEMU_TIMEOUT and LOG are lib.sh's
	local name=$1 img=$2 kib=${3:-} QEMU_TIMEOUT=300 drive
	efi_app fatwrite || return 1
	rm -f "$OUT/$name.log" "$OUT/$name.pid"
	drive="if=none,id=d0,file=$img,format=raw${kib:+,throttling.iops-write=40}"
	qemu_bg "$name" q35 "fw.test" -serial "file:$OUT/$name.log" \
		-pidfile "$OUT/$name.pid" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/fatwrite.efi \
		-drive "$drive" -device virtio-blk-pci,drive=d0
	# shellcheck disable=SC2034
	LOG=$OUT/$name.log
	if [[ -z $kib ]]; then
		qemu_wait
		expect '^fatwrite: done' && expect_exit 0
		return
	fi
	if ! wait_for "^fatwrite: $kib KiB" 240; then
		[[ -f $OUT/$name.pid ]] && kill -9 "$(cat "$OUT/$name.pid")" 2>/dev/null
		qemu_wait 2>/dev/null
		return 1
	fi
	kill -9 "$(cat "$OUT/$name.pid")"
	qemu_wait 2>/dev/null
	if log_text | grep -q '^fatwrite: done'; then
		echo "    the app finished before QEMU was killed"
		return 1
	fi
}

# fc_fsck IMG OFFSET_BYTES ALLOWED_REGEX: fsck.fat -n on the partition
# reports nothing but the allowed lines.
fc_fsck() {
	local img=$1 off=$2 allowed=$3 part=$1.part
	dd if="$img" of="$part" bs=512 skip=$((off / 512)) status=none || return 1
	fsck.fat -n "$part" >"$part.fsck" 2>&1
	local rc=$? bad
	bad=$(grep -vE "^fsck\.fat [0-9]|^Leaving filesystem unchanged\.|^$|: [0-9]+ files, [0-9]+/[0-9]+ clusters$|$allowed" "$part.fsck")
	if ((rc > 1)) || [[ -n $bad ]]; then
		echo "    fsck.fat -n (status $rc) reports more than allowed:"
		sed 's/^/      /' "$part.fsck"
		return 1
	fi
	sed -n 's/^/    # fsck: /p' "$part.fsck" | grep -vE '# fsck: (fsck\.fat|$)' || true
}

# Findings an unfinished append or create may leave, and after the second
# boot (nothing unfinished) only the leak and what follows from it.
FC_CRASHED="^Reclaimed [0-9]+ unused clusters? \([0-9]+ bytes\)\.$|^Free cluster summary wrong \([0-9]+ vs\. really [0-9]+\)$|^  Auto-correcting\.$|^FATs differ but appear to be intact\.$|^  Using first FAT\.$|^/BIG\.BIN$|^  File size is [0-9]+ bytes, cluster chain length is > [0-9]+ bytes\.$|^  Truncating file to [0-9]+ bytes\.$"
FC_AFTER="^Reclaimed [0-9]+ unused clusters? \([0-9]+ bytes\)\.$|^Free cluster summary wrong \([0-9]+ vs\. really [0-9]+\)$|^  Auto-correcting\.$|^FATs differ but appear to be intact\.$|^  Using first FAT\.$"

# fc_files IMG OFFSET_BYTES MIN_KIB: \BIG.BIN holds whole appends of the
# right bytes, at least MIN_KIB; every \D\Fnn.TXT is empty or whole.
fc_files() {
	local img=$1 off=$2 min=$3
	python3 - "$img.part" "$min" <<'PY'
import subprocess, sys
part, min_kib = sys.argv[1], int(sys.argv[2])
def mtype(p):
    r = subprocess.run(["mtype", "-i", part, "::" + p], capture_output=True,
                       env={"MTOOLS_SKIP_CHECK": "1"})
    return r.stdout if r.returncode == 0 else None
chunk = 64 << 10
big = mtype("/BIG.BIN")
bad = 0
if big is None:
    print("    host: /BIG.BIN missing"); sys.exit(1)
size = len(big)
print("    # host: /BIG.BIN holds %d KiB (the app reported %d KiB)" % (size >> 10, min_kib))
if size % chunk or size < min_kib << 10 or size > 8 << 20:
    print("    host: /BIG.BIN is %d bytes" % size); bad += 1
for c in range(size // chunk):
    want = bytes((i + c * 31) & 0xff for i in range(256)) * (chunk // 256)
    if big[c * chunk:(c + 1) * chunk] != want:
        print("    host: /BIG.BIN differs in 64 KiB chunk %d" % c); bad += 1
        break
for n in range(8):
    got = mtype("/D/F%02d.TXT" % n)
    if got not in (None, b"", b"F%02d\n" % n):
        print("    host: /D/F%02d.TXT holds %r" % (n, got)); bad += 1
sys.exit(1 if bad else 0)
PY
}

# fc_run NAME FAT SIZE_MIB "KILL_KIB..." [--mbr]: a boot killed at each
# size in turn, each on the disk the one before left, then one that
# finishes the file.
fc_run() {
	local name=$1 fat=$2 size=$3 kills=$4 img=$OUT/$1.img off=$((2048 * 512))
	local kib last n=0
	shift 4
	export MTOOLS_SKIP_CHECK=1
	fc_disk "$img" "$fat" "$size" "$@" || return 1
	for kib in $kills; do
		n=$((n + 1))
		fc_boot "$name-$n" "$img" "$kib" || return 1
		last=$(log_text | sed -nE 's/^fatwrite: ([0-9]+) KiB$/\1/p' | tail -1)
		echo "    # killed after the app reported $last KiB"
		fc_fsck "$img" "$off" "$FC_CRASHED" && fc_files "$img" "$off" "$last" || return 1
	done
	fc_boot "$name-end" "$img" || return 1
	fc_fsck "$img" "$off" "$FC_AFTER" && fc_files "$img" "$off" 8192 || return 1
	rm -f "$img" "$img.part" "$img.part.fsck"
}

test_fat_crash_fat32_q35() {
	fc_run fc-fat32 32 64 "1088 3008 5184"
}

test_fat_crash_fat16_mbr_q35() {
	fc_run fc-fat16 16 32 "2112 5440" --mbr
}
