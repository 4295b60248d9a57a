# hwinfo/: the hardware-info BLOB list and typed accessors, the pure fw_cfg
# directory parser, and the fw_cfg access (hwinfo/fwcfg.c) against
# simulated QEMU and Cloud Hypervisor devices (the ports, in
# hwinfo/fwcfg_port.c, are firmware only).
UNIT_TESTS += hwinfo
UNIT_SRCS_hwinfo := hwinfo/list.c hwinfo/types.c hwinfo/host_bridge.c hwinfo/print.c \
	lib/log.c lib/fmt.c lib/err.c

UNIT_TESTS += fwcfg
UNIT_SRCS_fwcfg := hwinfo/fwcfg.c hwinfo/fwcfg_dir.c hwinfo/fwcfg_items.c lib/log.c lib/fmt.c \
	lib/err.c lib/string.c
