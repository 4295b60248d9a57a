/* Names of GUIDs: every protocol, table, event group and variable vendor
 * GUID gnu-efi defines (from its own macros, never retyped), the ones the
 * firmware defines itself, and a few more that real payloads ask for.
 * Pure code. */
#include "efi/trace/trace_priv.h"

#include <efigpt.h>

#include "lib/bytes.h"
#include "lib/string.h"

struct guid_name {
	EFI_GUID guid;
	const char *name;
};

static const struct guid_name names[] = {
	/* Configuration tables (UEFI 2.10 §4.6) */
	{ ACPI_20_TABLE_GUID, "Acpi20Table" },
	{ ACPI_TABLE_GUID, "AcpiTable" },
	{ SMBIOS3_TABLE_GUID, "Smbios3Table" },
	{ SMBIOS_TABLE_GUID, "SmbiosTable" },
	{ MPS_TABLE_GUID, "MpsTable" },
	{ SAL_SYSTEM_TABLE_GUID, "SalSystemTable" },
	{ EFI_DTB_TABLE_GUID, "DtbTable" },
	{ { 0xeb66918a, 0x7eef, 0x402a, { 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } },
	  "RtPropertiesTable" },
	{ { 0xdcfa911d, 0x26eb, 0x469f, { 0xa2, 0x20, 0x38, 0xb7, 0xdc, 0x46, 0x12, 0x20 } },
	  "MemoryAttributesTable" },
	/* Event groups (§7.1.2), as efi/events.c */
	{ { 0x27abf055, 0xb1b8, 0x4c26, { 0x80, 0x48, 0x74, 0x8f, 0x37, 0xba, 0xa2, 0xdf } },
	  "EventGroupExitBootServices" },
	{ { 0x13fa7698, 0xc831, 0x49c7, { 0x87, 0xea, 0x8f, 0x43, 0xfc, 0xc2, 0x51, 0x96 } },
	  "EventGroupVirtualAddressChange" },
	{ { 0x78bee926, 0x692f, 0x48fd, { 0x9e, 0xdb, 0x01, 0x42, 0x2e, 0xf0, 0xd7, 0xab } },
	  "EventGroupMemoryMapChange" },
	{ { 0x7ce88fb3, 0x4bd7, 0x4679, { 0x87, 0xa8, 0xa8, 0xd8, 0xde, 0xe5, 0x0d, 0x2b } },
	  "EventGroupReadyToBoot" },
	/* Variable vendors */
	{ EFI_GLOBAL_VARIABLE, "GlobalVariable" },
	/* Images and device paths */
	{ EFI_LOADED_IMAGE_PROTOCOL_GUID, "LoadedImage" },
	{ EFI_LOADED_IMAGE_DEVICE_PATH_PROTOCOL_GUID, "LoadedImageDevicePath" },
	{ EFI_DEVICE_PATH_PROTOCOL_GUID, "DevicePath" },
	{ EFI_DEVICE_PATH_TO_TEXT_PROTOCOL_GUID, "DevicePathToText" },
	{ EFI_DEVICE_PATH_FROM_TEXT_PROTOCOL_GUID, "DevicePathFromText" },
	{ EFI_DEVICE_PATH_UTILITIES_PROTOCOL_GUID, "DevicePathUtilities" },
	{ UNKNOWN_DEVICE_GUID, "UnknownDevice" },
	/* Consoles */
	{ EFI_SIMPLE_TEXT_INPUT_PROTOCOL_GUID, "SimpleTextIn" },
	{ EFI_SIMPLE_TEXT_INPUT_EX_PROTOCOL_GUID, "SimpleTextInEx" },
	{ EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID, "SimpleTextOut" },
	{ EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID, "GraphicsOutput" },
	{ EFI_EDID_DISCOVERED_PROTOCOL_GUID, "EdidDiscovered" },
	{ EFI_EDID_ACTIVE_PROTOCOL_GUID, "EdidActive" },
	{ EFI_EDID_OVERRIDE_PROTOCOL_GUID, "EdidOverride" },
	{ EFI_SIMPLE_POINTER_PROTOCOL_GUID, "SimplePointer" },
	{ EFI_ABSOLUTE_POINTER_PROTOCOL_GUID, "AbsolutePointer" },
	{ EFI_SERIAL_IO_PROTOCOL_GUID, "SerialIo" },
	{ EFI_UNICODE_COLLATION_PROTOCOL_GUID, "UnicodeCollation" },
	{ EFI_UI_INTERFACE_PROTOCOL_GUID, "UiInterface" },
	{ EFI_PC_ANSI_GUID, "PcAnsi" },
	{ EFI_VT_100_GUID, "Vt100" },
	{ EFI_VT_100_PLUS_GUID, "Vt100Plus" },
	{ EFI_VT_UTF8_GUID, "VtUtf8" },
	/* Storage and files */
	{ EFI_BLOCK_IO_PROTOCOL_GUID, "BlockIo" },
	{ EFI_BLOCK_IO2_PROTOCOL_GUID, "BlockIo2" },
	{ EFI_DISK_IO_PROTOCOL_GUID, "DiskIo" },
	{ EFI_DISK_IO2_PROTOCOL_GUID, "DiskIo2" },
	{ EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID, "SimpleFileSystem" },
	{ EFI_FILE_INFO_ID, "FileInfo" },
	{ EFI_FILE_SYSTEM_INFO_ID, "FileSystemInfo" },
	{ EFI_FILE_SYSTEM_VOLUME_LABEL_ID, "FileSystemVolumeLabel" },
	{ EFI_LOAD_FILE_PROTOCOL_GUID, "LoadFile" },
	{ { 0x4006c0c1, 0xfcb3, 0x403e, { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } },
	  "LoadFile2" }, /* §13.2 */
	{ { 0x8cf2f62c, 0xbc9b, 0x4821, { 0x80, 0x8d, 0xec, 0x9e, 0xc4, 0x21, 0xa1, 0xa0 } },
	  "PartitionInfo" }, /* §13.18, as efi/storage.h */
	{ EFI_PART_TYPE_EFI_SYSTEM_PART_GUID, "EfiSystemPartition" },
	{ EFI_PART_TYPE_LEGACY_MBR_GUID, "LegacyMbrPartition" },
	{ EFI_DEVICE_IO_PROTOCOL_GUID, "DeviceIo" },
	/* Drivers and buses */
	{ EFI_DRIVER_BINDING_PROTOCOL_GUID, "DriverBinding" },
	{ EFI_COMPONENT_NAME_PROTOCOL_GUID, "ComponentName" },
	{ EFI_COMPONENT_NAME2_PROTOCOL_GUID, "ComponentName2" },
	{ EFI_PLATFORM_DRIVER_OVERRIDE_PROTOCOL_GUID, "PlatformDriverOverride" },
	{ EFI_BUS_SPECIFIC_DRIVER_OVERRIDE_PROTOCOL_GUID, "BusSpecificDriverOverride" },
	{ EFI_DRIVER_FAMILY_OVERRIDE_PROTOCOL_GUID, "DriverFamilyOverride" },
	{ EFI_PCI_IO_PROTOCOL_GUID, "PciIo" },
	{ EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL_GUID, "PciRootBridgeIo" },
	{ EFI_EBC_INTERPRETER_PROTOCOL_GUID, "Ebc" },
	{ EFI_FPSWA_PROTOCOL_GUID, "Fpswa" },
	/* Randomness and hashing */
	{ EFI_RNG_PROTOCOL_GUID, "Rng" },
	{ EFI_RNG_ALGORITHM_RAW, "RngAlgorithmRaw" },
	{ EFI_RNG_ALGORITHM_SP800_90_HASH_256_GUID, "RngAlgorithmSp800_90Hash256" },
	{ EFI_RNG_ALGORITHM_SP800_90_HMAC_256_GUID, "RngAlgorithmSp800_90Hmac256" },
	{ EFI_RNG_ALGORITHM_SP800_90_CTR_256_GUID, "RngAlgorithmSp800_90Ctr256" },
	{ EFI_RNG_ALGORITHM_X9_31_3DES_GUID, "RngAlgorithmX9_31_3Des" },
	{ EFI_RNG_ALGORITHM_X9_31_AES_GUID, "RngAlgorithmX9_31Aes" },
	{ EFI_HASH_PROTOCOL_GUID, "Hash" },
	{ EFI_HASH_ALGORITHM_SHA1_GUID, "HashAlgorithmSha1" },
	{ EFI_HASH_ALGORITHM_SHA224_GUID, "HashAlgorithmSha224" },
	{ EFI_HASH_ALGORITHM_SHA256_GUID, "HashAlgorithmSha256" },
	{ EFI_HASH_ALGORITHM_SHA384_GUID, "HashAlgorithmSha384" },
	{ EFI_HASH_ALGORITHM_SHA512_GUID, "HashAlgorithmSha512" },
	{ EFI_HASH_ALGORITHM_MD5_GUID, "HashAlgorithmMd5" },
	{ EFI_HASH_ALGORITHM_SHA1_NOPAD_GUID, "HashAlgorithmSha1NoPad" },
	{ EFI_HASH_ALGORITHM_SHA256_NOPAD_GUID, "HashAlgorithmSha256NoPad" },
	/* Network */
	{ EFI_SIMPLE_NETWORK_PROTOCOL_GUID, "SimpleNetwork" },
	{ EFI_NETWORK_INTERFACE_IDENTIFIER_PROTOCOL_GUID, "NetworkInterfaceIdentifier" },
	{ EFI_PXE_BASE_CODE_PROTOCOL_GUID, "PxeBaseCode" },
	{ EFI_PXE_BASE_CODE_CALLBACK_PROTOCOL_GUID, "PxeBaseCodeCallback" },
	{ EFI_IP4_SERVICE_BINDING_PROTOCOL, "Ip4ServiceBinding" },
	{ EFI_IP4_PROTOCOL, "Ip4" },
	{ EFI_IP6_SERVICE_BINDING_PROTOCOL, "Ip6ServiceBinding" },
	{ EFI_IP6_PROTOCOL, "Ip6" },
	{ EFI_TCP4_SERVICE_BINDING_PROTOCOL, "Tcp4ServiceBinding" },
	{ EFI_TCP4_PROTOCOL, "Tcp4" },
	{ EFI_TCP6_SERVICE_BINDING_PROTOCOL, "Tcp6ServiceBinding" },
	{ EFI_TCP6_PROTOCOL, "Tcp6" },
	{ EFI_UDP4_SERVICE_BINDING_PROTOCOL, "Udp4ServiceBinding" },
	{ EFI_UDP4_PROTOCOL, "Udp4" },
	{ EFI_UDP6_SERVICE_BINDING_PROTOCOL, "Udp6ServiceBinding" },
	{ EFI_UDP6_PROTOCOL, "Udp6" },
	/* Shells */
	{ EFI_SHELL_PROTOCOL_GUID, "Shell" },
	{ EFI_SHELL_PARAMETERS_PROTOCOL_GUID, "ShellParameters" },
	{ EFI_SHELL_DYNAMIC_COMMAND_PROTOCOL_GUID, "ShellDynamicCommand" },
	/* What the Debian kernel's stub, shim, GRUB and systemd-boot ask for
	 * or publish (as Linux include/linux/efi.h, EDK2 and shim name them;
	 * the Linux* ones are Linux's own, LinuxLoaderEntry the vendor of
	 * systemd's Loader* variables) */
	{ { 0x607f766c, 0x7455, 0x42be, { 0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f } },
	  "Tcg2" },
	{ { 0x1e2ed096, 0x30e2, 0x4254, { 0xbd, 0x89, 0x86, 0x3b, 0xbe, 0xf8, 0x23, 0x25 } },
	  "Tcg2FinalEventsTable" },
	{ { 0x96751a3d, 0x72f4, 0x41a6, { 0xa7, 0x94, 0xed, 0x5d, 0x0e, 0x67, 0xae, 0x6b } },
	  "CcMeasurement" },
	{ { 0xdd4a4648, 0x2de7, 0x4665, { 0x96, 0x4d, 0x21, 0xd9, 0xef, 0x5f, 0xb4, 0x46 } },
	  "CcFinalEventsTable" },
	{ { 0xf4560cf6, 0x40ec, 0x4b4a, { 0xa1, 0x92, 0xbf, 0x1d, 0x57, 0xd0, 0xb1, 0x89 } },
	  "MemoryAttribute" },
	{ { 0x982c298b, 0xf4fa, 0x41cb, { 0xb8, 0x38, 0x77, 0xaa, 0x68, 0x8f, 0xb8, 0x39 } },
	  "UgaDraw" },
	{ { 0xd3b36f2c, 0xd551, 0x11d4, { 0x9a, 0x46, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } },
	  "ConsoleOutDevice" },
	{ { 0x880aaca3, 0x4adc, 0x4a04, { 0x90, 0x79, 0xb7, 0x47, 0x34, 0x08, 0x25, 0xe5 } },
	  "PropertiesTable" },
	{ { 0xb122a263, 0x3661, 0x4f68, { 0x99, 0x29, 0x78, 0xf8, 0xb0, 0xd6, 0x21, 0x80 } },
	  "SystemResourceTable" },
	{ { 0x05ad34ba, 0x6f02, 0x4214, { 0x95, 0x2e, 0x4d, 0xa0, 0x39, 0x8e, 0x2b, 0xb9 } },
	  "DxeServicesTable" },
	{ { 0x03583ff6, 0xcb36, 0x4940, { 0x94, 0x7e, 0xb9, 0xb3, 0x9f, 0x4a, 0xfa, 0xf7 } },
	  "Smbios" },
	{ { 0xd719b2cb, 0x3d3a, 0x4596, { 0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f } },
	  "ImageSecurityDatabase" },
	{ { 0xe20939be, 0x32d4, 0x41be, { 0xa1, 0x50, 0x89, 0x7f, 0x85, 0xd4, 0x98, 0x29 } },
	  "MemoryOnlyResetControl" },
	{ { 0x605dab50, 0xe046, 0x4300, { 0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23 } },
	  "ShimLock" },
	{ { 0x91bd12fe, 0xf6c3, 0x44fb, { 0xa5, 0xb7, 0x51, 0x22, 0xab, 0x30, 0x3a, 0xe0 } },
	  "AppleProperties" },
	{ { 0xc5c5da95, 0x7d5c, 0x45e6, { 0xb2, 0xf1, 0x3f, 0xd5, 0x2b, 0xb1, 0x00, 0x77 } },
	  "AppleSetOs" },
	{ { 0xf541796d, 0xa62e, 0x4954, { 0xa7, 0x75, 0x95, 0x84, 0xf6, 0x1b, 0x9c, 0xdd } },
	  "Tcg" },
	{ { 0xf42f7782, 0x012e, 0x4c12, { 0x99, 0x56, 0x49, 0xf9, 0x43, 0x04, 0xf7, 0x21 } },
	  "ConsoleControl" },
	{ { 0x1f492041, 0xfadb, 0x4e59, { 0x9e, 0x57, 0x7c, 0xaf, 0xe7, 0x3a, 0x55, 0xab } },
	  "ShimImageLoader" },
	{ { 0x77fa9abd, 0x0359, 0x4d32, { 0xbd, 0x60, 0x28, 0xf4, 0xe7, 0x8f, 0x78, 0x4b } },
	  "MicrosoftVendor" },
	{ { 0x4a67b082, 0x0a4c, 0x41cf, { 0xb6, 0xc7, 0x44, 0x0b, 0x29, 0xbb, 0x8c, 0x4f } },
	  "LinuxLoaderEntry" },
	{ { 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } },
	  "LinuxInitrdMedia" },
	{ { 0x800f683f, 0xd08b, 0x423a, { 0xa2, 0x93, 0x96, 0x5c, 0x3c, 0x6f, 0xe2, 0xb4 } },
	  "LinuxBootMemmap" },
	{ { 0xe03fc20a, 0x85dc, 0x406e, { 0xb9, 0x0e, 0x4a, 0xb5, 0x02, 0x37, 0x1d, 0x95 } },
	  "LinuxScreenInfoTable" },
	{ { 0x1ce1e5bc, 0x7ceb, 0x42f2, { 0x81, 0xe5, 0x8a, 0xad, 0xf1, 0x80, 0xf5, 0x7b } },
	  "LinuxRandomSeedTable" },
	{ { 0xb7799cb0, 0xeca2, 0x4943, { 0x96, 0x67, 0x1f, 0xae, 0x07, 0xb7, 0x47, 0xfa } },
	  "LinuxTpmEventLog" },
	{ { 0x888eb0c6, 0x8ede, 0x4ff5, { 0xa8, 0xf0, 0x9a, 0xee, 0x5c, 0xb9, 0x77, 0xc2 } },
	  "LinuxMemreserveTable" },
	{ { 0xc451ed2b, 0x9694, 0x45d3, { 0xba, 0xba, 0xed, 0x9f, 0x89, 0x88, 0xa3, 0x89 } },
	  "LinuxMokVariableTable" },
	{ { 0xf5a37b6d, 0x3344, 0x42a5, { 0xb6, 0xbb, 0x97, 0x86, 0x48, 0xc1, 0x89, 0x0a } },
	  "LinuxLoadedImageFixed" },
};

const char *trace_guid_name(const EFI_GUID *g)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!memcmp(&names[i].guid, g, sizeof(*g)))
			return names[i].name;
	return NULL;
}
