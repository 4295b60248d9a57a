# A damaged hvm_start_info gives a clear message and a clean stop, never a
# triple fault. A shim PVH kernel (tests/qemu/shim.asm) damages a copy of
# QEMU's start_info and jumps to the firmware, which QEMU's generic loader
# placed in memory.

build_shim() {
	local mode=$1 entry
	entry=$(nm "$FW" | awk '$3 == "pvh_start32" {print "0x" $1}')
	mkdir -p "$OUT"
	nasm -f elf64 -DMODE="$mode" -DFW_ENTRY="$entry" tests/qemu/shim.asm \
		-o "$OUT/shim-$mode.o" &&
		ld -nostdlib -static -Ttext=0x2000000 -z noexecstack \
			--build-id=none -e shim_start "$OUT/shim-$mode.o" \
			-o "$OUT/shim-$mode.elf"
}

shim_boot() {
	local mode=$1 name=$2
	build_shim "$mode" || return 1
	FW="$OUT/shim-$mode.elf" qemu_boot "$name" pc 128 "fw.test" \
		-device "loader,file=build/cloudhv-fw.elf"
}

test_start_info_bad_magic() {
	shim_boot 1 si-bad-magic || return 1
	expect '^error: PVH start_info at 0x[0-9a-f]+ is unusable: bad magic \(expected 0x336ec578\)' &&
		reject '^cloudhv-fw ready' && expect_exit 7
}

test_start_info_null() {
	shim_boot 2 si-null || return 1
	expect '^error: PVH start_info at 0x0 is unusable: no readable start_info' &&
		expect_exit 7
}

test_start_info_version0() {
	shim_boot 3 si-version0 || return 1
	expect '^error: PVH start_info at 0x[0-9a-f]+ is unusable: version 0 has no memory map' &&
		expect_exit 7
}

test_start_info_no_memmap() {
	shim_boot 4 si-no-memmap || return 1
	expect '^error: PVH start_info at 0x[0-9a-f]+ is unusable: memory map entry count is 0' &&
		expect_exit 7
}
