#!/usr/bin/env bash
# A tiny initramfs for the Linux boot tests: busybox (busybox-static), the
# Debian kernel's virtio modules, and an /init that checks the firmware
# from inside the guest, prints one marker line per check, then powers off
# (or, with cloudhv.reboot on the kernel command line, reboots).
# With console=hvc0 (the Cloud-Hypervisor-like runs: no 16550) /init loads
# virtio_console, moves its output to /dev/hvc0 and replays the kernel log
# there, since the kernel had no console before the module came.
# Usage: mkinitramfs.sh OUT.cpio.gz
set -euo pipefail
out=${1:?usage: mkinitramfs.sh OUT.cpio.gz}
bb=$(command -v busybox) || { echo "mkinitramfs: busybox missing (apt-get install -y busybox-static)" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,sys/firmware/efi/efivars,lib/modules}
cp "$bb" "$stage/bin/busybox"
for tool in sh mount cat echo ls grep wc poweroff reboot sleep insmod dd printf tr rm tail dmesg od; do
	ln -s busybox "$stage/bin/$tool"
done
mknod -m 600 "$stage/dev/console" c 5 1
mknod -m 600 "$stage/dev/hvc0" c 229 0
mknod -m 600 "$stage/dev/kmsg" c 1 11
gcc -static -Os -o "$stage/bin/chattr_i" "$(dirname "$0")/chattr_i.c"
# Modules from the unpacked Debian kernel (tests/qemu/payloads.sh), in
# dependency order: efivarfs, and virtio-pci with its block and console
# drivers (all modules in Debian's kernel).
mods=$(ls -d build/payloads/linux-image-*/lib/modules/*/kernel 2>/dev/null | head -n 1 || true)
order=""
for m in fs/efivarfs/efivarfs drivers/virtio/virtio_ring drivers/virtio/virtio \
	drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev \
	drivers/virtio/virtio_pci drivers/block/virtio_blk drivers/char/virtio_console; do
	if [[ -n $mods && -f $mods/$m.ko ]]; then
		cp "$mods/$m.ko" "$stage/lib/modules/"
		order="$order ${m##*/}"
	fi
done
echo "$order" >"$stage/lib/modules/order"
cat >"$stage/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
for m in $(cat /lib/modules/order); do
	insmod /lib/modules/$m.ko 2>/dev/null || echo "cloudhv-test: insmod $m failed"
done
cmdline=$(cat /proc/cmdline)
case " $cmdline " in
*" console=hvc0 "*)
	# The kernel had no console before virtio_console: move to hvc0 and
	# replay its log, which the host then checks like a serial log. The
	# tty can exist a moment before it opens (hvc registers the driver,
	# then links the port; an open in between fails, and a failed exec
	# redirection ends the shell: init exiting is a panic, seen in CI), so
	# the wait is for an open that succeeds; without one the run says so in
	# the kernel log and powers off.
	i=0
	while [ $i -lt 600 ] && ! (exec </dev/hvc0) 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	if ! (exec </dev/hvc0) 2>/dev/null; then
		echo "cloudhv-test: FAIL no hvc0 after 60 s" >/dev/kmsg
		poweroff -f
	fi
	exec </dev/hvc0 >/dev/hvc0 2>&1
	dmesg
	echo "cloudhv-test: console on hvc0 (waited ${i}00 ms)"
	;;
esac
echo "cloudhv-test: userspace reached"
if [ -d /sys/firmware/efi ]; then
	echo "cloudhv-test: /sys/firmware/efi present"
else
	echo "cloudhv-test: FAIL no /sys/firmware/efi"
fi
n=$(ls /sys/firmware/acpi/tables 2>/dev/null | wc -l)
echo "cloudhv-test: ACPI tables in sysfs: $n"
if [ -e /sys/firmware/dmi/tables/DMI ]; then
	echo "cloudhv-test: SMBIOS tables present"
else
	echo "cloudhv-test: FAIL no SMBIOS tables"
fi
echo "cloudhv-test: memory: $(grep MemTotal /proc/meminfo)"
# The virtio disks the firmware booted from, seen by Linux's own driver.
i=0
while [ $i -lt 20 ] && ! ls /sys/block | grep -q '^vd'; do sleep 0.1; i=$((i + 1)); done
echo "cloudhv-test: virtio disks: $(ls /sys/block | grep -c '^vd')"
# Firmware-bug lines from the kernel, counted from inside too.
echo "cloudhv-test: firmware-bug lines: $(dmesg | grep -cE 'FW_BUG|\[Firmware Bug\]|\[Firmware Warn\]|Unable to switch EFI')"
# Runtime services in virtual mode: the kernel's runtime map, and a
# variable read back through efivarfs (GetVariable at runtime).
if [ -d /sys/firmware/efi/runtime-map ]; then
	echo "cloudhv-test: EFI runtime map entries: $(ls /sys/firmware/efi/runtime-map | wc -l)"
fi
if mount -t efivarfs efivarfs /sys/firmware/efi/efivars 2>/dev/null; then
	v=/sys/firmware/efi/efivars/PlatformLang-8be4df61-93ca-11d2-aa0d-00e098032b8c
	echo "cloudhv-test: efivarfs PlatformLang: $(dd if=$v bs=1 skip=4 count=5 2>/dev/null)"
	echo "cloudhv-test: efivarfs variables: $(ls /sys/firmware/efi/efivars | wc -l)"
	# A non-volatile variable created, read back and deleted from Linux
	# (runtime SetVariable/GetVariable): 4 attribute bytes (NV|BS|RT), data.
	f=/sys/firmware/efi/efivars/CloudhvTest-2c7a3e4b-5d61-4f8a-9b0c-1d2e3f405162
	printf '\007\000\000\000cloudhv' >$f
	got=$(tail -c +5 $f 2>/dev/null)
	chattr_i $f
	rm -f $f
	if [ "$got" = cloudhv ] && [ ! -e $f ]; then
		echo "cloudhv-test: efivarfs write/read/delete ok"
	else
		echo "cloudhv-test: FAIL efivarfs write/read/delete (read '$got')"
	fi
	# shim leaves its MOK state for the OS (MokListRT and friends).
	echo "cloudhv-test: efivarfs Mok variables: $(ls /sys/firmware/efi/efivars | grep -c '^Mok')"
	# systemd-boot and the systemd stub say where they came from.
	u=/sys/firmware/efi/efivars/LoaderDevicePartUUID-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f
	[ -f $u ] && echo "cloudhv-test: LoaderDevicePartUUID $(tail -c +5 $u | tr -d '\000')"
else
	echo "cloudhv-test: no efivarfs"
fi
# Measured boot (tests/qemu/t_tpm.sh): the firmware's event log as the
# kernel found it, in hex, and the SHA-256 PCRs, for the host to replay
# (not PCR 10: the kernel's IMA extends it, logged in IMA's own list).
l=/sys/kernel/security/tpm0/binary_bios_measurements
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
if [ -r $l ]; then
	echo "cloudhv-test: tpm event log bytes: $(cat $l | wc -c)"
	od -An -v -tx1 -w48 $l | tr -d ' ' | while read -r x; do
		echo "cloudhv-tpm-log: $x"
	done
	for i in 0 1 2 3 4 5 6 7 8 9 11 12 13 14; do
		echo "cloudhv-tpm-pcr: sha256 $i $(cat /sys/class/tpm/tpm0/pcr-sha256/$i)"
	done
fi
case " $cmdline " in
*" cloudhv.reboot "*)
	echo "cloudhv-test: done, rebooting"
	reboot -f
	;;
esac
echo "cloudhv-test: done, powering off"
poweroff -f
INIT
chmod +x "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -9 >"$out.tmp"
mv -f "$out.tmp" "$out" # parallel tests never see half an archive
echo "mkinitramfs: $out ($(stat -c %s "$out") bytes)"
