/* The legacy 8259A PICs: remapped off the exception vectors and masked.
 *
 * SeaBIOS leaves them at vectors 0x08-0x0F with IRQ0 (its PIT tick)
 * unmasked, so once IF = 1 a PIT interrupt would arrive as vector 8 and
 * look like a double fault. We take no interrupt from them (the local
 * APIC timer is our tick): a fresh initialisation moves them to
 * ARCH_VEC_PIC_BASE (0x20-0x2F), then every line is masked. Cloud
 * Hypervisor (split irqchip) and QEMU's microvm with pic=off have no PIC:
 * the writes then go nowhere, which is harmless, and nothing is ever read
 * back or waited for. Virtual PICs need no I/O delay between the words
 * (and port 0x80, the usual delay, is Cloud Hypervisor's debug port). */
#include "arch/arch.h"
#include "arch/io.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1

/* 8259A datasheet: ICW1 with ICW4 needed, cascade, edge triggered; ICW3
 * slave on the master's IR2 / the slave's identity 2; ICW4 8086 mode. */
#define ICW1_INIT_ICW4 0x11
#define ICW3_MASTER_SLAVE_IR2 0x04
#define ICW3_SLAVE_ID 0x02
#define ICW4_8086 0x01
#define OCW1_MASK_ALL 0xFF

void arch_pic_init(void);

void arch_pic_init(void)
{
	pio_write8(PIC1_CMD, ICW1_INIT_ICW4);
	pio_write8(PIC2_CMD, ICW1_INIT_ICW4);
	pio_write8(PIC1_DATA, ARCH_VEC_PIC_BASE);
	pio_write8(PIC2_DATA, ARCH_VEC_PIC_BASE + 8);
	pio_write8(PIC1_DATA, ICW3_MASTER_SLAVE_IR2);
	pio_write8(PIC2_DATA, ICW3_SLAVE_ID);
	pio_write8(PIC1_DATA, ICW4_8086);
	pio_write8(PIC2_DATA, ICW4_8086);
	pio_write8(PIC1_DATA, OCW1_MASK_ALL);
	pio_write8(PIC2_DATA, OCW1_MASK_ALL);
}
