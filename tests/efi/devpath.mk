EFI_APPS += devpath
EFI_CHECK_APPS += devpath
