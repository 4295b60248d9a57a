# virtio-rng: fw.selftest=rng reads 64 bytes and counts their distinct
# values (random bytes give about 56; more than 30 is the bar), on
# transitional and modern-only devices; without a device, or with a
# legacy-only one, the self-test says there is none.

check_rng() {
	local name=$1 machine=$2 dev=$3
	qemu_boot "$name" "$machine" 256 "fw.test fw.selftest=rng" \
		-device "$dev" || return 1
	expect '^rng0: virtio-rng$' &&
		expect '^rng: 64 bytes from virtio-rng, [0-9]+ distinct$' &&
		reject '^(error|warning):' &&
		expect_ok_exit || return 1
	local n
	n=$(log_text | sed -nE 's/^rng: 64 bytes from virtio-rng, ([0-9]+) distinct$/\1/p')
	if (( n <= 30 )); then
		echo "    only $n distinct values in 64 bytes"
		return 1
	fi
}

test_virtio_rng_q35_transitional() {
	check_rng rng-q35-trans q35 virtio-rng-pci,disable-legacy=off
}
test_virtio_rng_q35_modern() {
	check_rng rng-q35-modern q35 virtio-rng-pci,disable-legacy=on
}
test_virtio_rng_pc_transitional() {
	check_rng rng-pc-trans pc virtio-rng-pci
}

test_virtio_rng_absent() {
	qemu_boot rng-absent q35 128 "fw.test fw.selftest=rng" || return 1
	expect '^rng: no virtio-rng device$' &&
		reject '^(error|warning):' &&
		expect_ok_exit
}

# A legacy-only device (no modern capabilities) is reported and skipped.
test_virtio_rng_legacy_only() {
	qemu_boot rng-legacy pc 128 "fw.test fw.selftest=rng" \
		-device virtio-rng-pci,disable-modern=on || return 1
	expect '^warning: rng0 \(.*\): no modern virtio capabilities' &&
		expect '^rng: no virtio-rng device$' &&
		expect_ok_exit
}
