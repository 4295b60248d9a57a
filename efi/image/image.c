/* Image services (UEFI 2.10 §7.4): LoadImage from a memory buffer or from
 * a device path (the file is read by image_file.c), StartImage and Exit
 * through efi_setjmp/efi_longjmp, UnloadImage, and the LoadedImage and
 * LoadedImageDevicePath protocols. The PE work is pe.c. */
#include "efi/image/image_priv.h"
#include "efi/image/pe.h"

#include "arch/arch.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "efilib/efilib.h"

#define IMAGE_MAGIC 0x67616d69u /* "imag" */

struct efi_image {
	uint32_t magic;
	EFI_LOADED_IMAGE_PROTOCOL li; /* installed on the image handle */
	EFI_DEVICE_PATH *full_path;   /* LoadedImageDevicePath, or NULL */
	EFI_HANDLE handle;
	uint64_t pages_base, pages;
	uint64_t entry;
	bool started;
	bool refused; /* Secure Boot: loaded, never to be started (§7.4.1) */
	/* While running: where Exit returns to, and what it brings. */
	struct efi_jmp_buf jb;
	struct efi_image *caller;
	EFI_STATUS exit_status;
	UINTN exit_data_size;
	CHAR16 *exit_data;
};

static EFI_GUID loaded_image_guid = LOADED_IMAGE_PROTOCOL;
static EFI_GUID li_dp_guid = EFI_LOADED_IMAGE_DEVICE_PATH_PROTOCOL_GUID;
static EFI_GUID dp_guid = DEVICE_PATH_PROTOCOL;
static struct efi_image *running; /* innermost StartImage */

static struct efi_image *image_of(EFI_HANDLE h)
{
	EFI_LOADED_IMAGE_PROTOCOL *li = efi_handle_iface(h, &loaded_image_guid);
	struct efi_image *img = li ? container_of(li, struct efi_image, li) : NULL;

	return img && img->magic == IMAGE_MAGIC ? img : NULL;
}

/* Pages for the image, aligned as its sections need. */
static int place(struct efi_image *img, const struct pe_image *pe,
		 EFI_MEMORY_TYPE code_type, uint64_t *load_addr)
{
	uint64_t align = pe_load_alignment(pe);
	uint64_t size = ALIGN_UP(pe->size_of_image, PAGE_SIZE);
	int err;

	img->pages = (size + align - PAGE_SIZE) >> PAGE_SHIFT;
	err = mm_alloc_pages(MM_ALLOC_ANY, code_type, img->pages, &img->pages_base);
	if (err)
		return err;
	*load_addr = ALIGN_UP(img->pages_base, align);
	return 0;
}

static EFI_STATUS load(EFI_HANDLE parent, VOID *buf, UINTN len,
		       struct efi_image *img, struct pe_image *pe)
{
	struct pe_loaded out;
	struct pe_why why = { "" };
	EFI_MEMORY_TYPE code = EfiLoaderCode, data = EfiLoaderData;
	uint64_t at;
	int err;

	err = pe_parse(buf, len, pe, &why);
	if (!err && pe->subsystem == IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER) {
		code = EfiRuntimeServicesCode;
		data = EfiRuntimeServicesData;
	} else if (!err && pe->subsystem != IMAGE_SUBSYSTEM_EFI_APPLICATION) {
		code = EfiBootServicesCode;
		data = EfiBootServicesData;
	}
	if (!err)
		err = place(img, pe, code, &at);
	if (!err)
		err = pe_load(pe, (void *)(uintptr_t)at,
			      img->pages_base + (img->pages << PAGE_SHIFT) - at, at,
			      &out, &why);
	if (err) {
		pr_err("efi: LoadImage: %s\n", why.msg[0] ? why.msg : err_str(err));
		if (img->pages)
			mm_free_pages(img->pages_base, img->pages);
		img->pages = 0;
		return err == ERR_NOMEM ? EFI_OUT_OF_RESOURCES
		       : err == ERR_UNSUPPORTED ? EFI_UNSUPPORTED : EFI_LOAD_ERROR;
	}
	img->entry = out.entry;
	img->li = (EFI_LOADED_IMAGE_PROTOCOL){
		.Revision = EFI_LOADED_IMAGE_PROTOCOL_REVISION,
		.ParentHandle = parent, .SystemTable = efi_system_table(),
		.ImageBase = (VOID *)(uintptr_t)out.base, .ImageSize = out.size,
		.ImageCodeType = code, .ImageDataType = data,
	};
	return EFI_SUCCESS;
}

/* §7.4.1: LoadedImage.DeviceHandle/FilePath say where the image came
 * from (the handle serving the path's prefix and the rest of the path);
 * LoadedImageDevicePath holds the whole path. Copies: the caller may free
 * its path as soon as LoadImage returns. */
static EFI_STATUS set_paths(struct efi_image *img, EFI_DEVICE_PATH *path,
			    EFI_HANDLE device, EFI_DEVICE_PATH *rest)
{
	if (!path)
		return EFI_SUCCESS;
	if (!device) {
		rest = path;
		if (efi_locate_device_path(&dp_guid, &rest, &device))
			rest = path;
	}
	img->li.DeviceHandle = device;
	img->li.FilePath = efi_dp_dup(rest);
	img->full_path = efi_dp_dup(path);
	return img->li.FilePath && img->full_path ? EFI_SUCCESS
						  : EFI_OUT_OF_RESOURCES;
}

static void free_paths(struct efi_image *img)
{
	if (img->li.FilePath)
		efi_free_pool(img->li.FilePath);
	if (img->full_path)
		efi_free_pool(img->full_path);
	img->li.FilePath = img->full_path = NULL;
}

static EFI_STATUS install(struct efi_image *img)
{
	EFI_STATUS s;

	img->handle = NULL;
	s = efi_install(&img->handle, &loaded_image_guid, &img->li);
	if (!s && img->full_path) {
		s = efi_install(&img->handle, &li_dp_guid, img->full_path);
		if (s)
			efi_uninstall(img->handle, &loaded_image_guid, &img->li);
	}
	return s;
}

/* The image's file name as its path gives it, for reports. */
static void image_name(const struct efi_image *img, char *buf, size_t cap)
{
	if (img->li.FilePath)
		efi_dp_text(img->li.FilePath, buf, cap);
	else
		fmt_snprintf(buf, cap, "the image at 0x%llx",
			     (unsigned long long)(uintptr_t)img->li.ImageBase);
}

static EFI_STATUS load_image(BOOLEAN boot_policy, EFI_HANDLE parent,
			     EFI_DEVICE_PATH *path, VOID *buf, UINTN len,
			     struct efi_image *img)
{
	struct pe_image *pe = mm_pool_alloc(MM_BS_DATA, sizeof(*pe));
	EFI_HANDLE device = NULL;
	EFI_DEVICE_PATH *rest = NULL;
	VOID *file = NULL;
	EFI_STATUS s = pe ? EFI_SUCCESS : EFI_OUT_OF_RESOURCES;
	char name[64];

	if (!s && !buf) {
		s = efi_image_file_read(boot_policy, path, &file, &len,
					&device, &rest);
		buf = file;
	}
	if (!s) {
		struct efi_image_info *info = mm_zalloc(sizeof(*info));

		if (!info) {
			s = EFI_OUT_OF_RESOURCES;
		} else {
			*info = (struct efi_image_info){
				.file = buf, .len = len, .path = path,
				.from_buffer = file == NULL,
			};
			struct pe_why why;

			if (!pe_parse(buf, len, pe, &why))
				info->subsystem = pe->subsystem;
			s = efi_image_check(info);
			mm_pool_free(info);
		}
		/* §7.4.1: EFI_SECURITY_VIOLATION means the image IS loaded,
		 * with a handle, but policy forbids starting it; the caller
		 * unloads it. Any other refusal loads nothing. */
		if (s == EFI_SECURITY_VIOLATION) {
			img->refused = true;
			s = EFI_SUCCESS;
		}
	}
	if (!s)
		s = load(parent, buf, len, img, pe);
	if (!s && !(s = set_paths(img, path, device, rest)))
		s = install(img);
	if (!s) { /* named as its reports will name it */
		image_name(img, name, sizeof(name));
		efi_image_protect(pe, (uintptr_t)img->li.ImageBase,
				  img->pages_base, img->pages,
				  img->li.ImageCodeType == EfiRuntimeServicesCode,
				  name);
	} else if (img->pages) {
		free_paths(img);
		mm_free_pages(img->pages_base, img->pages);
	}
	if (file)
		efi_free_pool(file);
	if (pe)
		mm_pool_free(pe);
	return !s && img->refused ? EFI_SECURITY_VIOLATION : s;
}

EFI_STATUS EFIAPI efi_load_image(BOOLEAN boot_policy, EFI_HANDLE parent,
				 EFI_DEVICE_PATH *path, VOID *buf, UINTN len,
				 EFI_HANDLE *handle)
{
	struct efi_image *img;
	EFI_STATUS s;

	if (!handle || !efi_handle_valid(parent))
		return EFI_INVALID_PARAMETER;
	if (!buf && !path)
		return EFI_NOT_FOUND; /* §7.4.1: nothing to load from */
	if (path && efi_dp_len(path) < 0)
		return EFI_INVALID_PARAMETER;
	img = mm_zalloc(sizeof(*img));
	if (!img)
		return EFI_OUT_OF_RESOURCES;
	img->magic = IMAGE_MAGIC;
	s = load_image(boot_policy, parent, path, buf, len, img);
	if (s && !(s == EFI_SECURITY_VIOLATION && img->refused)) {
		img->magic = 0;
		mm_pool_free(img);
		*handle = NULL; /* §7.4.1, for EFI_ACCESS_DENIED among others */
		return s;
	}
	*handle = img->handle;
	return s;
}

/* The image's own protocols go even if someone keeps them open (they
 * point into the image structure about to be freed). */
static void drop(EFI_HANDLE handle, EFI_GUID *guid, void *iface)
{
	if (efi_uninstall(handle, guid, iface) == EFI_ACCESS_DENIED) {
		pr_warn("efi: UnloadImage: a protocol of the image is still open\n");
		efi_db_remove(handle, guid);
	}
}

/* Frees an image: what it still has open goes too (§7.4.3: the image's
 * opens are closed as it is unloaded), then its protocols and pages. */
static void release(struct efi_image *img)
{
	EFI_HANDLE handle = img->handle;

	efi_opens_forget(handle);
	if (img->full_path)
		drop(handle, &li_dp_guid, img->full_path);
	drop(handle, &loaded_image_guid, &img->li);
	free_paths(img);
	mm_free_pages(img->pages_base, img->pages);
	efi_image_forget((uintptr_t)img->li.ImageBase);
	img->magic = 0;
	mm_pool_free(img);
}

EFI_STATUS EFIAPI efi_start_image(EFI_HANDLE handle, UINTN *exit_size,
				  CHAR16 **exit_data)
{
	struct efi_image *img = image_of(handle);
	EFI_IMAGE_ENTRY_POINT entry;
	uint64_t stack;
	char name[64];
	EFI_STATUS s;

	if (!img || img->started)
		return EFI_INVALID_PARAMETER;
	if (img->refused) /* §7.4.2: policy says it must not start */
		return EFI_SECURITY_VIOLATION;
	image_name(img, name, sizeof(name));
	stack = efi_image_stack_new(name);
	if (!stack)
		return EFI_OUT_OF_RESOURCES;
	img->started = true;
	img->caller = running;
	running = img;
	entry = (EFI_IMAGE_ENTRY_POINT)(uintptr_t)img->entry;
	if (efi_setjmp(&img->jb) == 0)
		img->exit_status = efi_call_on_stack(entry, handle,
						     efi_system_table(), stack);
	/* Here after a return from the entry point or an Exit(), on the
	 * stack StartImage was called on. */
	efi_image_stack_free(stack);
	running = img->caller;
	s = img->exit_status;
	if (exit_size)
		*exit_size = img->exit_data_size;
	if (exit_data)
		*exit_data = img->exit_data;
	/* §7.4.2, §7.4.5: an application is unloaded when it returns, a
	 * driver only when it fails (else it stays resident, its binding
	 * installed for ConnectController). */
	if (img->li.ImageCodeType == EfiLoaderCode || EFI_ERROR(s))
		release(img);
	/* An image that called ExitBootServices and came back leaves nothing
	 * the firmware could run: boot services, consoles and the boot
	 * manager are gone (§7.4.6). End the run as a stop does. */
	if (efi_bs_exited()) {
		pr_info("efi: an image returned %s after ExitBootServices: "
			"nothing more can run\n", efilib_status_str(s));
		arch_stop(EFI_ERROR(s) ? 1 : 0);
	}
	return s;
}

/* The image whose StartImage is running (innermost), NULL while the
 * firmware itself runs: efi/trace/ names the caller of a service by it. */
EFI_HANDLE efi_image_running(void)
{
	return running ? running->handle : NULL;
}

EFI_STATUS EFIAPI efi_exit(EFI_HANDLE handle, EFI_STATUS status,
			   UINTN data_size, CHAR16 *data)
{
	struct efi_image *img = image_of(handle);

	if (!img)
		return EFI_INVALID_PARAMETER;
	if (!img->started) /* §7.4.5: exiting a loaded image unloads it */
		return efi_unload_image(handle);
	if (img != running)
		return EFI_INVALID_PARAMETER;
	img->exit_status = status;
	img->exit_data_size = data ? data_size : 0;
	img->exit_data = data;
	efi_longjmp(&img->jb, 1);
}

EFI_STATUS EFIAPI efi_unload_image(EFI_HANDLE handle)
{
	struct efi_image *img = image_of(handle);

	if (!img || img == running)
		return EFI_INVALID_PARAMETER;
	if (img->started && img->li.ImageCodeType != EfiLoaderCode) {
		if (!img->li.Unload)
			return EFI_UNSUPPORTED; /* a driver without Unload */
		EFI_STATUS s = img->li.Unload(handle);
		if (s)
			return s;
	}
	release(img);
	return EFI_SUCCESS;
}
