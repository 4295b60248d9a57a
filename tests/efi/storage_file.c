/* The storage test app's SimpleFileSystem and File checks (see
 * tests/efi/storage.c for the volume they run on and what they write). */
#include "storage.h"

EFI_STATUS st_open(EFI_FILE *dir, EFI_FILE **f, CHAR16 *name, UINT64 mode,
			UINT64 attr)
{
	*f = NULL;
	return uefi_call_wrapper(dir->Open, 5, dir, f, name, mode, attr);
}

void st_close(EFI_FILE *f)
{
	if (f)
		uefi_call_wrapper(f->Close, 1, f);
}

/* The whole content of name into buf; its size, or -1. */
static INTN slurp(EFI_FILE *root, CHAR16 *name, UINT8 *out, UINTN max)
{
	EFI_FILE *f;
	UINTN size = max;

	if (st_open(root, &f, name, EFI_FILE_MODE_READ, 0))
		return -1;
	if (uefi_call_wrapper(f->Read, 3, f, &size, out))
		size = (UINTN)-1;
	st_close(f);
	return (INTN)size;
}

static EFI_FILE_INFO *info(EFI_FILE *f)
{
	EFI_FILE_INFO *fi = NULL;
	UINTN size = 0;

	if (uefi_call_wrapper(f->GetInfo, 4, f, &gEfiFileInfoGuid, &size, NULL) !=
	    EFI_BUFFER_TOO_SMALL)
		return NULL;
	fi = AllocatePool(size);
	if (fi && uefi_call_wrapper(f->GetInfo, 4, f, &gEfiFileInfoGuid, &size, fi)) {
		FreePool(fi);
		return NULL;
	}
	return fi;
}

void read_checks(EFI_FILE *root)
{
	EFI_FILE *f = NULL, *d = NULL, *f2 = NULL;
	EFI_FILE_INFO *fi;
	UINTN size = 0;
	UINT64 pos = 0;

	check(slurp(root, L"HELLO.TXT", buf, 64) == 14 &&
	      CompareMem(buf, "hello storage\n", 14) == 0, L"read \\HELLO.TXT");
	check(slurp(root, L"\\hello.txt", buf, 64) == 14, L"names are case-insensitive");
	check(slurp(root, L"\\DIR\\SUB\\DEEP.TXT", buf, 64) == 5 &&
	      CompareMem(buf, "deep\n", 5) == 0, L"read \\DIR\\SUB\\DEEP.TXT");
	check(slurp(root, L"DIR\\.\\SUB\\..\\SUB\\DEEP.TXT", buf, 64) == 5,
	      L"\".\" and \"..\" in a path");
	check(st_open(root, &d, L"DIR", EFI_FILE_MODE_READ, 0) == EFI_SUCCESS &&
	      slurp(d, L"SUB\\DEEP.TXT", buf, 64) == 5 && slurp(d, L"..\\HELLO.TXT", buf, 64) == 14 &&
	      slurp(d, L"\\HELLO.TXT", buf, 64) == 14,
	      L"paths relative to an opened directory, and absolute from it");
	st_close(d);
	/* The spec is silent; EDK2 refuses an empty name. */
	check_status(st_open(root, &d, L"", EFI_FILE_MODE_READ, 0), EFI_INVALID_PARAMETER,
		     L"Open(\"\") is INVALID_PARAMETER");
	check(st_open(root, &f, L"NOSUCH.TXT", EFI_FILE_MODE_READ, 0) == EFI_NOT_FOUND,
	      L"a missing file is NOT_FOUND");
	check(st_open(root, &f, L"HELLO.TXT", EFI_FILE_MODE_WRITE, 0) ==
	      EFI_INVALID_PARAMETER, L"open mode WRITE alone is INVALID_PARAMETER");
	check(st_open(root, &f, L"HELLO.TXT", EFI_FILE_MODE_READ, 0) == EFI_SUCCESS,
	      L"open \\HELLO.TXT read-only");
	if (!f)
		return;
	size = 5;
	check(uefi_call_wrapper(f->Read, 3, f, &size, buf) == EFI_SUCCESS && size == 5 &&
	      uefi_call_wrapper(f->GetPosition, 2, f, &pos) == EFI_SUCCESS && pos == 5,
	      L"Read 5 bytes moves the position to 5");
	size = 5;
	check(uefi_call_wrapper(f->Write, 3, f, &size, buf) == EFI_ACCESS_DENIED,
	      L"Write on a read-only open is ACCESS_DENIED");
	check(uefi_call_wrapper(f->SetPosition, 2, f, 0xFFFFFFFFFFFFFFFFULL) == EFI_SUCCESS &&
	      uefi_call_wrapper(f->GetPosition, 2, f, &pos) == EFI_SUCCESS && pos == 14,
	      L"SetPosition(~0) goes to the end");
	size = 8;
	check(uefi_call_wrapper(f->Read, 3, f, &size, buf) == EFI_SUCCESS && size == 0,
	      L"Read at the end gives 0 bytes");
	uefi_call_wrapper(f->SetPosition, 2, f, 100);
	size = 8;
	check(uefi_call_wrapper(f->Read, 3, f, &size, buf) == EFI_DEVICE_ERROR,
	      L"Read past the end is DEVICE_ERROR");
	size = 0;
	check(uefi_call_wrapper(f->GetInfo, 4, f, &gEfiFileInfoGuid, &size, NULL) ==
	      EFI_BUFFER_TOO_SMALL && size == SIZE_OF_EFI_FILE_INFO + 10 * 2,
	      L"GetInfo with no buffer: BUFFER_TOO_SMALL and the size");
	fi = info(f);
	check(fi && fi->FileSize == 14 && StrCmp(fi->FileName, L"HELLO.TXT") == 0 &&
	      !(fi->Attribute & EFI_FILE_DIRECTORY) && fi->ModificationTime.Year >= 2020,
	      L"EFI_FILE_INFO of \\HELLO.TXT: size, name, not a directory, mtime");
	if (fi)
		FreePool(fi);
	check(uefi_call_wrapper(f->Delete, 1, f) == EFI_WARN_DELETE_FAILURE,
	      L"Delete on a read-only open is WARN_DELETE_FAILURE (handle closed)");
	check(st_open(root, &f2, L"HELLO.TXT", EFI_FILE_MODE_READ, 0) == EFI_SUCCESS,
	      L"... and the file is still there");
	st_close(f2);
	check(st_open(root, &f, L"HELLO.TXT\\X", EFI_FILE_MODE_READ, 0) != EFI_SUCCESS,
	      L"a file is not a directory");
}

void dir_checks(EFI_FILE *root)
{
	EFI_FILE_INFO *fi = (EFI_FILE_INFO *)buf;
	UINTN size, entries = 0;
	BOOLEAN hello = FALSE, dir = FALSE, small = FALSE;
	UINT64 pos;
	EFI_STATUS s;

	uefi_call_wrapper(root->SetPosition, 2, root, 0);
	size = 4;
	s = uefi_call_wrapper(root->Read, 3, root, &size, buf);
	small = s == EFI_BUFFER_TOO_SMALL && size > SIZE_OF_EFI_FILE_INFO;
	check(small, L"directory Read with a short buffer: BUFFER_TOO_SMALL and the size");
	for (;;) {
		size = sizeof(buf);
		if (uefi_call_wrapper(root->Read, 3, root, &size, buf) || size == 0)
			break;
		entries++;
		if (StrCmp(fi->FileName, L"HELLO.TXT") == 0 && fi->FileSize == 14)
			hello = TRUE;
		if (StrCmp(fi->FileName, L"DIR") == 0 && (fi->Attribute & EFI_FILE_DIRECTORY))
			dir = TRUE;
	}
	check(hello && dir && size == 0,
	      L"directory Read: one EFI_FILE_INFO per call, size 0 at the end");
	Print(L"# root directory: %d entries\n", entries);
	size = sizeof(buf);
	check(uefi_call_wrapper(root->SetPosition, 2, root, 0) == EFI_SUCCESS &&
	      uefi_call_wrapper(root->Read, 3, root, &size, buf) == EFI_SUCCESS && size > 0,
	      L"SetPosition(0) on a directory rewinds");
	check(uefi_call_wrapper(root->SetPosition, 2, root, 5) == EFI_UNSUPPORTED,
	      L"SetPosition(5) on a directory is UNSUPPORTED");
	check_status(uefi_call_wrapper(root->GetPosition, 2, root, &pos), EFI_UNSUPPORTED,
		     L"GetPosition on a directory is UNSUPPORTED");
	size = 4;
	check(uefi_call_wrapper(root->Write, 3, root, &size, buf) == EFI_UNSUPPORTED,
	      L"Write on a directory is UNSUPPORTED");
	fi = info(root);
	check(fi && (fi->Attribute & EFI_FILE_DIRECTORY), L"GetInfo on the root: a directory");
	if (fi)
		FreePool(fi);
}

static BOOLEAN write_file(EFI_FILE *dir, CHAR16 *name, UINT64 attr, VOID *data,
			  UINTN len)
{
	EFI_FILE *f;
	UINTN size = len;
	BOOLEAN ok;

	if (st_open(dir, &f, name, RWC, attr))
		return FALSE;
	ok = uefi_call_wrapper(f->Write, 3, f, &size, data) == EFI_SUCCESS && size == len &&
	     uefi_call_wrapper(f->Flush, 1, f) == EFI_SUCCESS;
	st_close(f);
	return ok;
}

static EFI_STATUS set_size(EFI_FILE *root, CHAR16 *name, UINT64 size)
{
	EFI_FILE *f;
	EFI_FILE_INFO *fi;
	EFI_STATUS s;

	if ((s = st_open(root, &f, name, RW, 0)))
		return s;
	fi = info(f);
	if (!fi) {
		st_close(f);
		return EFI_DEVICE_ERROR;
	}
	fi->FileSize = size;
	s = uefi_call_wrapper(f->SetInfo, 4, f, &gEfiFileInfoGuid, fi->Size, fi);
	FreePool(fi);
	st_close(f);
	return s;
}

static void create_checks(EFI_FILE *root)
{
	EFI_FILE *d = NULL;
	EFI_FILE_INFO *fi;

	for (UINTN i = 0; i < WRITTEN_SIZE; i++)
		buf[i] = (UINT8)(i * 31 + 7);
	check(write_file(root, L"\\WRITTEN.TXT", 0, buf, WRITTEN_SIZE),
	      L"create and write \\WRITTEN.TXT (70000 bytes), Flush, Close");
	check(slurp(root, L"WRITTEN.TXT", buf2, sizeof(buf2)) == WRITTEN_SIZE &&
	      CompareMem(buf, buf2, WRITTEN_SIZE) == 0, L"\\WRITTEN.TXT reads back");
	check(st_open(root, &d, L"NEWDIR", RWC, EFI_FILE_DIRECTORY) == EFI_SUCCESS,
	      L"create directory \\NEWDIR");
	fi = d ? info(d) : NULL;
	check(fi && (fi->Attribute & EFI_FILE_DIRECTORY), L"\\NEWDIR is a directory");
	if (fi)
		FreePool(fi);
	check(d && write_file(d, L"A long file name.txt", 0, "long name content\n", 18),
	      L"create a long-named file inside it (relative open)");
	st_close(d);
	check(slurp(root, L"\\newdir\\a LONG file NAME.TXT", buf2, 64) == 18,
	      L"the long name opens case-insensitively");
	check(set_size(root, L"TRUNC.TXT", 100) == EFI_SUCCESS &&
	      slurp(root, L"TRUNC.TXT", buf2, 4096) == 100 &&
	      CompareMem(buf2, "0123456789", 10) == 0, L"SetInfo FileSize 3000 -> 100 truncates");
	SetMem(buf2, 10000, 0xEE);
	check(set_size(root, L"EXTEND.TXT", 10000) == EFI_SUCCESS &&
	      slurp(root, L"EXTEND.TXT", buf2, 20000) == 10000 &&
	      CompareMem(buf2, "abc", 3) == 0 && buf2[3] == 0 && buf2[9999] == 0,
	      L"SetInfo FileSize 3 -> 10000 extends with zeros");
}

/* SetInfo(EFI_FILE_INFO) on an open \OLD.TXT: name, directory bit, time. */
static void setinfo_checks(EFI_FILE *f)
{
	EFI_FILE_INFO *fi = info(f), *ni;

	if (!fi || !(ni = AllocateZeroPool(fi->Size + 16))) {
		check(FALSE, L"GetInfo of \\OLD.TXT");
		return;
	}
	CopyMem(ni, fi, SIZE_OF_EFI_FILE_INFO);
	FreePool(fi);
	StrCpy(ni->FileName, L"NEW.TXT");
	ni->Size = SIZE_OF_EFI_FILE_INFO + 8 * 2;
	check(uefi_call_wrapper(f->SetInfo, 4, f, &gEfiFileInfoGuid, ni->Size, ni) ==
	      EFI_SUCCESS, L"SetInfo renames \\OLD.TXT to NEW.TXT");
	ni->Attribute |= EFI_FILE_DIRECTORY;
	check(uefi_call_wrapper(f->SetInfo, 4, f, &gEfiFileInfoGuid, ni->Size, ni) ==
	      EFI_ACCESS_DENIED, L"SetInfo cannot make a file a directory");
	ni->Attribute &= ~EFI_FILE_DIRECTORY;
	ni->ModificationTime = (EFI_TIME){ .Year = 2001, .Month = 2, .Day = 3,
					   .Hour = 4, .Minute = 5, .Second = 6 };
	check(uefi_call_wrapper(f->SetInfo, 4, f, &gEfiFileInfoGuid, ni->Size, ni) ==
	      EFI_SUCCESS, L"SetInfo sets the modification time");
	FreePool(ni);
	fi = info(f);
	check(fi && fi->ModificationTime.Year == 2001 && fi->ModificationTime.Minute == 5 &&
	      fi->ModificationTime.Second == 6, L"GetInfo shows the new time");
	if (fi)
		FreePool(fi);
}

/* SetInfo(EFI_FILE_INFO) with FileName newname on the open file f. */
static EFI_STATUS set_name(EFI_FILE *f, CHAR16 *newname)
{
	EFI_FILE_INFO *fi = info(f), *ni;
	EFI_STATUS s;

	if (!fi || !(ni = AllocateZeroPool(SIZE_OF_EFI_FILE_INFO + StrSize(newname)))) {
		if (fi)
			FreePool(fi);
		return EFI_OUT_OF_RESOURCES;
	}
	CopyMem(ni, fi, SIZE_OF_EFI_FILE_INFO);
	FreePool(fi);
	StrCpy(ni->FileName, newname);
	ni->Size = SIZE_OF_EFI_FILE_INFO + StrSize(newname);
	s = uefi_call_wrapper(f->SetInfo, 4, f, &gEfiFileInfoGuid, ni->Size, ni);
	FreePool(ni);
	return s;
}

/* Creates path with text and moves it by SetInfo to newname; TRUE when
 * both worked and the old path is NOT_FOUND. *keep (if not NULL) gets the
 * open handle, else it is closed. */
static BOOLEAN move_file(EFI_FILE *root, CHAR16 *path, CHAR8 *text, CHAR16 *newname,
			 EFI_FILE **keep)
{
	EFI_FILE *f = NULL, *g = NULL;
	BOOLEAN ok = write_file(root, path, 0, text, strlena(text)) &&
		     st_open(root, &f, path, RW, 0) == EFI_SUCCESS &&
		     set_name(f, newname) == EFI_SUCCESS &&
		     st_open(root, &g, path, EFI_FILE_MODE_READ, 0) == EFI_NOT_FOUND;

	if (keep)
		*keep = f;
	else
		st_close(f);
	return ok;
}

/* SetInfo FileName as a path moves the file (EDK2's FAT driver does; the
 * spec only says FileName is the new name): relative to the directory
 * holding the file, absolute from '\', through "." and "..". Leaves
 * \DIR\SUB\MOVED1.TXT, \NEWDIR\Moved two.txt, \DIR\MV3.TXT and
 * \NEWDIR\MVDIR2\INNER.TXT for the host to check. */
static void move_checks(EFI_FILE *root)
{
	EFI_FILE *f = NULL, *b = NULL, *d = NULL;
	EFI_FILE_INFO *fi;
	UINTN sz = 64;

	check(move_file(root, L"\\DIR\\MV1.TXT", (CHAR8 *)"move one\n", L"SUB\\MOVED1.TXT", &f),
	      L"SetInfo moves \\DIR\\MV1.TXT by a relative path to SUB\\MOVED1.TXT");
	check(slurp(root, L"DIR\\SUB\\MOVED1.TXT", buf2, 64) == 9 &&
	      CompareMem(buf2, "move one\n", 9) == 0, L"... it reads back at \\DIR\\SUB\\MOVED1.TXT");
	check(f && uefi_call_wrapper(f->SetPosition, 2, f, 5) == EFI_SUCCESS &&
	      uefi_call_wrapper(f->Read, 3, f, &sz, buf2) == EFI_SUCCESS && sz == 4 &&
	      CompareMem(buf2, "one\n", 4) == 0, L"... and through the handle that moved it");
	st_close(f);
	check(move_file(root, L"MV2.TXT", (CHAR8 *)"move two\n", L"\\NEWDIR\\Moved two.txt", &f),
	      L"SetInfo moves \\MV2.TXT by an absolute path to \\NEWDIR\\Moved two.txt");
	check(slurp(root, L"\\NEWDIR\\MOVED TWO.TXT", buf2, 64) == 9 &&
	      CompareMem(buf2, "move two\n", 9) == 0, L"... it reads back there");
	check_status(f ? set_name(f, L"\\HELLO.TXT") : EFI_NOT_FOUND, EFI_ACCESS_DENIED,
		     L"a move onto an existing name is ACCESS_DENIED");
	check_status(f ? set_name(f, L"NOSUCH\\X.TXT") : EFI_NOT_FOUND, EFI_NOT_FOUND,
		     L"a move into a missing directory is NOT_FOUND");
	st_close(f);
	check(move_file(root, L"NEWDIR\\MV3.TXT", (CHAR8 *)"move three\n",
			L"..\\DIR\\.\\MV3.TXT", &f) &&
	      st_open(root, &b, L"DIR\\MV3.TXT", EFI_FILE_MODE_READ, 0) == EFI_SUCCESS,
	      L"SetInfo moves \\NEWDIR\\MV3.TXT by ..\\DIR\\.\\MV3.TXT to \\DIR\\MV3.TXT");
	fi = b && set_name(f, L"\\NEWDIR\\MV3.TXT") == EFI_SUCCESS ? info(b) : NULL;
	check(fi && StrCmp(fi->FileName, L"MV3.TXT") == 0 &&
	      (sz = 64, uefi_call_wrapper(b->Read, 3, b, &sz, buf2)) == EFI_SUCCESS && sz == 11 &&
	      set_name(f, L"\\DIR\\MV3.TXT") == EFI_SUCCESS,
	      L"another handle on a moved file keeps reading it (moved there and back)");
	if (fi)
		FreePool(fi);
	st_close(b);
	st_close(f);
	/* A directory with a file and a subdirectory in it. */
	check(st_open(root, &d, L"MVDIR", RWC, EFI_FILE_DIRECTORY) == EFI_SUCCESS &&
	      write_file(d, L"INNER.TXT", 0, "inner\n", 6) &&
	      st_open(d, &f, L"SUBD", RWC, EFI_FILE_DIRECTORY) == EFI_SUCCESS,
	      L"create \\MVDIR with INNER.TXT and SUBD");
	st_close(f);
	check_status(d ? set_name(d, L"MVDIR\\SUBD\\X") : EFI_NOT_FOUND, EFI_ACCESS_DENIED,
		     L"a directory moved below itself is ACCESS_DENIED");
	check_status(d ? set_name(d, L"\\MVDIR\\X") : EFI_NOT_FOUND, EFI_ACCESS_DENIED,
		     L"a directory moved into itself is ACCESS_DENIED");
	check(d && set_name(d, L"\\NEWDIR\\MVDIR2") == EFI_SUCCESS &&
	      st_open(root, &f, L"MVDIR", EFI_FILE_MODE_READ, 0) == EFI_NOT_FOUND,
	      L"SetInfo moves the directory \\MVDIR to \\NEWDIR\\MVDIR2");
	st_close(d);
	check(slurp(root, L"\\NEWDIR\\MVDIR2\\INNER.TXT", buf2, 64) == 6 &&
	      slurp(root, L"NEWDIR\\MVDIR2\\SUBD\\..\\..\\MOVED TWO.TXT", buf2, 64) == 9,
	      L"its files read through the new path, and \"..\" leads to the new parent");
}

/* Two handles on one file: what one writes, the other sees; after a
 * Delete through one, the other fails. */
static void two_handle_checks(EFI_FILE *root)
{
	EFI_FILE *a = NULL, *b = NULL;
	UINTN sz = 5;

	check(write_file(root, L"TWO.TXT", 0, "12345", 5) &&
	      st_open(root, &a, L"TWO.TXT", RW, 0) == EFI_SUCCESS &&
	      st_open(root, &b, L"TWO.TXT", EFI_FILE_MODE_READ, 0) == EFI_SUCCESS &&
	      uefi_call_wrapper(a->SetPosition, 2, a, 5) == EFI_SUCCESS &&
	      uefi_call_wrapper(a->Write, 3, a, &sz, "67890") == EFI_SUCCESS &&
	      uefi_call_wrapper(b->SetPosition, 2, b, 3) == EFI_SUCCESS &&
	      (sz = 64, uefi_call_wrapper(b->Read, 3, b, &sz, buf2)) == EFI_SUCCESS &&
	      sz == 7 && CompareMem(buf2, "4567890", 7) == 0,
	      L"a second handle on a file sees what the first wrote");
	check(a && uefi_call_wrapper(a->Delete, 1, a) == EFI_SUCCESS, L"Delete \\TWO.TXT");
	sz = 4;
	if (b)
		check_status(uefi_call_wrapper(b->Read, 3, b, &sz, buf2), EFI_DEVICE_ERROR,
			     L"Read on another handle of the deleted file is DEVICE_ERROR");
	st_close(b);
}

static void delete_checks(EFI_FILE *root)
{
	EFI_FILE *f = NULL, *d = NULL;
	EFI_FILE_INFO *fi;

	check(write_file(root, L"GONE.TXT", 0, "x", 1) &&
	      st_open(root, &f, L"GONE.TXT", RW, 0) == EFI_SUCCESS &&
	      uefi_call_wrapper(f->Delete, 1, f) == EFI_SUCCESS &&
	      st_open(root, &f, L"GONE.TXT", EFI_FILE_MODE_READ, 0) == EFI_NOT_FOUND,
	      L"Delete removes \\GONE.TXT");
	check(st_open(root, &d, L"DIR", RW, 0) == EFI_SUCCESS &&
	      uefi_call_wrapper(d->Delete, 1, d) == EFI_WARN_DELETE_FAILURE &&
	      slurp(root, L"DIR\\SUB\\DEEP.TXT", buf2, 64) == 5,
	      L"Delete of a non-empty directory is WARN_DELETE_FAILURE");
	/* A read-only file does not open for writing. */
	check(write_file(root, L"RO.TXT", 0, "ro", 2) &&
	      st_open(root, &f, L"RO.TXT", RW, 0) == EFI_SUCCESS, L"create \\RO.TXT");
	fi = f ? info(f) : NULL;
	if (fi) {
		fi->Attribute |= EFI_FILE_READ_ONLY;
		check(uefi_call_wrapper(f->SetInfo, 4, f, &gEfiFileInfoGuid, fi->Size, fi) ==
		      EFI_SUCCESS, L"SetInfo sets EFI_FILE_READ_ONLY");
		FreePool(fi);
	}
	st_close(f);
	check(st_open(root, &f, L"RO.TXT", RW, 0) == EFI_ACCESS_DENIED,
	      L"a read-only file opened for writing is ACCESS_DENIED");
	check_status(st_open(root, &f, L"BAD\"NAME.TXT", RWC, 0), EFI_INVALID_PARAMETER,
		     L"creating a name FAT cannot hold is INVALID_PARAMETER");
}

void write_checks(EFI_FILE *root)
{
	EFI_FILE *f = NULL;

	create_checks(root);
	check(write_file(root, L"OLD.TXT", 0, "renamed\n", 8) &&
	      st_open(root, &f, L"OLD.TXT", RW, 0) == EFI_SUCCESS, L"create and open \\OLD.TXT");
	if (f)
		setinfo_checks(f);
	st_close(f);
	check(slurp(root, L"NEW.TXT", buf2, 64) == 8 &&
	      st_open(root, &f, L"OLD.TXT", EFI_FILE_MODE_READ, 0) == EFI_NOT_FOUND,
	      L"NEW.TXT opens, OLD.TXT is gone");
	move_checks(root);
	two_handle_checks(root);
	delete_checks(root);
}

void fs_info_checks(EFI_FILE *root)
{
	EFI_FILE_SYSTEM_INFO *fsi = (EFI_FILE_SYSTEM_INFO *)buf;
	UINTN size = sizeof(buf);
	CHAR16 label[32];

	check(uefi_call_wrapper(root->GetInfo, 4, root, &gEfiFileSystemInfoGuid, &size,
				buf) == EFI_SUCCESS && !fsi->ReadOnly && fsi->BlockSize >= 512 &&
	      fsi->VolumeSize > fsi->FreeSpace && fsi->FreeSpace > 0 &&
	      StrCmp(fsi->VolumeLabel, L"STORTEST") == 0,
	      L"EFI_FILE_SYSTEM_INFO: sizes, label STORTEST");
	Print(L"# volume: %ld bytes, %ld free, cluster %d\n", fsi->VolumeSize,
	      fsi->FreeSpace, fsi->BlockSize);
	size = 2;
	check(uefi_call_wrapper(root->GetInfo, 4, root, &gEfiFileSystemVolumeLabelInfoIdGuid,
				&size, label) == EFI_BUFFER_TOO_SMALL && size == 18,
	      L"volume label GetInfo with a short buffer gives the size");
	check(uefi_call_wrapper(root->GetInfo, 4, root, &gEfiGlobalVariableGuid, &size,
				label) == EFI_UNSUPPORTED, L"GetInfo of an unknown type is UNSUPPORTED");
	StrCpy(label, L"STORDONE");
	check(uefi_call_wrapper(root->SetInfo, 4, root, &gEfiFileSystemVolumeLabelInfoIdGuid,
				18, label) == EFI_SUCCESS,
	      L"SetInfo of the volume label to STORDONE");
	size = sizeof(label);
	check(uefi_call_wrapper(root->GetInfo, 4, root, &gEfiFileSystemVolumeLabelInfoIdGuid,
				&size, label) == EFI_SUCCESS && StrCmp(label, L"STORDONE") == 0,
	      L"the label reads back");
}

/* Optional \BIG.BIN (32-bit word at byte offset o holds o / 4): read in
 * 1 MiB calls, a word per 4 KiB checked, time from the TSC calibrated
 * against Stall. Prints the throughput (the figure in the test log). */
void read_speed(EFI_FILE *root)
{
	EFI_FILE *f = NULL;
	UINT8 *big = AllocatePool(1 << 20);
	UINT64 t0, hz, total = 0;
	BOOLEAN good = TRUE;
	UINTN size;

	if (!big || st_open(root, &f, L"BIG.BIN", EFI_FILE_MODE_READ, 0)) {
		if (big)
			FreePool(big);
		return;
	}
	t0 = __builtin_ia32_rdtsc();
	uefi_call_wrapper(BS->Stall, 1, 20000);
	hz = (__builtin_ia32_rdtsc() - t0) * 50;
	t0 = __builtin_ia32_rdtsc();
	for (;;) {
		size = 1 << 20;
		if (uefi_call_wrapper(f->Read, 3, f, &size, big) || size == 0)
			break;
		for (UINTN o = 0; o + 4 <= size; o += 4096)
			good &= *(UINT32 *)(big + o) == (UINT32)((total + o) / 4);
		total += size;
	}
	t0 = __builtin_ia32_rdtsc() - t0;
	st_close(f);
	FreePool(big);
	check(good && total > 0, L"\\BIG.BIN reads back in order");
	Print(L"# read %ld KiB through File.Read in %ld ms (%ld MiB/s)\n", total >> 10,
	      t0 * 1000 / hz, hz && t0 ? (total >> 20) * hz / t0 : 0);
}
