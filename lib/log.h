/* Levelled logging to every registered console sink, and panic().
 * pr_debug compiles out below LOG_COMPILE_LEVEL; the run-time level comes
 * from the firmware command line (fw.log=). */
#ifndef LIB_LOG_H
#define LIB_LOG_H

#include <stddef.h>

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

#ifndef LOG_COMPILE_LEVEL
#define LOG_COMPILE_LEVEL LOG_DEBUG
#endif

typedef void (*log_sink_fn)(const char *s, size_t len);

/* Adds an output for log lines (serial, debug port, virtio-console...). */
int log_add_sink(log_sink_fn fn);
void log_set_level(enum log_level level);
/* Parses "err", "warn", "info", "debug" or a digit 0-3. */
int log_parse_level(const char *s, size_t len, enum log_level *out);

void log_printf(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Raw text to every sink, whatever the level (banners, dumps). */
void log_write(const char *s, size_t len);

#define pr_err(...) log_printf(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define pr_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)                                  \
	do {                                           \
		if (LOG_COMPILE_LEVEL >= LOG_DEBUG)    \
			log_printf(LOG_DEBUG, __VA_ARGS__); \
	} while (0)

/* What panic() does after printing: installed by arch/ (stop the machine).
 * Until one is installed, panic spins. */
typedef void (*panic_stop_fn)(void);
void panic_set_stop(panic_stop_fn fn);

__attribute__((noreturn, format(printf, 3, 4))) void
panic_at(const char *file, int line, const char *fmt, ...);
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
