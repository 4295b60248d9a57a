# boot/bootopt_plan.c: the boot-option refresh decision (existing Boot####
# options, BootOrder and the boot sources found -> what is created, kept,
# deleted and the new BootOrder) and the device-path split behind the
# option descriptions, with hostile inputs.
UNIT_TESTS += bootopt_plan
UNIT_SRCS_bootopt_plan := boot/bootopt_plan.c lib/err.c
