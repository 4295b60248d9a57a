/* The storage test app's EFI_FILE_PROTOCOL revision-2 checks (UEFI 2.10
 * §13.5.7-§13.5.10): OpenEx, WriteEx, FlushEx and ReadEx, blocking (no
 * token or no event) and with an event that is waited on. A firmware may
 * complete a request before returning (cloudhv-fw) or later; both are
 * waited for the same way. What it writes, \EXFILE.TXT, is checked by the
 * host afterwards (tests/qemu/t_storage.sh).
 * OVMF's FAT driver gives revision 2 only on a volume with DiskIo2 below
 * it (a disk whose driver has BlockIo2: NVMe, not its virtio-blk); on a
 * revision-1 volume every revision-2 call with a token is EFI_UNSUPPORTED
 * there. tests/qemu/t_ovmf.sh therefore puts this volume on NVMe. */
#include "storage.h"

#define EX_SIZE 5000

typedef EFI_STATUS(EFIAPI *io_ex_fn)(EFI_FILE *, EFI_FILE_IO_TOKEN *);

/* Waits for the token's event; its status. */
static EFI_STATUS ex_wait(EFI_FILE_IO_TOKEN *t)
{
	UINTN index;

	if (uefi_call_wrapper(BS->WaitForEvent, 3, 1, &t->Event, &index))
		return EFI_DEVICE_ERROR;
	return t->Status;
}

/* What a call with t (event or not) came to once complete. */
static EFI_STATUS ex_done(EFI_STATUS s, EFI_FILE_IO_TOKEN *t)
{
	if (s == EFI_SUCCESS && t->Event)
		return ex_wait(t);
	return s == EFI_SUCCESS ? t->Status : s;
}

static EFI_STATUS io_ex(io_ex_fn fn, EFI_FILE *f, EFI_FILE_IO_TOKEN *t)
{
	return ex_done(uefi_call_wrapper(fn, 2, f, t), t);
}

static EFI_STATUS open_ex(EFI_FILE *dir, EFI_FILE **f, CHAR16 *name, UINT64 mode,
			  EFI_FILE_IO_TOKEN *t)
{
	*f = NULL;
	return ex_done(uefi_call_wrapper(dir->OpenEx, 6, dir, f, name, mode, 0, t), t);
}

static void ex_write(EFI_FILE *f, EFI_EVENT ev)
{
	EFI_FILE_IO_TOKEN t = { .Event = ev, .BufferSize = EX_SIZE, .Buffer = buf };

	for (UINTN i = 0; i < EX_SIZE; i++)
		buf[i] = (UINT8)(i * 7 + 3);
	check(io_ex(f->WriteEx, f, &t) == EFI_SUCCESS && t.BufferSize == EX_SIZE,
	      L"WriteEx with an event: 5000 bytes, the event signalled");
	t = (EFI_FILE_IO_TOKEN){ .Event = ev };
	check(io_ex(f->FlushEx, f, &t) == EFI_SUCCESS, L"FlushEx with an event");
}

static void ex_read(EFI_FILE *f, EFI_EVENT ev)
{
	EFI_FILE_IO_TOKEN t = { .Event = ev, .BufferSize = 1000, .Buffer = buf2 };

	uefi_call_wrapper(f->SetPosition, 2, f, 0);
	check(io_ex(f->ReadEx, f, &t) == EFI_SUCCESS && t.BufferSize == 1000 &&
		      CompareMem(buf2, buf, 1000) == 0,
	      L"ReadEx with an event: the first 1000 bytes");
	/* Blocking: no event, the call returns when the data is there. */
	t = (EFI_FILE_IO_TOKEN){ .BufferSize = EX_SIZE, .Buffer = buf2 };
	check(io_ex(f->ReadEx, f, &t) == EFI_SUCCESS &&
		      t.BufferSize == EX_SIZE - 1000 &&
		      CompareMem(buf2, buf + 1000, EX_SIZE - 1000) == 0,
	      L"ReadEx without an event (blocking): the rest, to the end");
	t = (EFI_FILE_IO_TOKEN){ .BufferSize = 10, .Buffer = buf2 };
	check(io_ex(f->ReadEx, f, &t) == EFI_SUCCESS && t.BufferSize == 0,
	      L"ReadEx at the end: 0 bytes");
}

void ex_checks(EFI_FILE *root)
{
	EFI_FILE_IO_TOKEN t;
	EFI_FILE *f = NULL, *g = NULL;
	EFI_EVENT ev = NULL;

	check(root->Revision >= EFI_FILE_PROTOCOL_REVISION2,
	      L"the root's File protocol is revision 2");
	if (uefi_call_wrapper(BS->CreateEvent, 5, 0, 0, NULL, NULL, &ev))
		return;
	check_status(uefi_call_wrapper(root->OpenEx, 6, root, &f, L"EXFILE.TXT", RWC, 0, NULL),
		     EFI_SUCCESS, L"OpenEx with no token (blocking): create EXFILE.TXT");
	if (f) {
		check(f->Revision == root->Revision,
		      L"a handle from OpenEx has the root's revision");
		ex_write(f, ev);
		ex_read(f, ev);
		st_close(f);
	}
	t = (EFI_FILE_IO_TOKEN){ .Event = ev };
	check(open_ex(root, &g, L"EXFILE.TXT", EFI_FILE_MODE_READ, &t) == EFI_SUCCESS && g,
	      L"OpenEx with an event: the handle once it fired");
	st_close(g);
	/* The error comes back from the call, or in the token once the event
	 * fires: both are the spec's "request failed". */
	t = (EFI_FILE_IO_TOKEN){ .Event = ev };
	check(open_ex(root, &g, L"EXNONE.TXT", EFI_FILE_MODE_READ, &t) == EFI_NOT_FOUND,
	      L"OpenEx of a missing file: EFI_NOT_FOUND");
	uefi_call_wrapper(BS->CloseEvent, 1, ev);
}
