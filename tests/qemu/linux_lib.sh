# The machines real payloads are booted on (issue 7's matrix), sourced by
# the Linux payload tests. A profile names a QEMU configuration and the
# kernel console that goes with it:
#   pc    i440FX, SeaBIOS-assigned BARs, 16550 (kernel console=ttyS0)
#   q35   Q35 with ECAM, 16550 (console=ttyS0)
#   chv   as close to Cloud Hypervisor as QEMU allows: Q35 entered through
#         qboot (-bios qboot.rom: no BIOS services, no option ROMs, no BAR
#         assigned, no TPM set-up behind our back; RSDP and SMBIOS in the F
#         segment, start_info without rsdp_paddr), no hardware-info BLOB
#         (Cloud Hypervisor's release builds have no fw_cfg), so the
#         firmware derives the root bridge's windows from the memory map
#         and MCFG and assigns every BAR itself (64-bit ones above RAM,
#         here with a 4 GiB ivshmem BAR among them), virtio devices
#         modern-only (disable-legacy=on), 46 physical address bits, RAM
#         above 4 GiB, no 16550 at all (the firmware and the kernel speak
#         through virtio-console: hvc0).
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

# linux_boot NAME PROFILE FW-APPEND [QEMU args...]: boots a payload under
# a profile with a 150 s limit; LOG is the console the firmware and the
# kernel wrote to (serial, or virtio-console on chv), RC QEMU's exit code.
linux_boot() {
	local name=$1 profile=$2 append=$3 mem
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
		args+=(-M q35 "${CHV_ARGS[@]}" -m "$mem"
			-object memory-backend-ram,id=bar64,size=4G -device ivshmem-plain,memdev=bar64
			-serial none -device virtio-serial-pci -device virtconsole,chardev=vc
			-chardev "file,id=vc,path=$OUT/$name.log")
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

# What every profile must show besides the userspace checks: chv's
# windows were derived (no BLOB), its BARs really are above 4 GiB (the
# firmware assigned them: qboot assigns none) and nothing went to a
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
		{ ((disks == 0)) || expect '^blk0: 0000:00:[0-9a-f.]+ 1af4:1042, common config at 0x[1-9a-f][0-9a-f]{8}$'; } &&
			expect "^$CHV_WINDOWS" &&
			expect '^console0: 0000:00:[0-9a-f.]+ 1af4:1043, common config at 0x[1-9a-f][0-9a-f]{8}$' &&
			reject 'fits no aperture' &&
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
