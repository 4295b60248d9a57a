# Boot options the firmware makes (boot/bootopt_auto.c), seen from EFI
# applications and the shell: a Boot#### per file system holding the
# removable-media file, with EDK2-like descriptions and EDK2's auto-created
# mark; BootOrder; BootCurrent for what runs, the removable path included;
# BootNext set by an application honoured (once) before BootOrder; an
# application-category option left out of the normal boot; Timeout and
# BootOptionSupport. The payload is tests/efi/bootopts.c, which prints the
# variables ("bootopts: ..."). Our variables do not survive a reset, so
# BootNext is set by the fw_cfg application, which runs before the boot
# manager reads BootNext in the same boot.

BO_APP=build/efi/bootopts.efi
BO_PATH_RE='PcieRoot\(0x0\)/Pci\(0x[0-9A-F]+,0x0\)/HD\(1,GPT,[0-9A-F-]{36},0x800,0x[0-9A-F]+\)/\\EFI\\BOOT\\BOOTX64.EFI'

bo_drive() { # bo_drive IMG ID: -drive/-device arguments for one disk
	echo "-drive if=none,id=$2,file=$1,format=raw -device virtio-blk-pci,drive=$2"
}

# Three disks: 0 and 2 bootable (2 also has the shell's startup.nsh), 1 a
# FAT ESP without the file. The fw_cfg app adds an APP option and sets
# BootNext to the last option (disk 2's).
test_bootopts_q35() {
	efi_app bootopts || return 1
	tests/qemu/mkesp.sh "$OUT/bo-a.img" --size 40 "$BO_APP:/EFI/BOOT/BOOTX64.EFI" &&
		tests/qemu/mkesp.sh "$OUT/bo-b.img" --size 40 --text '/README.TXT=nothing\n' &&
		tests/qemu/mkesp.sh "$OUT/bo-c.img" --size 40 "$BO_APP:/EFI/BOOT/BOOTX64.EFI" \
			--text '/startup.nsh=bcfg boot dump\nreset -s\n' || return 1
	# shellcheck disable=SC2046
	qemu_boot bootopts q35 256 "fw.test fw.shell" $(bo_drive "$OUT/bo-a.img" d0) \
		$(bo_drive "$OUT/bo-b.img" d1) $(bo_drive "$OUT/bo-c.img" d2) \
		-fw_cfg name=opt/cloudhv/app.efi,file=$BO_APP \
		-fw_cfg name=opt/cloudhv/cmdline,string="app next"
	expect_ok_exit &&
		expect '^bootmgr: Boot0000 "UEFI fw_cfg opt/cloudhv/app.efi" created$' &&
		expect '^bootmgr: Boot0001 "UEFI VirtIO Disk 0 Partition 1" created$' &&
		expect '^bootmgr: Boot0002 "UEFI VirtIO Disk 2 Partition 1" created$' &&
		reject 'bootmgr: Boot[0-9A-F]{4} "UEFI VirtIO Disk 1' &&
		expect '^bootmgr: BootOrder 0000,0001,0002$' &&
		# What the fw_cfg app saw: its own option current, all options.
		expect '^bootopts: BootCurrent=0000 attrs=0x6$' &&
		expect '^bootopts: BootOrder=0000,0001,0002$' &&
		expect "^bootopts: Boot0000 attr=0x1 var=0x7 desc=\\[UEFI fw_cfg opt/cloudhv/app.efi\\] path=VenHw\\(9CA3319E-A70C-4A30-962C-706C6FC32D41\\) auto=yes$" &&
		expect "^bootopts: Boot0001 attr=0x1 var=0x7 desc=\\[UEFI VirtIO Disk 0 Partition 1\\] path=.* auto=yes$" &&
		expect '^bootopts: Timeout=0000 attrs=0x7$' &&
		expect '^bootopts: BootOptionSupport=0x2 attrs=0x6$' &&
		expect '^bootopts: Boot00AA \(category app\) first in BootOrder: Success$' &&
		expect '^bootopts: BootNext set to Boot0002: Success$' &&
		# BootNext first, deleted before it ran; then BootOrder less the
		# app and the fw_cfg app (it ran first already).
		expect '^bootmgr: BootNext is Boot0002$' &&
		expect "^bootmgr: starting $BO_PATH_RE\$" &&
		expect '^bootopts: BootCurrent=0002 attrs=0x6$' &&
		expect '^bootopts: BootNext=none$' &&
		expect '^bootmgr: Boot00AA: not in the boot category, skipped$' &&
		expect '^bootopts: BootCurrent=0001 attrs=0x6$' &&
		expect '^bootopts: BootOrder=00AA,0000,0001,0002$' &&
		# The disk without the file is still tried on the removable path;
		# the bootable ones are not booted twice.
		expect 'bootmgr:   .*Pci\(0x2,0x0\).*BOOTX64.EFI: (not loaded|no such file)' || return 1
	local n
	n=$(log_text | grep -c '^bootopts: from=.*BOOTX64.EFI')
	[[ $n == 3 ]] || { echo "    BOOTX64.EFI ran $n times, expected 3 (BootNext, Boot0001, Boot0002)"; return 1; }
	n=$(log_text | grep -c '^bootopts: from=(buffer)')
	[[ $n == 1 ]] || { echo "    the fw_cfg app ran $n times, expected 1"; return 1; }
	# The shell's bcfg boot dump lists the options.
	expect '^Option: 02\. Variable: Boot0001$' &&
		expect '^  Desc    - UEFI VirtIO Disk 0 Partition 1$' &&
		expect "^  DevPath - $BO_PATH_RE\$" &&
		expect '^  Optional- Y \(16 bytes\)$'
}

# A PE image as a PVH module (Cloud Hypervisor --initramfs) has its option
# too, and BootCurrent names it while it runs.
test_bootopts_module_pc() {
	efi_app bootopts || return 1
	qemu_boot bootopts-module pc 256 "fw.test" -initrd "$BO_APP"
	expect_ok_exit &&
		expect '^bootmgr: Boot0000 "UEFI PVH Module 0" created$' &&
		expect '^bootmgr: starting PVH module 0' &&
		expect '^bootopts: BootCurrent=0000 attrs=0x6$' &&
		expect "^bootopts: Boot0000 attr=0x1 var=0x7 desc=\\[UEFI PVH Module 0\\] path=VenHw\\(9CA3319E-A70C-4A30-962C-706C6FC32D41\\) auto=yes$"
}

# An OS installer's option (args.efi from fw_cfg: it overwrites Boot0001,
# which was the disk's, and sets BootOrder = 0001 alone) runs; the removable
# path then boots the disk with no BootCurrent (its option is gone).
test_bootopts_removable_current_pc() {
	efi_app bootopts && efi_app args || return 1
	tests/qemu/mkesp.sh "$OUT/bo-rm.img" --size 40 "$BO_APP:/EFI/BOOT/BOOTX64.EFI" \
		"build/efi/args.efi:/EFI/OTHER/T.EFI" || return 1
	# shellcheck disable=SC2046
	qemu_boot bootopts-rm pc 256 "fw.test" $(bo_drive "$OUT/bo-rm.img" d0) \
		-fw_cfg name=opt/cloudhv/app.efi,file=build/efi/args.efi \
		-fw_cfg "name=opt/cloudhv/cmdline,string=setboot \\EFI\\OTHER\\T.EFI os"
	expect_ok_exit &&
		expect '^bootmgr: Boot0000 "UEFI fw_cfg opt/cloudhv/app.efi" created$' &&
		expect '^bootmgr: Boot0001 "UEFI VirtIO Disk 0 Partition 1" created$' &&
		expect '^args: Boot0001 -> .*T.EFI: Success' &&
		expect '^bootmgr: starting Boot0001 "Test option" ' &&
		expect '^args: from=.*EFI.OTHER.T.EFI options=\[os\]' &&
		expect '^bootopts: BootCurrent=none$' &&
		expect '^bootopts: BootOrder=0001$'
}

# The reference: OVMF (EDK2) boots the same app from a disk. What we copy
# from it must hold there: an auto-created option for the disk (OVMF's
# names the whole disk, "UEFI Non-Block Boot Device" for virtio-blk, and
# is expanded at boot), marked with the same GUID, named by BootCurrent
# (BS|RT) while it runs; Timeout is NV|BS|RT and BootOptionSupport BS|RT
# (OVMF's is 0x313: hot keys, APP, SysPrep, 3 keys).
# shellcheck source=/dev/null
source tests/qemu/t_ovmf.sh
test_bootopts_ovmf() {
	ovmf_esp bootopts ovmf-bootopts || return 1
	ovmf_qemu ovmf-bootopts "file:$OUT/ovmf-bootopts.log"
	ovmf_stop '^bootopts: BootOptionSupport=' || return 1
	local cur
	cur=$(log_text | sed -nE 's/^bootopts: BootCurrent=([0-9A-F]{4}) attrs=0x6$/\1/p' | head -1)
	[[ -n $cur ]] || { echo "    no BootCurrent on OVMF"; return 1; }
	expect "^bootopts: Boot$cur attr=0x1 var=0x7 desc=\\[UEFI [^]]+\\] path=PciRoot\\(0(x0)?\\)/Pci\\([^)]*\\) auto=yes\$" &&
		expect '^bootopts: Timeout=[0-9A-F]{4} attrs=0x7$' &&
		expect '^bootopts: BootOptionSupport=0x[0-9a-f]+ attrs=0x6$'
}
