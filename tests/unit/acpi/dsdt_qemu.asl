/* Shaped like QEMU pc/q35's DSDT: \_S3, \_S4 and \_S5 = Package { Zero,
 * Zero, Zero, Zero }, at the root. */
DefinitionBlock ("", "DSDT", 1, "BOCHS ", "BXPC    ", 1)
{
    Name (\_S3, Package (0x04) { One, One, Zero, Zero })
    Name (\_S4, Package (0x04) { 0x02, 0x02, Zero, Zero })
    Name (\_S5, Package (0x04) { Zero, Zero, Zero, Zero })
}
