/* Boot-time half of the runtime services (efi/runtime/rt.h): capture what
 * ResetSystem needs from the FADT, publish EFI_RT_PROPERTIES_TABLE and
 * EFI_MEMORY_ATTRIBUTES_TABLE (UEFI 2.10 §4.6; the latter in runtime/mat.c),
 * and at ExitBootServices hand the runtime region the runtime ranges of
 * the memory map and the VIRTUAL_ADDRESS_CHANGE notifications. Boot code:
 * never runs at runtime. */
#include "efi/runtime/rt.h"

#include "efi/event/event.h"
#include "efi/mem/mem.h"

#include "acpi/acpi.h"
#include "acpi/fw.h"
#include "arch/arch.h"
#include "arch/cpu.h"
#include "lib/log.h"
#include "lib/string.h"
#include "mm/mm.h"

/* UEFI 2.10 §4.6.2; gnu-efi 3.0.15 has no GUID for it. */
static EFI_GUID rt_properties_guid = { 0xeb66918a, 0x7eef, 0x402a,
	{ 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } };

/* I/O port and width of an ACPI register, if it is in I/O space. */
static bool io_reg(const struct acpi_gas *g, uint16_t *port, uint8_t *width)
{
	unsigned bits = acpi_gas_access_bits(g);

	if (g->space_id != ACPI_AS_SYSTEM_IO || !g->address ||
	    g->address > 0xffff || !bits || g->bit_offset)
		return false;
	*port = (uint16_t)g->address;
	*width = (uint8_t)(bits / 8 > 4 ? 4 : bits / 8);
	return true;
}

/* A byte-wide register in memory space (hardware-reduced SLEEP_CONTROL
 * and RESET_REG, §4.8.3.7, §4.8.3.6): mapped, and its page entered in the
 * memory map as runtime MMIO so an OS maps it for ResetSystem. */
static volatile uint8_t *mmio_reg(const struct acpi_gas *g)
{
	uint64_t page = g->address & ~(PAGE_SIZE - 1);

	if (g->space_id != ACPI_AS_SYSTEM_MEMORY || !g->address ||
	    acpi_gas_access_bits(g) != 8 || g->bit_offset ||
	    mm_map_mmio(page, PAGE_SIZE) ||
	    mm_map_set(mm_system_map(), page, PAGE_SIZE, MM_MMIO, MM_F_FIXED))
		return NULL;
	return (volatile uint8_t *)(uintptr_t)g->address;
}

/* The power-off sequence of acpi/power.c, as port writes. */
static void capture_poweroff(struct rt_power *p, const struct acpi_fadt *f)
{
	const struct acpi_sleep_type *s5 = acpi_s5();
	const struct acpi_gas *cnt[2] = { &f->pm1a_cnt, &f->pm1b_cnt };

	if (acpi_fadt_hw_reduced(f)) {
		uint16_t v = (uint16_t)((s5 ? s5->slp_typa : 5) << 2 | 1u << 5);

		if (io_reg(&f->sleep_control, &p->off_port[0], &p->off_width[0]))
			p->off_pre[0] = p->off_val[0] = v;
		else if ((p->off_mmio = mmio_reg(&f->sleep_control)))
			p->off_mmio_val = (uint8_t)v;
		return;
	}
	if (!s5)
		return;
	for (int i = 0; i < 2; i++) {
		uint64_t cur = 0;
		uint8_t typ = i ? s5->slp_typb : s5->slp_typa;

		if (!io_reg(cnt[i], &p->off_port[i], &p->off_width[i]))
			continue;
		acpi_gas_read(cnt[i], &cur);
		/* PM1_CNT: SLP_TYP bits 10-12, SLP_EN bit 13 (ACPI §4.8.3.2.1). */
		p->off_pre[i] = (uint16_t)((cur & ~0x3c00ull) | (uint64_t)typ << 10);
		p->off_val[i] = p->off_pre[i] | 1u << 13;
	}
}

static void capture_power(void)
{
	struct rt_power *p = &efi_rt_state.power;
	const struct acpi_fadt *f = acpi_fadt();
	uint8_t w;

	if (!f)
		return;
	capture_poweroff(p, f);
	if ((f->flags & (ACPI_FADT_RESET_REG_SUP | ACPI_FADT_HW_REDUCED_ACPI)) &&
	    (io_reg(&f->reset_reg, &p->reset_port, &w) ||
	     (p->reset_mmio = mmio_reg(&f->reset_reg))))
		p->reset_val = f->reset_value;
	if (!p->off_port[0] && !p->off_mmio)
		pr_warn("efi: runtime power-off has no usable FADT register; "
			"port 0x600 only\n");
	if (p->off_mmio || p->reset_mmio)
		pr_info("efi: runtime power-off/reset registers in memory space: "
			"0x%llx/0x%llx\n", (unsigned long long)(uintptr_t)p->off_mmio,
			(unsigned long long)(uintptr_t)p->reset_mmio);
}

void efi_runtime_init(void)
{
	capture_power();
	efi_install_configuration_table(&rt_properties_guid, &efi_rt_properties);
	efi_mat_init();
	pr_info("efi: runtime region: code [0x%lx-0x%lx) data [0x%lx-0x%lx), "
		"RT properties 0x%x\n", (unsigned long)(uintptr_t)__rt_text_start,
		(unsigned long)(uintptr_t)__rt_text_end,
		(unsigned long)(uintptr_t)__rt_data_start,
		(unsigned long)(uintptr_t)__rt_data_end,
		(unsigned)efi_rt_properties.RuntimeServicesSupported);
}

static void capture_ranges(void)
{
	const struct mm_map *m = mm_system_map();
	struct rt_state *s = &efi_rt_state;

	s->n_own = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (!efi_memory_is_runtime(m->r[i].type))
			continue;
		if (s->n_own == RT_MAX_RANGES) {
			pr_err("efi: more than %u runtime ranges: "
			       "SetVirtualAddressMap will refuse\n", RT_MAX_RANGES);
			break;
		}
		s->own[s->n_own++] = (struct rt_range){ m->r[i].base,
							m->r[i].pages, 0 };
	}
}

/* The whole map as extents (adjacent ranges merged, whatever their
 * type): what "not found in the memory map" (§8.4.1) is checked against.
 * Too fragmented to fit: no check (known_all stays false). */
static void capture_known(void)
{
	const struct mm_map *m = mm_system_map();
	struct rt_state *s = &efi_rt_state;
	struct rt_range *k = s->known;

	s->n_known = 0;
	s->known_all = false;
	for (size_t i = 0; i < m->n; i++) {
		const struct mm_range *r = &m->r[i];

		if (s->n_known &&
		    k[s->n_known - 1].phys + (k[s->n_known - 1].pages << 12) == r->base) {
			k[s->n_known - 1].pages += r->pages;
			continue;
		}
		if (s->n_known == RT_MAX_RANGES)
			return;
		k[s->n_known++] = (struct rt_range){ r->base, r->pages, 0 };
	}
	s->known_all = true;
}

static void capture_va_events(void)
{
	struct rt_state *s = &efi_rt_state;
	struct efi_event_notify ev[RT_MAX_VA_EVENTS];
	size_t n = efi_events_group_notifies(&efi_group_virtual_address_change,
					     ev, RT_MAX_VA_EVENTS);

	if (n > RT_MAX_VA_EVENTS) {
		pr_err("efi: too many VIRTUAL_ADDRESS_CHANGE events\n");
		n = RT_MAX_VA_EVENTS;
	}
	for (size_t i = 0; i < n; i++)
		s->va_events[i] = (struct rt_va_event){ ev[i].event, ev[i].fn,
							ev[i].ctx, ev[i].tpl };
	s->n_va_events = n;
}

/* How long ResetSystem waits for a write to act, as acpi/power.c does.
 * Taken at ExitBootServices, not at boot: the first use of the TSC rate
 * completes its calibration window, a busy wait boot should not pay. */
static void capture_settle(void)
{
	uint64_t end = tsc_deadline_us(1000000);

	efi_rt_state.power.settle_tsc = end ? end - rdtsc() : 0;
}

void efi_runtime_exit_boot_services(void)
{
	efi_variables_exit_boot_services();
	capture_settle();
	efi_mat_refresh();
	capture_ranges();
	capture_known();
	capture_va_events();
	efi_rt_state.at_runtime = true;
	efi_table_crc(&efi_rt_st.Hdr);
}
