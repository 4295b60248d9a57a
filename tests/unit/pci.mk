# pci/: enumeration, BARs, assignment, capabilities and the device list,
# against a simulated configuration space (pci/access.c does port and
# MMIO cycles: firmware only).
UNIT_TESTS += pci
UNIT_SRCS_pci := pci/cfg.c pci/root.c pci/enum.c pci/bar.c pci/bridge.c \
	pci/assign.c pci/cap.c pci/dev.c pci/dump.c tests/unit/pci_sim.c \
	lib/log.c lib/fmt.c lib/err.c
