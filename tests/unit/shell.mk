# shell/parse.c and shell/path.c: command-line words (quotes, ^ escapes,
# comments, too many words) and path resolution (fsN:, "..", "/", overflow).
UNIT_TESTS += shell
UNIT_SRCS_shell := shell/parse.c shell/path.c lib/err.c
