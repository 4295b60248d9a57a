UNIT_TESTS += mm pt pvh
UNIT_SRCS_mm := mm/memmap.c mm/alloc.c mm/pool.c lib/log.c lib/fmt.c lib/err.c
UNIT_SRCS_pt := mm/pt.c mm/policy.c lib/string.c lib/err.c
UNIT_SRCS_pvh := pvh/start_info.c lib/log.c lib/fmt.c lib/err.c
