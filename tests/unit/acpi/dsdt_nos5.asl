/* No \_S5: only \_S4, a method and a string that contain the name. */
DefinitionBlock ("", "DSDT", 2, "CLOUDH", "NOS5    ", 1)
{
    Name (_S4, Package () { 4, 4, 0, 0 })
    Name (STR0, "_S5_")
}
