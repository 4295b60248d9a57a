# pci/: enumeration, BARs, assignment, capabilities and the device list,
# against a simulated configuration space (pci/access.c does port and
# MMIO cycles: firmware only).
UNIT_TESTS += pci
UNIT_SRCS_pci := pci/cfg.c pci/root.c pci/enum.c pci/bar.c pci/bridge.c pci/bridge_win.c \
	pci/assign.c pci/cap.c pci/dev.c pci/dump.c tests/unit/pci_sim.c \
	lib/log.c lib/fmt.c lib/err.c
# pci/plan.c, pci/discover.c and pci/window.c: the merge rule
# (hardware-info BLOB, MCFG, CF8), the root-bus search and the windows
# derived when nobody described them (qboot, pc, Cloud Hypervisor maps),
# on BLOBs built in the test and the same simulated configuration space.
UNIT_TESTS += pci_plan
UNIT_SRCS_pci_plan := pci/plan.c pci/discover.c pci/window.c pci/cfg.c pci/root.c \
	pci/enum.c pci/bar.c pci/bridge.c pci/bridge_win.c pci/assign.c pci/cap.c pci/dev.c \
	pci/dump.c tests/unit/pci_sim.c hwinfo/list.c hwinfo/types.c \
	hwinfo/host_bridge.c lib/log.c lib/fmt.c lib/err.c
