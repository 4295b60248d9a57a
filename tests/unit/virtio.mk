# Host unit tests for virtio/: the split virtqueue and the virtio-blk
# request planner, both against the simulated device in virtq_sim.c; the
# transport's queue set-up against a common configuration in host memory.
UNIT_TESTS += virtq blk_req virtio_pci
UNIT_SRCS_virtq := virtio/virtq.c tests/unit/virtq_sim.c lib/log.c lib/fmt.c lib/err.c
UNIT_SRCS_blk_req := virtio/blk_req.c virtio/virtq.c tests/unit/virtq_sim.c \
	lib/log.c lib/fmt.c lib/err.c
UNIT_SRCS_virtio_pci := virtio/pci.c virtio/pci_caps.c virtio/virtq.c \
	lib/log.c lib/fmt.c lib/err.c
