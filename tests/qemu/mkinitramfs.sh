#!/usr/bin/env bash
# A tiny initramfs for the Linux boot tests: busybox (busybox-static) and
# an /init that checks the firmware from inside the guest, prints one
# marker line per check, then powers off.
# Usage: mkinitramfs.sh OUT.cpio.gz
set -euo pipefail
out=${1:?usage: mkinitramfs.sh OUT.cpio.gz}
bb=$(command -v busybox) || { echo "mkinitramfs: busybox missing (apt-get install -y busybox-static)" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,sys/firmware/efi/efivars}
cp "$bb" "$stage/bin/busybox"
for tool in sh mount cat echo ls grep wc poweroff sleep insmod dd printf tr rm tail; do
	ln -s busybox "$stage/bin/$tool"
done
mknod -m 600 "$stage/dev/console" c 5 1
gcc -static -Os -o "$stage/bin/chattr_i" "$(dirname "$0")/chattr_i.c"
# efivarfs is a module in the Debian kernel: take it from the unpacked
# payload when there is one (tests/qemu/payloads.sh).
ko=$(ls build/payloads/linux-image-*/lib/modules/*/kernel/fs/efivarfs/efivarfs.ko 2>/dev/null | head -n 1 || true)
[[ -n $ko ]] && cp "$ko" "$stage/efivarfs.ko"
cat >"$stage/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
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
# Runtime services in virtual mode: the kernel's runtime map, and a
# variable read back through efivarfs (GetVariable at runtime).
if [ -d /sys/firmware/efi/runtime-map ]; then
	echo "cloudhv-test: EFI runtime map entries: $(ls /sys/firmware/efi/runtime-map | wc -l)"
fi
[ -f /efivarfs.ko ] && insmod /efivarfs.ko
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
echo "cloudhv-test: done, powering off"
poweroff -f
INIT
chmod +x "$stage/init"
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -9 >"$out"
echo "mkinitramfs: $out ($(stat -c %s "$out") bytes)"
