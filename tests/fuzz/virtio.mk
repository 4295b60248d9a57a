# libFuzzer target for virtio/virtq.c: the input plays a hostile device
# writing the used ring (ids, lengths, index jumps) while requests are in
# flight; the driver must not crash and its free list must stay intact.
FUZZ_TARGETS += virtq
FUZZ_SRCS_virtq := tests/fuzz/fuzz_virtq.c virtio/virtq.c tests/unit/virtq_sim.c \
	lib/log.c lib/fmt.c lib/err.c

# Seeds: drivers with well-behaved and hostile devices
# (tests/fuzz/seeds_virtq.py).
$(BUILD)/fuzz/corpus/virtq.made: tests/fuzz/seeds_virtq.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< virtq)
