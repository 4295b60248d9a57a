EFI_APPS += textinex
EFI_CHECK_APPS += textinex
