#!/usr/bin/env bash
# make run [DISK=os.raw] [MACHINE=q35] [MEM=1024] [APPEND="fw.log=debug"]
#          [EFI=app.efi [CMDLINE="..."] [INITRD=initrd.img]]
# Boots the firmware in QEMU with the serial console on this terminal
# (Ctrl-a x quits QEMU). EFI= hands an EFI application (or a Linux kernel
# with its EFI stub) to the firmware through fw_cfg, with CMDLINE as its
# load options and INITRD served on the Linux initrd media device path.
# MACHINE=chv is the tests' Cloud-Hypervisor-like profile
# (tests/qemu/linux_lib.sh): q35 entered through qboot instead of SeaBIOS
# (no BAR assigned before us, no BIOS services), 46 physical address
# bits, modern-only virtio, and the console on virtio-console (hvc0 for
# Linux) instead of a 16550.
set -euo pipefail
disk=${1:-}
machine=${MACHINE:-q35}
args=(-m "${MEM:-1024}" -kernel build/cloudhv-fw.elf
	-append "${APPEND:-}" -nographic -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=4)
if [[ $machine == chv ]]; then
	args+=(-M q35 -nodefaults -bios /usr/share/qemu/qboot.rom
		-cpu qemu64,phys-bits=46,vendor=GenuineIntel
		-global virtio-pci.disable-legacy=on -serial none
		-chardev stdio,id=con,mux=on,signal=off -mon chardev=con
		-device virtio-serial-pci -device virtconsole,chardev=con)
else
	args+=(-M "$machine" -serial mon:stdio)
fi
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
