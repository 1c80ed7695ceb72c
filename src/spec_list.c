// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_list.c - what a spec's clocks and registers are, as people read it (--list-clocks)
 *
 * Sources, filters and derived clocks are shown as written in the spec (their
 * text kept by the parser), so masks and values keep their constant names:
 * rises(status, ACKNOWLEDGE), not rises(status, 0x1). Reads the parsed spec
 * only.
 */
#include <inttypes.h>
#include <stdio.h>

#include "spec.h"

/* list_clock - one clock: its sources (<-) or its expression (=), its restart clock */
static void list_clock(const struct spec_clock *sc, FILE *out)
{
	fprintf(out, "  %-20s ", sc->name);
	if (sc->expr)
		fprintf(out, "= %s", sc->text);
	for (int s = 0; s < sc->nsources; s++)
		fprintf(out, "%s%s", s ? ", " : "<- ", sc->sources[s].text);
	if (sc->restart)
		fprintf(out, " restart on %s", sc->restart);
	fprintf(out, "%s\n", sc->used ? "" : "   (unused)");
}

/* list_register - one register: the events that write and read it, the names of its bits */
static void list_register(const struct spec_register *reg, FILE *out)
{
	fprintf(out, "  %-20s ", reg->name);
	for (int s = 0; s < reg->nsources; s++) {
		const struct spec_reg_source *src = &reg->sources[s];

		fprintf(out, "%s%s %s:%s.%s", s ? ", " : "", src->is_read ? "read" : "write",
			src->system, src->event, src->field);
	}
	if (!reg->nsources)
		fprintf(out, "(no event writes or reads it)");
	fputc('\n', out);
	if (!reg->nbits)
		return;
	fprintf(out, "  %-20s bits", "");
	for (int b = 0; b < reg->nbits; b++)
		fprintf(out, " %s=0x%" PRIx64, reg->bits[b].name, reg->bits[b].value);
	fputc('\n', out);
}

/* spec_list_clocks - every clock and what feeds it, then every register */
void spec_list_clocks(const struct spec *spec, FILE *out)
{
	fprintf(out, "clocks:\n");
	for (int i = 0; i < spec->nclocks; i++)
		list_clock(&spec->clocks[i], out);
	if (!spec->nregs)
		return;
	fprintf(out, "registers:\n");
	for (int i = 0; i < spec->nregs; i++)
		list_register(&spec->regs[i], out);
}
