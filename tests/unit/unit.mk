# Host unit tests: UNIT_TESTS names tests/unit/test_<name>.c, and
# UNIT_SRCS_<name> lists the pure sources it is linked with.
# Each area keeps its own tests/unit/<area>.mk, included here.
UNIT_TESTS += fmt
UNIT_SRCS_fmt := lib/fmt.c lib/log.c lib/cmdline.c lib/err.c

include $(filter-out tests/unit/unit.mk,$(sort $(wildcard tests/unit/*.mk)))
