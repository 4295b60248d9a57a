/* The shell's pure text handling: shell/parse.c, shell/path.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/err.h"
#include "shell/parse.h"

static int words(const char *line, char **argv, char *buf)
{
	strcpy(buf, line);
	return sh_tokenize(buf, argv, 8);
}

static void test_tokenize(void **state)
{
	char buf[256], *argv[8];

	assert_int_equal(words("  ls   fs0:\\EFI  ", argv, buf), 2);
	assert_string_equal(argv[0], "ls");
	assert_string_equal(argv[1], "fs0:\\EFI");
	assert_int_equal(words("bcfg boot add 0 x.efi \"Disk boot\"", argv, buf), 6);
	assert_string_equal(argv[5], "Disk boot");
	assert_int_equal(words("setvar X =L\"a b\"", argv, buf), 3);
	assert_string_equal(argv[2], "=L\"a b\"");
	assert_int_equal(words("echo a^ b ^\"c", argv, buf), 3);
	assert_string_equal(argv[1], "a b");
	assert_string_equal(argv[2], "\"c");
	assert_int_equal(words("echo hi # a comment", argv, buf), 2);
	assert_int_equal(words("# only a comment", argv, buf), 0);
	assert_int_equal(words("", argv, buf), 0);
	assert_int_equal(words("echo \"open", argv, buf), ERR_INVAL);
	assert_int_equal(words("1 2 3 4 5 6 7 8 9", argv, buf), ERR_INVAL);
	assert_int_equal(words("echo ^", argv, buf), 2); /* a lone ^ stays */
	assert_string_equal(argv[1], "^");
}

static void resolves(const char *cwd, const char *arg, int fs_in,
		     const char *want, int want_fs)
{
	char out[SH_PATH_MAX];
	int fs = fs_in;

	assert_int_equal(sh_path_resolve(cwd, arg, &fs, out, sizeof(out)), 0);
	assert_string_equal(out, want);
	assert_int_equal(fs, want_fs);
}

static void test_paths(void **state)
{
	char out[16];
	int fs = 0;

	resolves("\\", "EFI/BOOT", 0, "\\EFI\\BOOT", 0);
	resolves("\\EFI\\BOOT", "..\\x.efi", 0, "\\EFI\\x.efi", 0);
	resolves("\\EFI\\BOOT", "\\a\\.\\b\\\\c", 0, "\\a\\b\\c", 0);
	resolves("\\EFI", "../../..", 0, "\\", 0);
	resolves("\\EFI", "fs2:\\x", 0, "\\x", 2);
	resolves("\\EFI", "FS1:y", 0, "\\y", 1);
	resolves("\\EFI", "fs1:", 0, "\\", 1);
	resolves("\\", ".", 3, "\\", 3);
	resolves("\\a", "fsx:\\b", 0, "\\a\\fsx:\\b", 0); /* not a volume */
	assert_int_equal(sh_path_resolve("\\", "fs99999:\\x", &fs, out, sizeof(out)),
			 ERR_INVAL);
	assert_int_equal(sh_path_resolve("\\", "a-rather-long-name\\b", &fs, out,
					 sizeof(out)), ERR_RANGE);
	assert_int_equal(sh_path_resolve("\\", "x", &fs, out, 1), ERR_RANGE);
}

static void test_strings(void **state)
{
	char b[4];
	unsigned long v;

	assert_int_equal(sh_parse_uint("64", 64, &v), 0);
	assert_int_equal(v, 64);
	assert_int_equal(sh_parse_uint("65", 64, &v), -1);
	assert_int_equal(sh_parse_uint("", 64, &v), -1);
	assert_int_equal(sh_parse_uint("1x", 64, &v), -1);
	assert_int_equal(sh_parse_uint("99999999999999999999999", ~0ul, &v), -1);
	assert_int_equal(sh_parse_uint("5", 3, &v), -1);

	assert_true(sh_strieq("BCFG", "bcfg"));
	assert_false(sh_strieq("bcf", "bcfg"));
	sh_strlcpy(b, "abcdef", sizeof(b));
	assert_string_equal(b, "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
