/* The shell's loop: prompt, read a line, run it; `exit` returns to the
 * boot manager. A command line is words (shell/parse.c); `> file` or
 * `>> file` at its end sends the output to a file; `fsN:` changes volume;
 * a word that is not a command runs as an EFI image (name or name.efi,
 * in the current directory or by path) with the line as load options. */
#include "shell/shell.h"
#include "shell/shell_priv.h"

#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/string.h"

struct sh_state sh;
EFI_HANDLE sh_image;
EFI_SYSTEM_TABLE *sh_st;
EFI_BOOT_SERVICES *sh_bs;
EFI_RUNTIME_SERVICES *sh_rt;

static const struct sh_cmd *find(const char *name)
{
	for (unsigned i = 0; i < sh_cmd_count; i++)
		if (sh_strieq(name, sh_cmds[i].name))
			return &sh_cmds[i];
	return NULL;
}

static bool ends_with_efi(const char *s)
{
	size_t n = strlen(s);

	return n > 4 && sh_strieq(s + n - 4, ".efi");
}

/* A word that names no command: an image, tried as given and with .efi. */
static int run_image(char *word, const char *line)
{
	char path[SH_PATH_MAX], name[SH_PATH_MAX];
	int fs = sh.fs;
	EFI_FILE_HANDLE f;

	fmt_snprintf(name, sizeof(name), "%s%s", word, ends_with_efi(word) ? "" : ".efi");
	for (int pass = 0; pass < 2; pass++) {
		const char *try = pass ? name : word;

		fs = sh.fs;
		if (sh_path_resolve(sh.cwd, try, &fs, path, sizeof(path)) ||
		    sh_open(fs, path, EFI_FILE_MODE_READ, 0, &f))
			continue;
		f->Close(f);
		return sh_run_image(fs, path, line);
	}
	sh_printf("'%s' is not a command or an image (type help)\n", word);
	return -1;
}

/* "fsN:" alone switches the current volume. */
static bool volume_switch(const char *w)
{
	char path[SH_PATH_MAX];
	int fs = -1;
	size_t n = strlen(w);

	if (n < 4 || w[n - 1] != ':' ||
	    sh_path_resolve("\\", w, &fs, path, sizeof(path)) || fs < 0)
		return false;
	if ((unsigned)fs >= sh_volume_count()) {
		sh_printf("%s: no such volume (see map)\n", w);
		return true;
	}
	sh.fs = fs;
	sh_strlcpy(sh.cwd, "\\", sizeof(sh.cwd));
	return true;
}

/* `cmd ... > file` / `>> file`: strips the redirection, returns the
 * target (NULL when none). */
static const char *redirection(int *argc, char **argv, bool *append)
{
	if (*argc >= 3 && (!strcmp(argv[*argc - 2], ">") ||
			   !strcmp(argv[*argc - 2], ">>"))) {
		*append = argv[*argc - 2][1] == '>';
		*argc -= 2;
		return argv[*argc + 1];
	}
	return NULL;
}

static int finish_redirect(const char *target, bool append)
{
	char path[SH_PATH_MAX];
	int fs = sh.fs;
	size_t len;
	const char *data = sh_capture_stop(&len);
	EFI_STATUS s;

	if (!data) {
		sh_printf("%s: out of memory for the output\n", target);
		return -1;
	}
	if (sh_path_resolve(sh.cwd, target, &fs, path, sizeof(path))) {
		sh_printf("%s: bad path\n", target);
		return -1;
	}
	s = sh_write_file(fs, path, data, len, append);
	if (s)
		sh_printf("%s: cannot write: %s\n", target, efilib_status_str(s));
	return s ? -1 : 0;
}

int sh_execute(char *line)
{
	char copy[SH_LINE_MAX];
	char *argv[SH_ARGS_MAX];
	const char *target;
	bool append = false;
	int argc, rc;

	sh_strlcpy(copy, line, sizeof(copy));
	argc = sh_tokenize(line, argv, SH_ARGS_MAX);
	if (argc < 0) {
		sh_printf("syntax error: unterminated quote or too many words\n");
		return -1;
	}
	if (argc == 0)
		return 0;
	if (argc == 1 && volume_switch(argv[0]))
		return 0;
	target = redirection(&argc, argv, &append);
	if (target)
		sh_capture_start();
	const struct sh_cmd *c = find(argv[0]);
	rc = c ? c->run(argc, argv) : run_image(argv[0], copy);
	if (target && finish_redirect(target, append))
		rc = -1;
	return rc;
}

static void run_startup(void)
{
	for (unsigned i = 0; i < sh_volume_count(); i++) {
		char *data, *line;
		UINTN size;

		if (sh_read_file((int)i, "\\startup.nsh", (void **)&data, &size))
			continue;
		sh_printf("Running fs%u:\\startup.nsh\n", i);
		sh.fs = (int)i;
		line = data;
		while (*line && !sh.exit) {
			char *end = line;

			while (*end && *end != '\n')
				end++;
			char save = *end;
			*end = '\0';
			if (end > line && end[-1] == '\r')
				end[-1] = '\0';
			if (*line && *line != '#') {
				sh_printf("%s\n", line);
				sh_execute(line);
			}
			line = save ? end + 1 : end;
		}
		sh_bs->FreePool(data);
		return;
	}
}

int shell_run(EFI_HANDLE image, EFI_SYSTEM_TABLE *st, const char *reason,
	      int run_startup_nsh)
{
	char line[SH_LINE_MAX], prompt[SH_PATH_MAX + 8];

	sh_image = image;
	sh_st = st;
	sh_bs = sh_st->BootServices;
	sh_rt = sh_st->RuntimeServices;
	sh = (struct sh_state){ .fs = sh_volume_count() ? 0 : -1 };
	sh_strlcpy(sh.cwd, "\\", sizeof(sh.cwd));
	sh_printf("cloudhv-fw shell (%s); type help\n", reason);
	if (run_startup_nsh)
		run_startup();
	while (!sh.exit) {
		if (sh.fs >= 0)
			fmt_snprintf(prompt, sizeof(prompt), "fs%d:%s> ", sh.fs, sh.cwd);
		else
			fmt_snprintf(prompt, sizeof(prompt), "Shell> ");
		sh_readline(prompt, line, sizeof(line));
		sh_execute(line);
	}
	return 0;
}
