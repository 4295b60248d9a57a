#!/usr/bin/env bash
# Checks for the Debian packages the build and tests need; installs the
# missing ones when run as root, otherwise prints the exact apt line.
set -euo pipefail
# package:probe (a command, or a file that the package installs)
need=(
	gcc:gcc make:make binutils:ld nasm:nasm python3:python3
	qemu-system-x86:qemu-system-x86_64 libcmocka-dev:/usr/include/cmocka.h
	acpica-tools:iasl clang:clang gdb:gdb gnu-efi:/usr/lib/crt0-efi-x86_64.o
	gdisk:sgdisk fdisk:sfdisk dosfstools:mkfs.fat mtools:mcopy
	busybox-static:busybox cpio:cpio ovmf:/usr/share/OVMF/OVMF_CODE_4M.fd \
	grub-common:grub-mkstandalone
	efitools:sign-efi-sig-list sbsigntool:sbsign openssl:openssl
	swtpm:swtpm swtpm-tools:swtpm_setup tpm2-tools:tpm2_eventlog
)
missing=()
for item in "${need[@]}"; do
	pkg=${item%%:*} probe=${item#*:}
	if [[ $probe == /* ]]; then
		compgen -G "$probe" >/dev/null || missing+=("$pkg")
	else
		command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
	fi
done
(( ${#missing[@]} == 0 )) && exit 0
line="apt-get install -y ${missing[*]}"
if [[ $(id -u) == 0 ]]; then
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends ${missing[*]} >/dev/null
else
	echo "deps: missing packages; as root run: $line" >&2
	exit 1
fi
