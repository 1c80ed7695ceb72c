// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec.c - the spec stage's public entry points (include/spec.h): read a spec
 * from a file or from memory, check it, look things up in it, free it
 *
 * The stage is a one-way stack; each file calls only the ones below it:
 *
 *	spec.c		entry points; owns a spec's memory (spec->priv)
 *	spec_list.c	the listing of clocks and registers (--list-clocks)
 *	spec_check.c	names of clocks, cycles, unused clocks: after every file is read
 *	spec_parse.c	statements, relations, includes
 *	spec_expr.c	constant expressions, filters, clock expressions, clock sources
 *	spec_names.c	what names denote (hash tables)
 *	spec_lex.c	tokens of a logical line, and the cursor over them
 *	spec_diag.c	diagnostics and "did you mean"
 *	spec_src.c	source files: reading them, their lines
 *	spec_arena.c	memory: the arena, hash tables
 *	builtin.c	the specs compiled into the program (include <NAME>)
 *
 * Their shared names carry the internal prefix sp_ and are declared in the
 * internal header of the file that defines them (src/spec_*.h); only
 * include/spec.h, with the prefix spec_, is seen outside the stage.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "spec_check.h"
#include "spec_parse.h"

/* The memory behind a spec (spec->priv): everything it points into. */
struct priv {
	struct sp_arena arena;
	struct sp_srcs srcs;
	struct sp_names names;
};

/* base_name - a file's name without directory and extension: the default spec name */
static const char *base_name(struct sp_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');

	return sp_strndup(a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

/*
 * reading - parse and check a top-level text into spec: 0, 1 after errors, or -1 when
 * memory ran out (the arena's nomem longjmps here: everything the reading allocated
 * is in the arena, freed with the spec)
 */
static int reading(struct spec *spec, const char *name, const char *text, size_t len,
		   struct spec_diags *diags)
{
	struct priv *priv = spec->priv;
	struct sp_diag diag;
	struct sp_reading in;
	jmp_buf nomem;

	priv->arena.nomem = &nomem;
	if (setjmp(nomem)) {
		priv->arena.nomem = NULL;
		return -1;
	}
	spec->name = base_name(&priv->arena, name);
	sp_names_init(&priv->names, spec, &priv->arena);
	diag = (struct sp_diag){ .out = diags, .srcs = &priv->srcs };
	in = (struct sp_reading){
		.spec = spec, .arena = &priv->arena, .srcs = &priv->srcs,
		.names = &priv->names, .diag = &diag,
	};
	sp_parse(&in, name, text, len);
	if (!diag.stopped)
		sp_check(&in);
	priv->arena.nomem = NULL;
	return diag.errors ? 1 : 0;
}

/*
 * read_top - parse and check a top-level text; the spec, or NULL after errors or
 * when memory ran out (diags->nomem)
 */
static struct spec *read_top(const char *name, const char *text, size_t len,
			     struct spec_diags *diags)
{
	struct spec *spec = calloc(1, sizeof(*spec));
	struct priv *priv = calloc(1, sizeof(*priv));
	int r;

	if (!spec || !priv) {
		free(spec);
		free(priv);
		diags->nomem = true;
		return NULL;
	}
	spec->priv = priv;
	r = reading(spec, name, text, len, diags);
	if (r < 0)
		diags->nomem = true;
	/* a diagnostic lost for want of memory: the reading says nothing else */
	if (r || diags->nomem) {
		spec_free(spec);
		return NULL;
	}
	return spec;
}

/* spec_parse_file - parse and validate a spec file (and its includes) */
struct spec *spec_parse_file(const char *path, struct spec_diags *diags)
{
	struct spec_loc loc = { path, 0, 0 };
	char err[PATH_MAX + 128];
	struct spec *spec;
	size_t len;
	char *text;
	int r = sp_read_file(path, SP_MAX_TEXT, &text, &len, err, sizeof(err));

	if (r == SP_READ_NOMEM) {
		diags->nomem = true;
		return NULL;
	}
	if (r) {
		spec_diag_add(diags, SPEC_DIAG_ERROR, &loc, NULL, NULL, "%s", err);
		return NULL;
	}
	spec = read_top(path, text, len, diags);
	free(text);
	return spec;
}

/* spec_parse_string - the same for text in memory; name is used in diagnostics */
struct spec *spec_parse_string(const char *name, const char *text, size_t len,
			       struct spec_diags *diags)
{
	return read_top(name, text, len, diags);
}

/* spec_free - free a spec */
void spec_free(struct spec *spec)
{
	struct priv *priv;

	if (!spec)
		return;
	priv = spec->priv;
	if (priv) {
		sp_arena_free(&priv->arena);
		free(priv);
	}
	free(spec);
}

/* spec_find_clock - a clock by name, or NULL */
const struct spec_clock *spec_find_clock(const struct spec *spec, const char *name)
{
	const struct priv *priv = spec->priv;
	int i;

	if (sp_name_find(&priv->names, name, &i) != SP_N_CLOCK)
		return NULL;
	return &spec->clocks[i];
}

/* spec_line_text - the text of the source line at loc (no newline), or "" */
const char *spec_line_text(const struct spec *spec, const struct spec_loc *loc)
{
	const struct priv *priv;
	const struct sp_src *src;

	if (!spec || !spec->priv || !loc->file)
		return "";
	priv = spec->priv;
	src = sp_src_find(&priv->srcs, loc->file);
	return src ? sp_src_line(src, loc->line) : "";
}
