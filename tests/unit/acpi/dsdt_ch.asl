/* Shaped like Cloud Hypervisor's DSDT: \_S5 = Package { 5, 5, 0, 0 }
 * (5 encodes as BytePrefix 0x0A, 0 as ZeroOp), after some devices. */
DefinitionBlock ("", "DSDT", 6, "CLOUDH", "CHDSDT  ", 1)
{
    Device (_SB.COM1)
    {
        Name (_HID, EisaId ("PNP0501"))
        Name (_UID, Zero)
        Name (STR0, "_S5_ is not here")
    }
    Name (_S5, Package () { 5, 5, 0, 0 })
}
