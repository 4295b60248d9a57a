UNIT_TESTS += rtc
UNIT_SRCS_rtc := arch/rtc_conv.c
