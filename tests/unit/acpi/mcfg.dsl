/* MCFG with three PCI segments, 1 MiB of ECAM each (bus 0 only), laid out
 * the way Cloud Hypervisor allocates them from 0xE8000000. */
[0004]                          Signature : "MCFG"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "CLOUDH"
[0008]                       Oem Table ID : "CHMCFG  "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 00000000

[0008]                           Reserved : 0000000000000000

[0008]                       Base Address : 00000000E8000000
[0002]               Segment Group Number : 0000
[0001]                   Start Bus Number : 00
[0001]                     End Bus Number : 00
[0004]                           Reserved : 00000000

[0008]                       Base Address : 00000000E8100000
[0002]               Segment Group Number : 0001
[0001]                   Start Bus Number : 00
[0001]                     End Bus Number : 00
[0004]                           Reserved : 00000000

[0008]                       Base Address : 0000004000000000
[0002]               Segment Group Number : 0002
[0001]                   Start Bus Number : 00
[0001]                     End Bus Number : FF
[0004]                           Reserved : 00000000
