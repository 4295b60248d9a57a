# efi/event (events.c, timer.c, tpl.c, tick.c): events, timers, TPL and
# the timer interrupt's policy (UEFI 2.10 §7.1) linked as they are, with a
# fake clock and a fake RFLAGS.IF that takes simulated interrupts
# (arch/cpu.h's HOST_TEST seam), the arch/ timer, watchdog, phase flag,
# poller and close hook in tests/unit/events_fake.c.
EVENTS_TEST_SRCS := efi/event/events.c efi/event/timer.c efi/event/tpl.c \
	efi/event/tick.c tests/unit/events_fake.c lib/log.c lib/fmt.c lib/err.c
UNIT_TESTS += events timer tick
UNIT_SRCS_events := $(EVENTS_TEST_SRCS)
UNIT_SRCS_timer := $(EVENTS_TEST_SRCS)
UNIT_SRCS_tick := $(EVENTS_TEST_SRCS)
EVENTS_EFI_CFLAGS := -DGNU_EFI_USE_MS_ABI -fshort-wchar -isystem /usr/include/efi \
	-isystem /usr/include/efi/x86_64
$(BUILD)/unit/test_events $(BUILD)/unit/test_timer $(BUILD)/unit/test_tick: HOST_CFLAGS += $(EVENTS_EFI_CFLAGS)
# EFI_EVENT_GROUP_MEMORY_MAP_CHANGE: efi/mem/memory.c with the real events
# code and the real mm/ map, page and pool allocators (mm/system.c's
# system map and pool) over a host arena.
UNIT_TESTS += memmap_events
UNIT_SRCS_memmap_events := $(EVENTS_TEST_SRCS) efi/mem/memory.c efi/base/status.c \
	mm/memmap.c mm/alloc.c mm/pool.c mm/system.c
$(BUILD)/unit/test_memmap_events: HOST_CFLAGS += $(EVENTS_EFI_CFLAGS)
