# libFuzzer target for virtio/pci_caps.c: the virtio-pci capabilities of a
# function (configuration space and BARs from the input) and the queue
# notification bound.
FUZZ_TARGETS += virtio_pci
FUZZ_SRCS_virtio_pci := tests/fuzz/fuzz_virtio_pci.c tests/fuzz/fuzz_pci_space.c \
	virtio/pci_caps.c pci/cap.c pci/cfg.c pci/root.c pci/dev.c lib/log.c \
	lib/fmt.c lib/err.c

# Seeds: the capability layouts of QEMU's and Cloud Hypervisor's virtio
# devices, and damaged variants (tests/fuzz/seeds_pci.py).
$(BUILD)/fuzz/corpus/virtio_pci.made: tests/fuzz/seeds_pci.py tests/fuzz/seedlib.py
	$(call fuzz_seeds,python3 $< virtio_pci)
