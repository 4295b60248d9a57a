# Host unit tests for virtio/: the split virtqueue and the virtio-blk
# request planner, both against the simulated device in virtq_sim.c; the
# transport's queue set-up against a common configuration in host memory.
UNIT_TESTS += virtq blk_req virtio_pci
UNIT_SRCS_virtq := virtio/virtq.c tests/unit/virtq_sim.c lib/log.c lib/fmt.c lib/err.c
UNIT_SRCS_blk_req := virtio/blk_req.c virtio/virtq.c tests/unit/virtq_sim.c \
	lib/log.c lib/fmt.c lib/err.c
UNIT_SRCS_virtio_pci := virtio/pci.c virtio/pci_caps.c virtio/virtq.c \
	lib/log.c lib/fmt.c lib/err.c
# The whole virtio-blk driver over its transport, against a simulated PCI
# function that fails on purpose (blkdev_sim.c: PCI, memory and clock
# below the driver; the device runs in cpu_relax).
UNIT_TESTS += blk_fault
UNIT_SRCS_blk_fault := virtio/blk.c virtio/blk_io.c virtio/blk_req.c \
	virtio/pci.c virtio/pci_caps.c virtio/virtq.c tests/unit/blkdev_sim.c tests/unit/virtq_sim.c \
	lib/log.c lib/fmt.c lib/err.c
