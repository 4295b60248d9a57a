/* EFI_FILE_PROTOCOL revision 2 (UEFI 2.10 §13.5.7-§13.5.10): OpenEx,
 * ReadEx, WriteEx and FlushEx. The FAT layer works synchronously, so each
 * request is carried out before the call returns: with no token (OpenEx)
 * or a token without an event, that is the blocking I/O the spec allows;
 * with an event, the request "was queued" and has already completed, so
 * Token->Status is final and the event is signalled before returning (a
 * caller waiting on it returns at once). A request that fails returns its
 * error directly, with Token->Status set to it, and no event is signalled.
 * Each call goes through the handle's own revision-1 function (efi/media/file.c),
 * so the two revisions cannot drift apart. */
#include "efi/media/storage.h"

/* A token's event is checked before the request runs: a bad event must
 * not leave a write done and unreported. */
static EFI_STATUS token_check(EFI_FILE *self, EFI_FILE_IO_TOKEN *token)
{
	if (!self || !token)
		return EFI_INVALID_PARAMETER;
	if (token->Event && !efi_event_is_live(token->Event))
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

static EFI_STATUS complete(EFI_FILE_IO_TOKEN *token, EFI_STATUS s)
{
	if (!token)
		return s;
	token->Status = s;
	if (s == EFI_SUCCESS && token->Event)
		efi_signal_event(token->Event);
	return s;
}

static EFI_STATUS EFIAPI f_open_ex(EFI_FILE *self, EFI_FILE **new,
				   CHAR16 *name, UINT64 mode, UINT64 attr,
				   EFI_FILE_IO_TOKEN *token)
{
	EFI_STATUS s;

	if (token && (s = token_check(self, token)))
		return s;
	if (!self)
		return EFI_INVALID_PARAMETER;
	return complete(token, self->Open(self, new, name, mode, attr));
}

/* ReadEx and WriteEx: the same transfer, one direction each. */
static EFI_STATUS transfer_ex(EFI_FILE *self, EFI_FILE_IO_TOKEN *token,
			      bool write)
{
	EFI_STATUS s = token_check(self, token);

	if (s)
		return s;
	s = write ? self->Write(self, &token->BufferSize, token->Buffer) :
		    self->Read(self, &token->BufferSize, token->Buffer);
	return complete(token, s);
}

static EFI_STATUS EFIAPI f_read_ex(EFI_FILE *self, EFI_FILE_IO_TOKEN *token)
{
	return transfer_ex(self, token, false);
}

static EFI_STATUS EFIAPI f_write_ex(EFI_FILE *self, EFI_FILE_IO_TOKEN *token)
{
	return transfer_ex(self, token, true);
}

static EFI_STATUS EFIAPI f_flush_ex(EFI_FILE *self, EFI_FILE_IO_TOKEN *token)
{
	EFI_STATUS s = token_check(self, token);

	if (s)
		return s;
	return complete(token, self->Flush(self));
}

void efi_file_set_rev2(EFI_FILE_PROTOCOL *fp)
{
	fp->Revision = EFI_FILE_PROTOCOL_REVISION2;
	fp->OpenEx = f_open_ex;
	fp->ReadEx = f_read_ex;
	fp->WriteEx = f_write_ex;
	fp->FlushEx = f_flush_ex;
}
