# efi/runtime/rt_vmap.c: SetVirtualAddressMap's checks of an OS's memory map
# against the firmware's runtime ranges, and ConvertPointer's table.
UNIT_TESTS += rt_vmap
UNIT_SRCS_rt_vmap := efi/runtime/rt_vmap.c
