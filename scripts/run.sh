#!/usr/bin/env bash
# make run [DISK=os.raw] [MACHINE=q35] [MEM=1024] [APPEND="fw.log=debug"]
#          [EFI=app.efi [CMDLINE="..."] [INITRD=initrd.img]]
# Boots the firmware in QEMU with the serial console on this terminal
# (Ctrl-a x quits QEMU). EFI= hands an EFI application (or a Linux kernel
# with its EFI stub) to the firmware through fw_cfg, with CMDLINE as its
# load options and INITRD served on the Linux initrd media device path.
set -euo pipefail
disk=${1:-}
args=(-M "${MACHINE:-q35}" -m "${MEM:-1024}" -kernel build/cloudhv-fw.elf
	-append "${APPEND:-}" -nographic -serial mon:stdio -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=4)
if [[ -n $disk ]]; then
	[[ -r $disk ]] || { echo "run: cannot read disk image $disk" >&2; exit 1; }
	args+=(-drive "file=$disk,if=none,id=disk0,format=raw"
		-device virtio-blk-pci,drive=disk0,disable-legacy=on)
fi
if [[ -n ${EFI:-} ]]; then
	args+=(-fw_cfg "name=opt/cloudhv/app.efi,file=$EFI")
	[[ -n ${CMDLINE:-} ]] && args+=(-fw_cfg "name=opt/cloudhv/cmdline,string=$CMDLINE")
	[[ -n ${INITRD:-} ]] && args+=(-fw_cfg "name=opt/cloudhv/initrd,file=$INITRD")
fi
echo "run: qemu-system-x86_64 ${args[*]}"
exec qemu-system-x86_64 "${args[@]}"
