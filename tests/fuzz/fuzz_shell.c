/* libFuzzer target: the shell's tokeniser and path resolution. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shell/parse.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[SH_LINE_MAX], out[SH_PATH_MAX], *argv[SH_ARGS_MAX];
	size_t n = size < sizeof(line) - 1 ? size : sizeof(line) - 1;
	int argc, fs = 0;

	memcpy(line, data, n);
	line[n] = '\0';
	argc = sh_tokenize(line, argv, SH_ARGS_MAX);
	for (int i = 0; i < argc; i++) {
		if (argv[i] < line || argv[i] > line + n)
			abort();
		if (sh_path_resolve("\\a\\b", argv[i], &fs, out, sizeof(out)))
			continue;
		if (out[0] != '\\' || strlen(out) >= sizeof(out) ||
		    strstr(out, "\\..\\") || strstr(out, "\\.\\") ||
		    (strlen(out) > 1 && out[strlen(out) - 1] == '\\'))
			abort();
	}
	return 0;
}
