// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_decode.c - field descriptors and bounds-checked decoding of records
 *
 * libtraceevent's field readers trust the format: tep_read_number_field()
 * does not check offset + size against the record, and __data_loc words are
 * followed wherever they point. Every read here is checked against the
 * record's size first.
 *
 * Holds nothing. Called by trace_dat.c; calls libtraceevent only.
 */
#include <stdlib.h>
#include <string.h>

#include "trace_decode.h"

/* field_type - how to read a libtraceevent field */
static enum ti_field_type field_type(const struct tep_format_field *f)
{
	if (f->flags & TEP_FIELD_IS_STRING)
		return TI_FIELD_STR;
	if (f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC))
		return TI_FIELD_OTHER;
	if (f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8)
		return TI_FIELD_NUM;
	return TI_FIELD_OTHER;
}

/* td_load_fields - copy an event's own field descriptors */
int td_load_fields(struct ti_event *ev, struct tep_event *tev)
{
	struct tep_format_field *f;
	int n = 0;

	for (f = tev->format.fields; f; f = f->next)
		n++;
	ev->fields = calloc(n ? n : 1, sizeof(*ev->fields));
	if (!ev->fields)
		return -1;
	for (f = tev->format.fields; f; f = f->next) {
		struct ti_field *tf = &ev->fields[ev->nfields++];

		tf->name = f->name;
		tf->type = field_type(f);
		tf->is_signed = f->flags & TEP_FIELD_IS_SIGNED;
		tf->data_loc = f->flags & TEP_FIELD_IS_DYNAMIC;
		tf->rel_loc = f->flags & TEP_FIELD_IS_RELATIVE;
		tf->offset = f->offset < 0 ? 0 : (unsigned int)f->offset;
		tf->size = f->size < 0 ? 0 : (unsigned int)f->size;
		if (f->offset < 0 || f->size < 0)
			tf->type = TI_FIELD_OTHER;
	}
	return 0;
}

/* read_string - decode a string field with bounds checks against the record */
static bool read_string(struct tep_handle *tep, const struct ti_field *f, const uint8_t *data,
			uint32_t size, struct ti_value *v)
{
	uint32_t off = f->offset, len = f->size;

	if (f->data_loc) {
		uint32_t word;

		if (f->size != 4 || (uint64_t)f->offset + 4 > size)
			return false;
		word = (uint32_t)tep_read_number(tep, data + f->offset, 4);
		off = word & 0xffff;
		len = word >> 16;
		if (f->rel_loc)
			off += f->offset + 4;
	}
	if ((uint64_t)off + len > size)
		return false;
	v->str = (const char *)data + off;
	/* The kernel stores the terminating NUL inside the length. */
	v->len = (uint32_t)strnlen(v->str, len);
	return true;
}

/* td_decode - read every field of a record into values, never past size bytes */
unsigned int td_decode(struct tep_handle *tep, const struct ti_event *ev, const void *record,
		       uint32_t size, struct ti_value *values)
{
	const uint8_t *data = record;
	unsigned int bad = 0;

	for (int i = 0; i < ev->nfields; i++) {
		const struct ti_field *f = &ev->fields[i];
		struct ti_value *v = &values[i];

		memset(v, 0, sizeof(*v));
		if (f->type == TI_FIELD_STR) {
			v->ok = read_string(tep, f, data, size, v);
		} else if (f->type == TI_FIELD_NUM && (uint64_t)f->offset + f->size <= size) {
			v->num = tep_read_number(tep, data + f->offset, (int)f->size);
			if (f->is_signed && f->size < 8 && (v->num >> (f->size * 8 - 1)) & 1)
				v->num |= ~(uint64_t)0 << (f->size * 8);
			v->ok = true;
		}
		if (!v->ok && f->type != TI_FIELD_OTHER)
			bad++;
	}
	return bad;
}

