# A deliberate fault prints the exception, registers and a backtrace, and
# the run ends (status 2 through isa-debug-exit: QEMU exits 5).

test_fault_page_fault() {
	qemu_boot fault-pf pc 128 "fw.test fw.fault=pf" || return 1
	expect '^error: exception #PF page fault \(vector 14\), error code 0x0' &&
		expect '^error: CR0=[0-9a-f]{16} CR2=00000dead0000000 CR3=' &&
		expect '^error: RAX=[0-9a-f]{16} RBX=' &&
		expect '^error: R14=[0-9a-f]{16} R15=' &&
		expect '^error: backtrace' &&
		expect '^error:   #1  0x0000000000[0-9a-f]{6} \(firmware\)' &&
		expect_exit 5
}

test_fault_invalid_opcode() {
	qemu_boot fault-ud q35 128 "fw.test fw.fault=ud" || return 1
	expect '^error: exception #UD invalid opcode \(vector 6\)' &&
		expect '^error: RIP=0000000000[0-9a-f]{6} CS=0018' &&
		expect_exit 5
}

test_fault_general_protection() {
	qemu_boot fault-gp pc 128 "fw.test fw.fault=gp" || return 1
	expect '^error: exception #GP general protection \(vector 13\)' &&
		expect_exit 5
}

# Running off the stack hits the guard page; #PF cannot be delivered on
# that stack, so the CPU raises #DF, which runs on its own IST stack.
test_fault_stack_overflow() {
	local guard
	guard=$(nm "$FW" | awk '$3 == "boot_stack_guard" {print $1}')
	qemu_boot fault-stack q35 128 "fw.test fw.fault=stack" || return 1
	# The fault address is in the guard page, just below the stack.
	expect '^error: exception #DF double fault \(vector 8\)' &&
		expect "^error: CR0=[0-9a-f]{16} CR2=${guard:0:13}[0-9a-f]{3} " &&
		expect_exit 5
}

# Page 0 is not present: a NULL read faults, and the report decodes the
# #PF error code (not present, read) and says what it was.
test_fault_null() {
	qemu_boot fault-null pc 128 "fw.test fw.fault=null" || return 1
	expect '^error: exception #PF page fault \(vector 14\), error code 0x0$' &&
		expect '^error: CR0=[0-9a-f]{16} CR2=0000000000000000 ' &&
		expect '^error: page fault: read at 0x0, page not present$' &&
		expect '^error: NULL pointer access$' &&
		expect_exit 5
}

# The firmware's code is read-only (CR0.WP: supervisor writes honour it):
# error code 0x3 = present | write.
test_fault_write_code() {
	qemu_boot fault-wx q35 128 "fw.test fw.fault=wx" || return 1
	expect '^error: exception #PF page fault \(vector 14\), error code 0x3$' &&
		expect '^error: page fault: write at 0x[0-9a-f]+, protection violation$' &&
		expect '^error: write to read-only memory \(firmware code\)$' &&
		expect_exit 5
}

# The firmware's data is no-execute: a jump to a "ret" in .data faults on
# the fetch, error code 0x11 = present | instruction fetch, and RIP is the
# address of that byte.
test_fault_execute_data() {
	local ret
	ret=$(nm "$FW" | awk '$3 == "ret_in_data" {print $1}')
	qemu_boot fault-nx pc 128 "fw.test fw.fault=nx" || return 1
	expect '^error: exception #PF page fault \(vector 14\), error code 0x11$' &&
		expect "^error: RIP=${ret} " &&
		expect "^error: page fault: instruction fetch at 0x$(printf %x $((16#$ret))), protection violation$" &&
		expect '^error: execute from no-execute memory \(firmware data\)$' &&
		expect_exit 5
}

# panic() prints where and why, the caller's backtrace, and stops the run
# like an exception (status 2) instead of spinning.
test_fault_panic() {
	qemu_boot fault-panic pc 128 "fw.test fw.fault=panic" || return 1
	expect '^error: PANIC at boot/fault.c:[0-9]+: deliberate panic \(fw.fault=panic\)$' &&
		expect '^error: backtrace' &&
		expect '^error:   #1  0x0000000000[0-9a-f]{6} \(firmware\)' &&
		expect_exit 5
}
