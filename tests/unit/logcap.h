/* Host tests: capture what the code under test logs, and assert on it.
 * Register capture_sink with log_add_sink() once per test program, or use
 * logcap_group_setup as the cmocka group setup. */
#ifndef TESTS_UNIT_LOGCAP_H
#define TESTS_UNIT_LOGCAP_H

#include <stddef.h>
#include <string.h>

#include "lib/log.h"

static char logbuf[65536];
static size_t loglen;

static inline void capture_sink(const char *s, size_t len)
{
	if (len > sizeof(logbuf) - 1 - loglen)
		len = sizeof(logbuf) - 1 - loglen;
	memcpy(logbuf + loglen, s, len);
	loglen += len;
	logbuf[loglen] = '\0';
}

static inline void log_clear(void)
{
	loglen = 0;
	logbuf[0] = '\0';
}

/* cmocka setups: the group setup registers the sink for lines at LOG_INFO
 * and above (LOG_DEBUG and above: _debug); the test setup empties it. */
static inline int logcap_group_setup(void **state)
{
	log_add_sink(capture_sink);
	log_set_level(LOG_INFO);
	return 0;
}

static inline int logcap_group_setup_debug(void **state)
{
	log_add_sink(capture_sink);
	log_set_level(LOG_DEBUG);
	return 0;
}

static inline int logcap_test_setup(void **state)
{
	log_clear();
	return 0;
}

static inline size_t log_lines(void)
{
	size_t n = 0;

	for (size_t i = 0; i < loglen; i++)
		n += logbuf[i] == '\n';
	return n;
}

#define assert_log_has(s)                                              \
	do {                                                           \
		if (!strstr(logbuf, (s)))                              \
			fail_msg("log lacks \"%s\"; log was:\n%s", (s), \
				 logbuf);                              \
	} while (0)

#define assert_log_lacks(s)                                            \
	do {                                                           \
		if (strstr(logbuf, (s)))                               \
			fail_msg("log has \"%s\"; log was:\n%s", (s),   \
				 logbuf);                              \
	} while (0)

#endif
