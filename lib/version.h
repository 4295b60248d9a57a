/* The firmware's version, as the banner, the SMBIOS table it may build
 * and the shell's ver show it. */
#ifndef LIB_VERSION_H
#define LIB_VERSION_H

#define FW_VERSION "0.1"
#define FW_VERSION_MAJOR 0
#define FW_VERSION_MINOR 1

#endif
