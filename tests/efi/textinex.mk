EFI_APPS += textinex
