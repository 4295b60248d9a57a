# The Debian kernel (linux-image-amd64, unpacked by tests/qemu/payloads.sh)
# through its EFI stub to a busybox userspace (tests/qemu/mkinitramfs.sh)
# whose /init checks the firmware from inside, on every machine profile
# (tests/qemu/linux_lib.sh: pc, q35, chv):
# - from fw_cfg opt/cloudhv/app.efi, its command line as load options and
#   the initrd served by LoadFile2 on the Linux initrd media device path;
# - as \EFI\BOOT\BOOTX64.EFI on a GPT/FAT32 disk, started from a Boot####
#   option whose optional data carries initrd= and the kernel arguments
#   (written by tests/efi/args.c before the boot manager reads the
#   variables, as an installer would: our variables do not persist);
# and, on q35, with 6 GiB of RAM and with a reboot from Linux; and from
# fw_cfg on microvm (hardware-reduced ACPI, no SMBIOS from the VMM).
# shellcheck source=/dev/null
source tests/qemu/linux_lib.sh

# linux_stub NAME PROFILE [KERNEL-ARGS]: the kernel from fw_cfg.
linux_stub() {
	local name=$1 profile=$2 kernel initrd cmd
	cmd="$(linux_console "$profile") panic=-1${3:+ $3}"
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	linux_boot "$name" "$profile" "fw.test" \
		-fw_cfg "name=opt/cloudhv/app.efi,file=$kernel" \
		-fw_cfg "name=opt/cloudhv/initrd,file=$initrd" \
		-fw_cfg "name=opt/cloudhv/cmdline,string=$cmd" || return 1
	expect "^bootmgr: opt/cloudhv/app.efi load options: $cmd\$" &&
		expect '^bootmgr: initrd of [0-9]+ bytes on the Linux initrd media device path' &&
		expect '^EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path' &&
		{ [[ $profile == chv ]] || expect '^virtio: [0-9]+ device\(s\) reset before handover'; } &&
		expect '^\[ *[0-9.]+\] Linux version [0-9]' &&
		expect '^\[ *[0-9.]+\] efi: EFI v2\.100 by cloudhv-fw' &&
		expect '^\[ *[0-9.]+\] secureboot: Secure boot disabled' &&
		expect '^\[ *[0-9.]+\] BIOS-e820: \[mem 0x0000000000100000-0x[0-9a-f]+\] usable' &&
		if [[ $profile == microvm ]]; then
			expect '^\[ *[0-9.]+\] DMI: cloudhv-fw Virtual Machine, BIOS 0\.1'
		else
			expect '^\[ *[0-9.]+\] DMI: QEMU Standard PC'
		fi &&
		reject 'efi: .*runtime services .*disabled'
}

test_linux_stub_pc() { linux_stub linux-stub-pc pc && linux_ok pc 0; }
test_linux_stub_q35() { linux_stub linux-stub-q35 q35 && linux_ok q35 0; }
test_linux_stub_chv() { linux_stub linux-stub-chv chv && linux_ok chv 0; }

# Hardware-reduced ACPI with memory-space registers: Linux powers off
# through EFI ResetSystem, which writes the GED's SLEEP_CONTROL through the
# runtime MMIO range it mapped; DMI comes from the table the firmware built.
# microvm has no HPET or PM timer, and under TCG no kvmclock: Linux's only
# way to the TSC rate is the PIT, whose calibration windows a loaded host
# makes it miss (seen in CI: "tsc: Unable to calibrate against PIT", then no
# progress until the timeout). The kernel is told the rate instead, as
# measured on the host (TCG's guest TSC is the host's).
test_linux_stub_microvm() {
	local khz
	khz=$(host_tsc_khz) || return 1
	linux_stub linux-stub-microvm microvm "tsc_early_khz=$khz" || return 1
	expect '^efi: no SMBIOS from the VMM: built SMBIOS 3\.0 \([0-9]+ bytes\)' &&
		expect '^efi: runtime power-off/reset registers in memory space: 0x[0-9a-f]+/0x[0-9a-f]+' &&
		expect '^\[ *[0-9.]+\] SMBIOS 3\.0\.0 present' &&
		expect '^\[ *[0-9.]+\] reboot: Power down' &&
		linux_ok microvm 0
}

# 6 GiB: Linux sees the RAM above 4 GiB (MemTotal checked by linux_ok).
test_linux_stub_6g_q35() {
	LINUX_MEM=6144 linux_stub linux-6g q35 || return 1
	expect '^\[ *[0-9.]+\] BIOS-e820: \[mem 0x0000000100000000-0x[0-9a-f]+\] usable' &&
		LINUX_MEM=6144 linux_ok q35 0
}

# reboot -f from Linux resets the machine (QEMU -no-reboot then exits 0):
# on q35 and chv through the FADT's RESET_REG (0xCF9); on microvm, which is
# hardware-reduced, Linux's first choice is EFI ResetSystem in virtual
# mode (EfiResetWarm, its quirk mode there: the GED's memory-space
# RESET_REG; its own ACPI reset would be next). On chv the kernel's last lines go out on hvc0, which the
# reset can beat, so there only the exit code says it happened.
linux_reboot() {
	local profile=$1 extra=
	[[ $profile == microvm ]] && extra="tsc_early_khz=$(host_tsc_khz)"
	linux_stub "linux-reboot-$profile" "$profile" "cloudhv.reboot${extra:+ $extra}" || return 1
	expect '^cloudhv-test: done, rebooting' &&
		{ [[ $profile == chv ]] || expect '^\[ *[0-9.]+\] reboot: Restarting system'; } &&
		reject 'cloudhv-test: done, powering off' &&
		reject '\[Firmware Bug\]|FW_BUG|\[Firmware Warn\]|cloudhv-test: FAIL' &&
		expect_exit 0
}

test_linux_reboot_q35() { linux_reboot q35; }
test_linux_reboot_chv() { linux_reboot chv; }
test_linux_reboot_microvm() { linux_reboot microvm; }

# linux_bootopt NAME PROFILE: the kernel as BOOTX64.EFI, from Boot0001.
linux_bootopt() {
	local name=$1 profile=$2 kernel initrd img=$OUT/$1.img cmd
	cmd="initrd=\\initrd.img $(linux_console "$profile") panic=-1"
	kernel=$(tests/qemu/payloads.sh kernel) && initrd=$(linux_initramfs) || return 1
	tests/qemu/mkesp.sh "$img" --size 64 "$kernel:/EFI/BOOT/BOOTX64.EFI" \
		"$initrd:/initrd.img" || return 1
	linux_boot "$name" "$profile" "fw.test" \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/args.efi \
		-fw_cfg "name=opt/cloudhv/cmdline,string=setboot \\EFI\\BOOT\\BOOTX64.EFI $cmd" \
		-drive "if=none,id=d0,file=$img,format=raw" -device virtio-blk-pci,drive=d0 || return 1
	expect '^args: Boot0001 -> .*BOOTX64.EFI: Success' &&
		expect '^bootmgr: starting Boot0001 ' &&
		expect '^EFI stub: Loaded initrd from command line option' &&
		expect "^\\[ *[0-9.]+\\] Kernel command line: ${cmd//\\/\\\\}\$" &&
		linux_ok "$profile"
}

test_linux_bootopt_pc() { linux_bootopt linux-bootopt-pc pc; }
test_linux_bootopt_q35() { linux_bootopt linux-bootopt-q35 q35; }
test_linux_bootopt_chv() { linux_bootopt linux-bootopt-chv chv; }
