/* The TPM's Command Response Buffer interface (TCG PC Client Platform TPM
 * Profile for TPM 2.0, "PTP", §6.5), locality 0 only. Register offsets
 * are PTP Table 23 (TPM_CRB_REGISTERS); every wait is bounded by the
 * PTP's timeouts and says which step ran out. */
#include "tpm/tpm_priv.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "lib/bytes.h"
#include "lib/err.h"
#include "lib/log.h"
#include "mm/mm.h"

/* PTP Table 23, offsets from the locality's base. */
#define CRB_LOC_STATE 0x00
#define CRB_LOC_CTRL 0x08
#define CRB_LOC_STS 0x0C
#define CRB_INTF_ID 0x30 /* 64 bits: ID in the low half, VID/DID high */
#define CRB_CTRL_REQ 0x40
#define CRB_CTRL_STS 0x44
#define CRB_CTRL_CANCEL 0x48
#define CRB_CTRL_START 0x4C
#define CRB_CTRL_CMD_SIZE 0x58
#define CRB_CTRL_CMD_LADDR 0x5C
#define CRB_CTRL_CMD_HADDR 0x60
#define CRB_CTRL_RSP_SIZE 0x64
#define CRB_CTRL_RSP_ADDR 0x68 /* 64 bits */

#define LOC_STATE_ASSIGNED (1u << 1)
#define LOC_STATE_ACTIVE_MASK (7u << 2)
#define LOC_STATE_VALID (1u << 7)
#define LOC_CTRL_REQUEST (1u << 0)
#define LOC_STS_GRANTED (1u << 0)
#define CTRL_REQ_CMD_READY (1u << 0)
#define CTRL_REQ_GO_IDLE (1u << 1)
#define CTRL_STS_ERROR (1u << 0)
#define CTRL_STS_IDLE (1u << 1)
#define CTRL_START_START 1u

/* INTF_ID (PTP Table 23 TPM_CRB_INTF_ID_x): InterfaceType in bits 0-3,
 * InterfaceVersion in 4-7, CapCRB in bit 14. */
#define INTF_TYPE(v) ((v) & 0xF)
#define INTF_VERSION(v) (((v) >> 4) & 0xF)
#define INTF_CAP_CRB (1u << 14)
#define INTF_TYPE_CRB 1u
#define INTF_VERSION_CRB 1u

/* Without a known TSC rate the waits are bounded by iterations. */
#define SPIN_BOUND 20000000ull

static uint32_t reg32(const struct tpm_crb *c, unsigned off)
{
	return mmio_read32(c->base + off);
}

static void reg32_write(const struct tpm_crb *c, unsigned off, uint32_t v)
{
	mmio_write32(c->base + off, v);
}

/* Waits until (reg & mask) == want; ERR_TIMEOUT after ms. */
static int wait_reg(const struct tpm_crb *c, unsigned off, uint32_t mask,
		    uint32_t want, uint32_t ms)
{
	uint64_t end = tsc_deadline_us((uint64_t)ms * 1000);

	for (uint64_t n = 0;; n++) {
		if ((reg32(c, off) & mask) == want)
			return 0;
		if (end ? rdtsc() >= end : n >= SPIN_BOUND)
			return (reg32(c, off) & mask) == want ? 0 : ERR_TIMEOUT;
		cpu_relax();
	}
}

static int request_locality(const struct tpm_crb *c)
{
	uint32_t want = LOC_STATE_VALID | LOC_STATE_ASSIGNED;

	/* Locality 0 may already be ours (a warm start). */
	if ((reg32(c, CRB_LOC_STATE) &
	     (want | LOC_STATE_ACTIVE_MASK)) == want)
		return 0;
	reg32_write(c, CRB_LOC_CTRL, LOC_CTRL_REQUEST);
	if (wait_reg(c, CRB_LOC_STS, LOC_STS_GRANTED, LOC_STS_GRANTED,
		     TPM_TIMEOUT_A_MS) ||
	    wait_reg(c, CRB_LOC_STATE, want | LOC_STATE_ACTIVE_MASK, want,
		     TPM_TIMEOUT_A_MS)) {
		pr_err("tpm: locality 0 not granted within %u ms (LOC_STATE "
		       "0x%x)\n", TPM_TIMEOUT_A_MS, reg32(c, CRB_LOC_STATE));
		return ERR_TIMEOUT;
	}
	return 0;
}

/* The buffers the control area names: inside the address space, large
 * enough for a header, and mapped. */
static int read_buffers(struct tpm_crb *c)
{
	c->cmd = (uint64_t)reg32(c, CRB_CTRL_CMD_HADDR) << 32 |
		 reg32(c, CRB_CTRL_CMD_LADDR);
	c->cmd_size = reg32(c, CRB_CTRL_CMD_SIZE);
	c->rsp = (uint64_t)reg32(c, CRB_CTRL_RSP_ADDR + 4) << 32 |
		 reg32(c, CRB_CTRL_RSP_ADDR);
	c->rsp_size = reg32(c, CRB_CTRL_RSP_SIZE);
	if (!c->cmd || !c->rsp || c->cmd_size < TPM2_HDR_LEN ||
	    c->rsp_size < TPM2_HDR_LEN || c->cmd + c->cmd_size < c->cmd ||
	    c->rsp + c->rsp_size < c->rsp) {
		pr_err("tpm: CRB buffers unusable: command 0x%llx+%u, "
		       "response 0x%llx+%u\n", (unsigned long long)c->cmd,
		       c->cmd_size, (unsigned long long)c->rsp, c->rsp_size);
		return ERR_CORRUPT;
	}
	if (mm_map_mmio(c->cmd, c->cmd_size) || mm_map_mmio(c->rsp, c->rsp_size))
		return ERR_NOMEM;
	return 0;
}

int tpm_crb_probe(uint64_t base, struct tpm_crb *c)
{
	uint32_t id;
	int err;

	*c = (struct tpm_crb){ .base = base };
	err = mm_map_mmio(base, TPM_CRB_LOCALITY_SIZE);
	if (err)
		return err;
	id = reg32(c, CRB_INTF_ID);
	if (INTF_TYPE(id) != INTF_TYPE_CRB ||
	    INTF_VERSION(id) != INTF_VERSION_CRB || !(id & INTF_CAP_CRB))
		return ERR_NOTFOUND;
	c->intf_id = id;
	c->vid = (uint16_t)reg32(c, CRB_INTF_ID + 4);
	c->did = (uint16_t)(reg32(c, CRB_INTF_ID + 4) >> 16);
	err = request_locality(c);
	return err ? err : read_buffers(c);
}

/* PTP §6.5.3.4: from Idle to Ready. */
static int cmd_ready(const struct tpm_crb *c)
{
	reg32_write(c, CRB_CTRL_REQ, CTRL_REQ_CMD_READY);
	if (wait_reg(c, CRB_CTRL_REQ, CTRL_REQ_CMD_READY, 0, TPM_TIMEOUT_C_MS) ||
	    wait_reg(c, CRB_CTRL_STS, CTRL_STS_IDLE, 0, TPM_TIMEOUT_C_MS)) {
		pr_err("tpm: not ready within %u ms (CTRL_STS 0x%x)\n",
		       TPM_TIMEOUT_C_MS, reg32(c, CRB_CTRL_STS));
		return ERR_TIMEOUT;
	}
	return 0;
}

static void go_idle(const struct tpm_crb *c)
{
	reg32_write(c, CRB_CTRL_REQ, CTRL_REQ_GO_IDLE);
	if (wait_reg(c, CRB_CTRL_REQ, CTRL_REQ_GO_IDLE, 0, TPM_TIMEOUT_C_MS))
		pr_warn("tpm: goIdle not taken within %u ms\n",
			TPM_TIMEOUT_C_MS);
}

static int read_response(const struct tpm_crb *c, uint8_t *out, size_t cap,
			 size_t *rsp_len)
{
	uint8_t hdr[TPM2_HDR_LEN];
	uint32_t size;

	for (unsigned i = 0; i < sizeof(hdr); i++)
		hdr[i] = mmio_read8(c->rsp + i);
	size = be32(hdr + 2);
	if (size < TPM2_HDR_LEN || size > c->rsp_size) {
		pr_err("tpm: response claims %u bytes (buffer %u)\n", size,
		       c->rsp_size);
		return ERR_CORRUPT;
	}
	if (size > cap)
		return ERR_TRUNC;
	for (uint32_t i = 0; i < size; i++)
		out[i] = i < sizeof(hdr) ? hdr[i] : mmio_read8(c->rsp + i);
	*rsp_len = size;
	return 0;
}

int tpm_crb_command(const struct tpm_crb *c, const void *cmd, size_t len,
		    void *rsp, size_t cap, size_t *rsp_len,
		    uint32_t timeout_ms)
{
	const uint8_t *in = cmd;
	int err;

	if (len < TPM2_HDR_LEN || len > c->cmd_size)
		return ERR_INVAL;
	err = cmd_ready(c);
	if (err)
		return err;
	for (size_t i = 0; i < len; i++)
		mmio_write8(c->cmd + i, in[i]);
	reg32_write(c, CRB_CTRL_START, CTRL_START_START);
	err = wait_reg(c, CRB_CTRL_START, CTRL_START_START, 0, timeout_ms);
	if (err) {
		/* PTP §6.5.3.6: cancel, then the TPM goes idle. */
		pr_err("tpm: command 0x%x not done within %u ms\n",
		       be32(in + 6), timeout_ms);
		reg32_write(c, CRB_CTRL_CANCEL, 1);
		wait_reg(c, CRB_CTRL_START, CTRL_START_START, 0, TPM_TIMEOUT_B_MS);
		reg32_write(c, CRB_CTRL_CANCEL, 0);
	} else if (reg32(c, CRB_CTRL_STS) & CTRL_STS_ERROR) {
		pr_err("tpm: command 0x%x: the TPM reports a fatal error "
		       "(CTRL_STS 0x%x)\n", be32(in + 6), reg32(c, CRB_CTRL_STS));
		err = ERR_IO;
	} else {
		err = read_response(c, rsp, cap, rsp_len);
	}
	go_idle(c);
	return err;
}
