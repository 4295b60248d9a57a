# Boot to "ready" on pc and q35 with 128 MiB, 2 GiB and 6 GiB of RAM: the
# banner, the memory summary (RAM above 4 GiB counted and usable) and a
# clean power-off.

check_boot() {
	local machine=$1 mem=$2 high=$3
	qemu_boot "boot-$machine-$mem" "$machine" "$mem" "fw.test" || return 1
	expect '^cloudhv-fw [0-9.]+ \(PVH entry, x86-64\)' &&
		expect "^memory: ([0-9]+) MiB RAM, $high MiB above 4 GiB, top 0x[0-9a-f]+, [0-9]+ MiB free" &&
		expect '^timeline \(TSC ticks since entry at [0-9]+\): c=[0-9]+ pvh=[0-9]+ mm=[0-9]+ .* ready=[0-9]+' &&
		expect '^cloudhv-fw ready' &&
		reject '^(error|warning):' &&
		expect_ok_exit
}

# RAM below/above 4 GiB: QEMU pc keeps 3 GiB low when RAM >= 3.5 GiB,
# q35 2 GiB when RAM >= 2.75 GiB.
test_boot_pc_128m() { check_boot pc 128 0; }
test_boot_pc_2g() { check_boot pc 2048 0; }
test_boot_pc_6g() { check_boot pc 6144 3072; }
test_boot_q35_128m() { check_boot q35 128 0; }
test_boot_q35_2g() { check_boot q35 2048 0; }
test_boot_q35_6g() { check_boot q35 6144 4096; }

# The memory total is what the machine has, minus the holes QEMU and
# SeaBIOS keep (the 640 KiB-1 MiB gap and a few pages).
test_memory_total_2g() {
	qemu_boot mem-total-2g q35 2048 "fw.test" || return 1
	local mib
	mib=$(sed -nE 's/^memory: ([0-9]+) MiB RAM.*/\1/p' "$LOG")
	if [[ -z $mib ]] || (( mib < 2040 || mib > 2048 )); then
		echo "    RAM reported: '${mib}' MiB, expected 2040..2048"
		return 1
	fi
	expect_ok_exit
}

# Debug level prints the memory map; no entry overlaps the next.
test_memmap_debug() {
	qemu_boot memmap-debug pc 6144 "fw.test fw.log=debug" || return 1
	expect '^  \[0x0+-0x0+1000\) type  4 fixed' || return 1
	expect '^  \[0x000000100000-0x[0-9a-f]+\) type  3 fixed' || return 1
	local last=0 start end
	while read -r start end; do
		if (( start < last )); then
			echo "    memory map entries overlap at $start"
			return 1
		fi
		last=$end
	done < <(sed -nE 's/^  \[(0x[0-9a-f]+)-(0x[0-9a-f]+)\).*/\1 \2/p' "$LOG")
	(( last > 0 )) || { echo "    no memory map entries printed"; return 1; }
	expect_ok_exit
}
