# arch/tsc_source.c: the choice of the TSC rate source and its arithmetic
# (pure; arch/tsc.c, tsc_pit.c and tsc_rtc.c touch the machine: firmware
# only), on CPUID leaves and pvclock areas shaped like Cloud Hypervisor's.
UNIT_TESTS += tsc
UNIT_SRCS_tsc := arch/tsc_source.c lib/log.c lib/fmt.c lib/err.c
