# hwinfo/: the hardware-info BLOB list and typed accessors, and the pure
# fw_cfg directory parser (hwinfo/fwcfg.c does port I/O: firmware only).
UNIT_TESTS += hwinfo
UNIT_SRCS_hwinfo := hwinfo/list.c hwinfo/types.c hwinfo/host_bridge.c hwinfo/print.c \
	lib/log.c lib/fmt.c lib/err.c

UNIT_TESTS += fwcfg
UNIT_SRCS_fwcfg := hwinfo/fwcfg_dir.c hwinfo/fwcfg_items.c lib/log.c lib/fmt.c lib/err.c
