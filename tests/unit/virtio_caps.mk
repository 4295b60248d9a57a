# virtio/pci_caps.c: the virtio-pci capabilities found through pci/ on the
# simulated configuration space (pci_sim.c), hostile ones included, and
# the notification address bound.
UNIT_TESTS += virtio_caps
UNIT_SRCS_virtio_caps := virtio/pci_caps.c pci/cfg.c pci/root.c pci/enum.c pci/bridge_win.c \
	pci/bar.c pci/bridge.c pci/assign.c pci/cap.c pci/dev.c pci/dump.c \
	tests/unit/pci_sim.c lib/log.c lib/fmt.c lib/err.c
