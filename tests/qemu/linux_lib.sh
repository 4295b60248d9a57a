# The machines real payloads are booted on (issue 7's matrix), sourced by
# the Linux payload tests. A profile names a QEMU configuration and the
# kernel console that goes with it:
#   pc    i440FX, SeaBIOS-assigned BARs, 16550 (kernel console=ttyS0)
#   q35   Q35 with ECAM, 16550 (console=ttyS0)
#   chv   as close to Cloud Hypervisor as QEMU allows: Q35, virtio devices
#         modern-only (disable-legacy=on), 64-bit BARs just below 2^46
#         (46 physical address bits; a 4 GiB ivshmem BAR makes SeaBIOS move
#         every 64-bit BAR above 4 GiB, and a 60 TiB hotplug area pushes the
#         window to the top), RAM above 4 GiB, no 16550 at all (the
#         firmware and the kernel speak through virtio-console: hvc0), and a
#         hardware-info BLOB describing the root bridge.
#   microvm  QEMU microvm (qboot): hardware-reduced ACPI whose sleep and
#         reset registers are in memory space, no PCI, no SMBIOS (the
#         firmware builds one); the PIT is on because Linux under TCG has
#         no other clock to calibrate against there (no kvmclock, HPET or
#         PM timer)
# What still differs from Cloud Hypervisor is listed in README.md.

# The kernel console argument of a profile.
linux_console() {
	case $1 in
	chv) echo "console=hvc0" ;;
	*) echo "console=ttyS0" ;;
	esac
}

# The memory a profile is booted with (MiB): chv has RAM above 4 GiB.
linux_mem() {
	case $1 in
	chv) echo 5120 ;;
	*) echo 1024 ;;
	esac
}

# The busybox initramfs, built once per run (tests/run-qemu.sh builds it
# before the tests; a test run on its own builds it here).
linux_initramfs() {
	local f=$OUT/initramfs.cpio.gz
	[[ -s $f ]] || tests/qemu/mkinitramfs.sh "$f" >/dev/null || return 1
	echo "$f"
}

# The host's TSC rate in kHz (tests/qemu/host_tsc_khz.c), built once.
host_tsc_khz() {
	local bin=$OUT/host_tsc_khz
	[[ -x $bin ]] || gcc -O2 -o "$bin" tests/qemu/host_tsc_khz.c || return 1
	"$bin"
}

# chv's hardware-info BLOB: Q35's one root bridge (ECAM at 0xb0000000,
# buses 0-255), its 32-bit window and the 64-bit window under 2^46.
linux_hwinfo_blob() {
	local f=$OUT/chv-hwinfo.blob
	[[ -s $f ]] || python3 scripts/mkhwinfo.py -o "$f" --host-bridge \
		bus=0-0xff,ecam=0xb0000000:0x10000000,io=0x1000:0xf000,mem=0xc0000000:0x3ec00000,mem64=0x3c0000000000:0x40000000000,flags=dma64 \
		>/dev/null || return 1
	echo "$f"
}

# linux_boot NAME PROFILE FW-APPEND [QEMU args...]: boots a payload under
# a profile with a 150 s limit; LOG is the console the firmware and the
# kernel wrote to (serial, or virtio-console on chv), RC QEMU's exit code.
linux_boot() {
	local name=$1 profile=$2 append=$3 mem blob
	shift 3
	mem=${LINUX_MEM:-$(linux_mem "$profile")}
	mkdir -p "$OUT"
	rm -f "$OUT/$name.log"
	local args=(-kernel "$FW" -append "$append" -display none -nodefaults -no-reboot
		-device isa-debug-exit,iobase=0xf4,iosize=4)
	case $profile in
	pc | q35)
		args+=(-M "$profile" -m "$mem" -serial "file:$OUT/$name.log")
		;;
	microvm)
		args+=(-M microvm,pit=on,pic=on,rtc=on -m "$mem" -serial "file:$OUT/$name.log")
		;;
	chv)
		blob=$(linux_hwinfo_blob) || return 1
		args+=(-M q35 -cpu qemu64,phys-bits=46,vendor=GenuineIntel -m "$mem,slots=1,maxmem=60T"
			-global virtio-pci.disable-legacy=on
			-object memory-backend-ram,id=bar64,size=4G -device ivshmem-plain,memdev=bar64
			-serial none -device virtio-serial-pci -device virtconsole,chardev=vc
			-chardev "file,id=vc,path=$OUT/$name.log"
			-fw_cfg "name=etc/hardware-info,file=$blob")
		;;
	*)
		echo "    unknown profile $profile"
		return 1
		;;
	esac
	local rc=0
	timeout --foreground -k 5 "${LINUX_TIMEOUT:-150}" "$QEMU" "${args[@]}" "$@" \
		>"$OUT/$name.qemu.log" 2>&1 || rc=$?
	echo "$rc" >"$OUT/$name.rc"
	LOG=$OUT/$name.log
	RC=$rc
}

# What every profile must show besides the userspace checks: chv's BARs
# really are far above 4 GiB, the BLOB was used and nothing went to a
# 16550; the kernel saw the RAM it was given (MemTotal within 10%).
linux_profile_ok() {
	local profile=$1 disks=${2:-1} kb min
	kb=$(log_text | sed -nE 's/^cloudhv-test: memory: MemTotal: +([0-9]+) kB.*/\1/p' | head -1)
	min=$((${LINUX_MEM:-$(linux_mem "$profile")} * 1024 * 9 / 10))
	if [[ -z $kb ]] || ((kb < min)); then
		echo "    MemTotal ${kb:-?} kB, expected at least $min kB"
		return 1
	fi
	case $profile in
	chv)
		{ ((disks == 0)) || expect '^blk0: 0000:00:[0-9a-f.]+ 1af4:1042, common config at 0x3[c-f][0-9a-f]{10}$'; } &&
			expect '^pci: root bridges from hardware-info: 1' &&
			expect '^console0: 0000:00:[0-9a-f.]+ 1af4:1043, common config at 0x3[c-f][0-9a-f]{10}$' &&
			reject '^[a-z]+[0-9]: 0000:00:[0-9a-f.]+ 1af4:10[0-3][0-9a-f], ' &&
			expect '^cloudhv-test: console on hvc0'
		;;
	esac
}

# linux_ok PROFILE [DISKS]: the userspace checks (lib.sh) plus the profile
# and the number of virtio disks Linux found (default 1).
linux_ok() {
	expect "^cloudhv-test: virtio disks: ${2:-1}\$" &&
		expect '^cloudhv-test: firmware-bug lines: 0$' &&
		linux_profile_ok "$1" "${2:-1}" && linux_userspace_ok
}
