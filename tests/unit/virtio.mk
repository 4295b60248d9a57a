# Host unit tests for virtio/: the split virtqueue and the virtio-blk
# request planner, both against the simulated device in virtq_sim.c.
UNIT_TESTS += virtq blk_req
UNIT_SRCS_virtq := virtio/virtq.c tests/unit/virtq_sim.c lib/log.c lib/fmt.c lib/err.c
UNIT_SRCS_blk_req := virtio/blk_req.c virtio/virtq.c tests/unit/virtq_sim.c \
	lib/log.c lib/fmt.c lib/err.c
