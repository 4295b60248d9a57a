# lib/console.c: the console registry, fan-out output, round-robin input
# and the backlog replayed to late consoles, against fake consoles.
UNIT_TESTS += console
UNIT_SRCS_console := lib/console.c lib/err.c
