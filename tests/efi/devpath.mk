EFI_APPS += devpath
