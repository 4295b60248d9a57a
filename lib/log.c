#include "lib/log.h"

#include <stdarg.h>

#include "lib/fmt.h"
#include "lib/string.h"

#define LOG_MAX_SINKS 4
#define LOG_LINE_MAX 320

static log_sink_fn sinks[LOG_MAX_SINKS];
static unsigned nr_sinks;
static enum log_level cur_level = LOG_INFO;
static panic_stop_fn stop_fn;

int log_add_sink(log_sink_fn fn)
{
	if (nr_sinks == LOG_MAX_SINKS)
		return -1;
	sinks[nr_sinks++] = fn;
	return 0;
}

void log_set_level(enum log_level level)
{
	cur_level = level;
}

int log_parse_level(const char *s, size_t len, enum log_level *out)
{
	static const char *const names[] = { "err", "warn", "info", "debug" };

	if (len == 1 && s[0] >= '0' && s[0] <= '3') {
		*out = (enum log_level)(s[0] - '0');
		return 0;
	}
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == len && !strncmp(s, names[i], len)) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

void log_write(const char *s, size_t len)
{
	for (unsigned i = 0; i < nr_sinks; i++)
		sinks[i](s, len);
}

static void log_vprintf(enum log_level level, const char *fmt, va_list ap)
{
	static const char *const prefix[] = { "error: ", "warning: ", "", "" };
	char line[LOG_LINE_MAX];
	size_t n;
	int len;

	n = (size_t)fmt_snprintf(line, sizeof(line), "%s", prefix[level]);
	len = fmt_vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	n += (size_t)len;
	if (n >= sizeof(line)) { /* truncated: say so, keep the newline */
		n = sizeof(line) - 1;
		memcpy(line + n - 4, "...\n", 4);
	}
	log_write(line, n);
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > cur_level)
		return;
	va_start(ap, fmt);
	log_vprintf(level, fmt, ap);
	va_end(ap);
}

void panic_set_stop(panic_stop_fn fn)
{
	stop_fn = fn;
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	char msg[LOG_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_printf(LOG_ERR, "PANIC at %s:%d: %s\n", file, line, msg);
	if (stop_fn)
		stop_fn();
	for (;;)
		;
}
