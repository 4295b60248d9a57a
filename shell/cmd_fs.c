/* File commands: map, cd, ls/dir, cat/type, cp, rm, mkdir. */
#include "shell/shell_priv.h"

#include "lib/fmt.h"
#include "lib/string.h"

static EFI_GUID blkio_guid = BLOCK_IO_PROTOCOL;
static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;

static void dp_line(const char *name, EFI_HANDLE h)
{
	EFI_DEVICE_PATH *dp = NULL;
	char text[256] = "(no device path)";

	if (!sh_bs->HandleProtocol(h, &dp_guid, (VOID **)&dp) && dp)
		efilib_dp_text(sh_st, dp, text, sizeof(text));
	sh_printf("%-6s %s\n", name, text);
}

int sh_cmd_map(int argc, char **argv)
{
	EFI_HANDLE *blk = NULL;
	UINTN nblk = 0;
	unsigned nfs = sh_volume_count();
	char name[16];

	sh_printf("Mapping table\n");
	for (unsigned i = 0; i < nfs; i++) {
		fmt_snprintf(name, sizeof(name), "fs%u:", i);
		dp_line(name, sh_volume(i));
	}
	sh_bs->LocateHandleBuffer(ByProtocol, &blkio_guid, NULL, &nblk, &blk);
	for (UINTN i = 0; i < nblk; i++) {
		fmt_snprintf(name, sizeof(name), "blk%u:", (unsigned)i);
		dp_line(name, blk[i]);
	}
	if (blk)
		sh_bs->FreePool(blk);
	if (!nfs && !nblk)
		sh_printf("  (no file systems or block devices)\n");
	return 0;
}

/* Resolves argv's path against the current directory: 0 or -1 (said). */
static int resolve(const char *arg, int *fs, char *out)
{
	*fs = sh.fs;
	if (sh_path_resolve(sh.cwd, arg, fs, out, SH_PATH_MAX) || *fs < 0) {
		sh_printf("%s: bad path or no current volume\n", arg);
		return -1;
	}
	return 0;
}

static int fail(const char *what, EFI_STATUS s)
{
	sh_printf("%s: %s\n", what, efilib_status_str(s));
	return -1;
}

int sh_cmd_cd(int argc, char **argv)
{
	char path[SH_PATH_MAX];
	int fs;
	EFI_FILE_HANDLE f;
	EFI_FILE_INFO *info = NULL;
	EFI_STATUS s;

	if (argc < 2) {
		sh_printf("fs%d:%s\n", sh.fs, sh.cwd);
		return 0;
	}
	if (resolve(argv[1], &fs, path))
		return -1;
	s = sh_open(fs, path, EFI_FILE_MODE_READ, 0, &f);
	if (!s) {
		s = sh_file_info(f, &info);
		f->Close(f);
	}
	if (!s && !(info->Attribute & EFI_FILE_DIRECTORY))
		s = EFI_INVALID_PARAMETER;
	if (info)
		sh_bs->FreePool(info);
	if (s)
		return fail(argv[1], s);
	sh.fs = fs;
	sh_strlcpy(sh.cwd, path, sizeof(sh.cwd));
	return 0;
}

static void info_line(const EFI_FILE_INFO *fi)
{
	char name[256];

	efilib_ucs2_to_ascii(fi->FileName, SIZE_MAX, name, sizeof(name));
	sh_printf("%02u/%02u/%04u  %02u:%02u %s %10llu  %s\n",
		  fi->ModificationTime.Month, fi->ModificationTime.Day,
		  fi->ModificationTime.Year, fi->ModificationTime.Hour,
		  fi->ModificationTime.Minute,
		  fi->Attribute & EFI_FILE_DIRECTORY ? "<DIR>" : "     ",
		  (unsigned long long)fi->FileSize, name);
}

int sh_cmd_ls(int argc, char **argv)
{
	char path[SH_PATH_MAX];
	int fs;
	EFI_FILE_HANDLE d;
	EFI_FILE_INFO *fi = NULL;
	UINTN files = 0, dirs = 0;
	UINT64 bytes = 0;
	EFI_STATUS s;

	if (resolve(argc > 1 ? argv[1] : ".", &fs, path))
		return -1;
	s = sh_open(fs, path, EFI_FILE_MODE_READ, 0, &d);
	if (!s)
		s = sh_file_info(d, &fi);
	if (s)
		return fail(path, s);
	sh_printf("Directory of: fs%d:%s\n", fs, path);
	if (!(fi->Attribute & EFI_FILE_DIRECTORY)) {
		info_line(fi);
		files = 1;
		bytes = fi->FileSize;
	} else {
		union {
			EFI_FILE_INFO info;
			UINT8 bytes[sizeof(EFI_FILE_INFO) + 512];
		} buf;

		for (;;) {
			UINTN size = sizeof(buf);
			EFI_FILE_INFO *e = &buf.info;

			s = d->Read(d, &size, &buf);
			if (s || !size)
				break;
			info_line(e);
			if (e->Attribute & EFI_FILE_DIRECTORY)
				dirs++;
			else {
				files++;
				bytes += e->FileSize;
			}
		}
	}
	sh_printf("%10u File(s) %10llu bytes\n%10u Dir(s)\n", (unsigned)files,
		  (unsigned long long)bytes, (unsigned)dirs);
	sh_bs->FreePool(fi);
	d->Close(d);
	return s ? fail(path, s) : 0;
}

int sh_cmd_cat(int argc, char **argv)
{
	char path[SH_PATH_MAX];
	int fs;
	char *data;
	UINTN size;
	EFI_STATUS s;

	for (int i = 1; i < argc; i++) {
		if (resolve(argv[i], &fs, path))
			return -1;
		s = sh_read_file(fs, path, (void **)&data, &size);
		if (s)
			return fail(argv[i], s);
		for (UINTN j = 0; j < size; j++) /* text: binary bytes as '.' */
			if (!data[j] || (unsigned char)data[j] >= 0x80)
				data[j] = '.';
		sh_puts(data);
		if (size && data[size - 1] != '\n')
			sh_puts("\n");
		sh_bs->FreePool(data);
	}
	return argc < 2 ? (sh_printf("usage: cat FILE...\n"), -1) : 0;
}

int sh_cmd_cp(int argc, char **argv)
{
	char src[SH_PATH_MAX], dst[SH_PATH_MAX];
	int sfs, dfs;
	void *data;
	UINTN size;
	EFI_FILE_HANDLE f;
	EFI_FILE_INFO *fi = NULL;
	EFI_STATUS s;

	if (argc != 3) {
		sh_printf("usage: cp SRC DST\n");
		return -1;
	}
	if (resolve(argv[1], &sfs, src) || resolve(argv[2], &dfs, dst))
		return -1;
	/* Into a directory: keep the source's name. */
	if (!sh_open(dfs, dst, EFI_FILE_MODE_READ, 0, &f)) {
		if (!sh_file_info(f, &fi) && (fi->Attribute & EFI_FILE_DIRECTORY)) {
			const char *base = src + strlen(src);

			while (base > src && base[-1] != '\\')
				base--;
			fmt_snprintf(dst + strlen(dst), SH_PATH_MAX - strlen(dst),
				     "%s%s", strlen(dst) > 1 ? "\\" : "", base);
		}
		if (fi)
			sh_bs->FreePool(fi);
		f->Close(f);
	}
	s = sh_read_file(sfs, src, &data, &size);
	if (s)
		return fail(argv[1], s);
	s = sh_write_file(dfs, dst, data, size, false);
	sh_bs->FreePool(data);
	if (s)
		return fail(argv[2], s);
	sh_printf("copied %u bytes to fs%d:%s\n", (unsigned)size, dfs, dst);
	return 0;
}

int sh_cmd_rm(int argc, char **argv)
{
	char path[SH_PATH_MAX];
	int fs;
	EFI_FILE_HANDLE f;
	EFI_STATUS s;

	for (int i = 1; i < argc; i++) {
		if (resolve(argv[i], &fs, path))
			return -1;
		s = sh_open(fs, path, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0, &f);
		if (!s)
			s = f->Delete(f); /* closes f either way */
		if (s)
			return fail(argv[i], s);
		sh_printf("deleted fs%d:%s\n", fs, path);
	}
	return argc < 2 ? (sh_printf("usage: rm PATH...\n"), -1) : 0;
}

int sh_cmd_mkdir(int argc, char **argv)
{
	char path[SH_PATH_MAX];
	int fs;
	EFI_FILE_HANDLE f;
	EFI_STATUS s;

	for (int i = 1; i < argc; i++) {
		if (resolve(argv[i], &fs, path))
			return -1;
		s = sh_open(fs, path, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
					  EFI_FILE_MODE_CREATE,
			    EFI_FILE_DIRECTORY, &f);
		if (s)
			return fail(argv[i], s);
		f->Close(f);
	}
	return argc < 2 ? (sh_printf("usage: mkdir DIR...\n"), -1) : 0;
}
