/* \_S5 in a package over 63 bytes long (two-byte PkgLength encoding),
 * with Word and DWord constants. */
DefinitionBlock ("", "DSDT", 2, "CLOUDH", "BIGPKG  ", 1)
{
    Name (_S5, Package () { 0x07, 0x06,
        0x12345678, 0x12345678, 0x12345678, 0x12345678, 0x12345678,
        0x12345678, 0x12345678, 0x12345678, 0x12345678, 0x12345678,
        0x12345678, 0x12345678, 0x12345678, 0x12345678 })
}
