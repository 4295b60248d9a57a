/* efi/rng: EFI_RNG_PROTOCOL (UEFI 2.10 §37.5) on virtio-rng, else
 * RDRAND. */
#ifndef EFI_RNG_RNG_H
#define EFI_RNG_RNG_H

/* Installs the protocol on a handle of its own when the machine has a
 * source; says so in the log either way. */
void efi_rng_init(void);

#endif
