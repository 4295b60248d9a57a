/* Host helper for tests/fuzz/seeds_dp.py: turns device-path texts (one a
 * line on stdin, the forms tests/unit/test_dp_parse.c checks) into seeds,
 * through the firmware's own parser (efi/devpath/dp_parse*.c) and load
 * option builder (efilib/loadopt.c), in the layout of each target's
 * harness:
 *   dp_parse      0x01 then the text (one byte a character), and 0x03,
 *                 the node's index in efi_dp_node_syntax, the text after
 *                 "Name(" (fuzz_dp_parse.c's node mode)
 *   dp_fmt        a flags byte (output room for everything) then the path
 *   trace         the path
 *   loadopt       a Boot#### option holding the path, with optional data
 *                 for every other one
 *   devpath_util  a split byte, then two paths (this one and the next)
 * Usage: seed_dp TARGET DIR < texts */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efi/devpath/dp_parse.h"
#include "efilib/efilib.h"

#define MAX_TEXTS 256

static char texts[MAX_TEXTS][1024];
static uint8_t paths[MAX_TEXTS][EFI_DP_PARSE_MAX];
static size_t sizes[MAX_TEXTS];

static void put(const char *dir, const char *target, unsigned i,
		const void *a, size_t na, const void *b, size_t nb)
{
	char name[4096];
	FILE *f;

	snprintf(name, sizeof(name), "%s/%s-%03u", dir, target, i);
	f = fopen(name, "wb");
	if (!f || fwrite(a, 1, na, f) != na || (nb && fwrite(b, 1, nb, f) != nb) ||
	    fclose(f)) {
		perror(name);
		exit(1);
	}
}

static size_t parse(const char *s, uint8_t *out)
{
	CHAR16 w[1024];
	size_t n = strlen(s), need;

	for (size_t i = 0; i < n; i++)
		w[i] = (unsigned char)s[i];
	if (efi_dp_parse_path(w, n, out, EFI_DP_PARSE_MAX, &need) ||
	    need > EFI_DP_PARSE_MAX)
		return 0;
	return need;
}

/* Node mode: the syntax index of the text's first node name, and where
 * its arguments start. */
static int node_index(const char *s, size_t *args)
{
	const char *open = strchr(s, '(');

	if (!open)
		return -1;
	for (size_t k = 0; k < efi_dp_node_syntax_count; k++) {
		const char *name = efi_dp_node_syntax[k].name;

		if (strlen(name) == (size_t)(open - s) && !strncmp(s, name, open - s)) {
			*args = open - s + 1;
			return (int)k;
		}
	}
	return -1;
}

static void loadopt(const char *dir, unsigned i)
{
	static const CHAR16 desc[] = { 'S', 'e', 'e', 'd', ' ', 'o', 'p', 't', 0 };
	static const CHAR16 opt[] = { 'c', 'o', 'n', 's', 'o', 'l', 'e', '=',
				      't', 't', 'y', 'S', '0', 0 };
	static uint8_t buf[2 * EFI_DP_PARSE_MAX];
	size_t n = efilib_loadopt_build(buf, sizeof(buf), EFILIB_LOAD_OPTION_ACTIVE, desc,
					(const EFI_DEVICE_PATH *)paths[i],
					(UINT16)sizes[i], i % 2 ? opt : NULL,
					i % 2 ? sizeof(opt) : 0);

	if (n && n <= sizeof(buf))
		put(dir, "loadopt", i, buf, n, NULL, 0);
}

int main(int argc, char **argv)
{
	const char *target = argc == 3 ? argv[1] : "", *dir = argc == 3 ? argv[2] : "";
	unsigned n = 0;

	while (n < MAX_TEXTS && fgets(texts[n], sizeof(texts[n]), stdin)) {
		texts[n][strcspn(texts[n], "\n")] = 0;
		sizes[n] = parse(texts[n], paths[n]);
		if (sizes[n])
			n++;
	}
	for (unsigned i = 0; i < n; i++) {
		uint8_t head[2] = { 0x01, 0 };
		size_t args;
		int k;

		if (!strcmp(target, "dp_parse")) {
			put(dir, "text", i, head, 1, texts[i], strlen(texts[i]));
			if ((k = node_index(texts[i], &args)) >= 0) {
				head[0] = 0x03;
				head[1] = (uint8_t)k;
				put(dir, "node", i, head, 2, texts[i] + args,
				    strlen(texts[i] + args));
			}
		} else if (!strcmp(target, "dp_fmt")) {
			head[0] = (uint8_t)(0xfc | (i % 4));
			put(dir, "path", i, head, 1, paths[i], sizes[i]);
		} else if (!strcmp(target, "trace")) {
			put(dir, "path", i, paths[i], sizes[i], NULL, 0);
		} else if (!strcmp(target, "loadopt")) {
			loadopt(dir, i);
		} else if (!strcmp(target, "devpath_util")) {
			unsigned j = (i + 1) % n;
			uint8_t both[2 * EFI_DP_PARSE_MAX];

			memcpy(both, paths[i], sizes[i]);
			memcpy(both + sizes[i], paths[j], sizes[j]);
			/* fuzz_devpath_util.c: split = (size - 1) * byte / 255. */
			head[0] = (uint8_t)((sizes[i] * 255 + sizes[i] + sizes[j] - 1) /
					    (sizes[i] + sizes[j]));
			put(dir, "pair", i, head, 1, both, sizes[i] + sizes[j]);
		} else {
			fprintf(stderr, "usage: seed_dp dp_parse|dp_fmt|trace|loadopt|"
				"devpath_util DIR < texts\n");
			return 2;
		}
	}
	return n ? 0 : 1;
}
