// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_spec.c - the spec language: every construct parses into the expected
 * structures, every diagnostic has its exact text, line, column and hint, and
 * no prefix of a real spec crashes the parser.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec.h"
#include "unit.h"

static struct spec_diags diags;
static struct spec *spec;

/* reset - free what the previous test left */
static void reset(void)
{
	spec_free(spec);
	spec = NULL;
	spec_diags_free(&diags);
}

/* parse - parse text as the file t.ccsl */
static struct spec *parse(const char *text)
{
	reset();
	spec = spec_parse_string("t.ccsl", text, strlen(text), &diags);
	return spec;
}

/* parse_ok - parse text that must have no diagnostic at all */
static struct spec *parse_ok(const char *text)
{
	parse(text);
	for (int i = 0; i < diags.n; i++)
		fprintf(stderr, "unexpected: %d:%d: %s\n", diags.items[i].loc.line,
			diags.items[i].loc.col, diags.items[i].message);
	ck_assert_int_eq(diags.n, 0);
	ck_assert_ptr_nonnull(spec);
	return spec;
}

/* clock - a clock that must exist */
static const struct spec_clock *clock(const char *name)
{
	const struct spec_clock *c = spec_find_clock(spec, name);

	ck_assert_msg(c, "no clock %s", name);
	return c;
}

/* assert_ref - e names clock name */
static void assert_ref(const struct spec_expr *e, const char *name)
{
	ck_assert_int_eq(e->op, SPEC_E_REF);
	ck_assert_str_eq(e->name, name);
}

/* assert_node - e applies kind to nargs arguments */
static void assert_node(const struct spec_expr *e, enum ccsl_expr_kind kind, int nargs)
{
	ck_assert_int_eq(e->op, SPEC_E_CCSL);
	ck_assert_int_eq(e->kind, kind);
	ck_assert_int_eq(e->nargs, nargs);
}

/* ---- statements ---- */

START_TEST(test_spec_name)
{
	parse_ok("spec virtio-net.1 \"The title\"\n");
	ck_assert_str_eq(spec->name, "virtio-net.1");
	ck_assert_str_eq(spec->title, "The title");
	parse_ok("# no spec line\n");
	ck_assert_str_eq(spec->name, "t");
	ck_assert_ptr_null(spec->title);
	ck_assert_int_eq(spec->nfiles, 1);
	ck_assert_str_eq(spec->files[0], "t.ccsl");
}
END_TEST

START_TEST(test_consts)
{
	parse_ok("const A = 1\n"
		 "const VERSION_1 = 1 << 32\n"
		 "const B = A | 0x10 | 0b100\n"
		 "const C = 1 + 1 << 2\n"
		 "const D = 0x10 | 0b11 & 1\n"
		 "const E = (A | 2) & 0x3 + 0\n"
		 "const F = 18446744073709551615\n");
	ck_assert_int_eq(spec->nconsts, 7);
	ck_assert_str_eq(spec->consts[1].name, "VERSION_1");
	ck_assert_uint_eq(spec->consts[1].value, 1ULL << 32);
	ck_assert_uint_eq(spec->consts[2].value, 0x15);
	ck_assert_uint_eq(spec->consts[3].value, 8);	/* + binds tighter than << */
	ck_assert_uint_eq(spec->consts[4].value, 0x11); /* & binds tighter than | */
	ck_assert_uint_eq(spec->consts[5].value, 3);
	ck_assert_uint_eq(spec->consts[6].value, UINT64_MAX);
	ck_assert_int_eq(spec->consts[2].loc.line, 3);
	ck_assert_int_eq(spec->consts[2].loc.col, 7);
}
END_TEST

START_TEST(test_instance_history_pairs)
{
	parse_ok("instance per dev\n"
		 "instance per dev\n"
		 "history partial\n"
		 "pair virtio:get_status_ret with virtio:get_status\n"
		 "pair virtio:ret with virtio:*\n");
	ck_assert_str_eq(spec->key, "dev");
	ck_assert_int_eq(spec->key_loc.line, 1);
	ck_assert_int_eq(spec->key_loc.col, 14);
	ck_assert(spec->history_partial);
	ck_assert_int_eq(spec->npairs, 2);
	ck_assert_str_eq(spec->pairs[0].system, "virtio");
	ck_assert_str_eq(spec->pairs[0].event, "get_status_ret");
	ck_assert_str_eq(spec->pairs[0].with_system, "virtio");
	ck_assert_str_eq(spec->pairs[0].with_event, "get_status");
	ck_assert_str_eq(spec->pairs[1].with_event, "*");
	ck_assert_int_eq(spec->pairs[1].loc.line, 5);
	ck_assert_int_eq(spec->pairs[1].loc.col, 6);
	parse_ok("# nothing\n");
	ck_assert_ptr_null(spec->key);
	ck_assert(!spec->history_partial);
}
END_TEST

START_TEST(test_registers)
{
	parse_ok("register status write virtio:set_status.status\n"
		 "register features write virtio:set_features.features\n"
		 "register status read virtio:get_status_ret.ret\n");
	ck_assert_int_eq(spec->nregs, 2);
	ck_assert_str_eq(spec->regs[0].name, "status");
	ck_assert_int_eq(spec->regs[0].nsources, 2);
	ck_assert(!spec->regs[0].sources[0].is_read);
	ck_assert_str_eq(spec->regs[0].sources[0].system, "virtio");
	ck_assert_str_eq(spec->regs[0].sources[0].event, "set_status");
	ck_assert_str_eq(spec->regs[0].sources[0].field, "status");
	ck_assert(spec->regs[0].sources[1].is_read);
	ck_assert_str_eq(spec->regs[0].sources[1].event, "get_status_ret");
	ck_assert_str_eq(spec->regs[0].sources[1].field, "ret");
	ck_assert_int_eq(spec->regs[0].sources[1].loc.line, 3);
	ck_assert_int_eq(spec->regs[0].sources[1].loc.col, 22);
	ck_assert_int_eq(spec->regs[1].nsources, 1);
}
END_TEST

START_TEST(test_report_decoding)
{
	parse_ok("const RESET = 0\nconst ACK = 1\nconst DRV = 2\n"
		 "register status write virtio:set_status.status\n"
		 "register status bits RESET ACK DRV\n"
		 "label devid parent\n"
		 "name devid 5 \"balloon\"\n"
		 "name devid 0x1 \"net\"\n");
	ck_assert_int_eq(spec->nregs, 1);
	ck_assert_int_eq(spec->regs[0].nsources, 1);
	ck_assert_int_eq(spec->regs[0].nbits, 3);
	ck_assert_str_eq(spec->regs[0].bits[1].name, "ACK");
	ck_assert_uint_eq(spec->regs[0].bits[1].value, 1);
	ck_assert_uint_eq(spec->regs[0].bits[0].value, 0);
	ck_assert_int_eq(spec->nlabels, 2);
	ck_assert_str_eq(spec->labels[1], "parent");
	ck_assert_int_eq(spec->nvalue_names, 2);
	ck_assert_str_eq(spec->value_names[0].field, "devid");
	ck_assert_uint_eq(spec->value_names[0].value, 5);
	ck_assert_str_eq(spec->value_names[0].text, "balloon");
	ck_assert_uint_eq(spec->value_names[1].value, 1);
}
END_TEST

START_TEST(test_forbid_never_and_glob)
{
	const struct spec_filter *f;

	parse_ok("clock a = v:e[parent ~ \"????:??:??.?\" && x == 1]\n"
		 "rule never: forbid a\n");
	ck_assert_int_eq(spec->rules[0].kind, CCSL_REL_FORBID);
	ck_assert_int_eq(spec->rules[0].nargs, 1);
	ck_assert_str_eq(spec->rules[0].text, "forbid a");
	f = clock("a")->sources[0].filter;
	ck_assert_int_eq(f->op, SPEC_F_AND);
	ck_assert_int_eq(f->l->op, SPEC_F_GLOB);
	ck_assert_int_eq(f->l->l->op, SPEC_F_FIELD);
	ck_assert_str_eq(f->l->r->str, "????:??:??.?");
	ck_assert(!spec->rules[0].optional);
	parse_ok("clock a = v:e\nrule r: forbid a\n\toptional\n");
	ck_assert(spec->rules[0].optional);
}
END_TEST

START_TEST(test_bound_clocks)
{
	const struct spec_source *s;

	parse_ok("const ACK = 1\n"
		 "register status write virtio:set_status.status\n"
		 "clock a = virtio:set_status\n"
		 "clock b = rises(status, ACK), clears(status, ACK | 2)[dev == \"virtio0\"]\n"
		 "clock c = writes(status, 0)\n"
		 "rule r: a # b # c\n");
	s = clock("a")->sources;
	ck_assert_int_eq(clock("a")->nsources, 1);
	ck_assert_int_eq(s->kind, SPEC_SRC_EVENT);
	ck_assert_str_eq(s->system, "virtio");
	ck_assert_str_eq(s->event, "set_status");
	ck_assert_ptr_null(s->filter);
	ck_assert_ptr_null(clock("a")->expr);
	s = clock("b")->sources;
	ck_assert_int_eq(clock("b")->nsources, 2);
	ck_assert_int_eq(s[0].kind, SPEC_SRC_RISES);
	ck_assert_str_eq(s[0].reg, "status");
	ck_assert_uint_eq(s[0].value, 1);
	ck_assert_int_eq(s[0].loc.col, 11);
	ck_assert_int_eq(s[1].kind, SPEC_SRC_CLEARS);
	ck_assert_uint_eq(s[1].value, 3);
	ck_assert_int_eq(s[1].loc.col, 31);
	ck_assert_int_eq(s[1].filter->op, SPEC_F_EQ);
	ck_assert_int_eq(s[1].filter->l->op, SPEC_F_FIELD);
	ck_assert_str_eq(s[1].filter->l->name, "dev");
	ck_assert_int_eq(s[1].filter->r->op, SPEC_F_STR);
	ck_assert_str_eq(s[1].filter->r->str, "virtio0");
	ck_assert_int_eq(clock("c")->sources[0].kind, SPEC_SRC_WRITES);
	ck_assert_uint_eq(clock("c")->sources[0].value, 0);
	ck_assert_int_eq(clock("c")->loc.line, 5);
	ck_assert_int_eq(clock("c")->loc.col, 7);
	/* the text as written, constants by name, blanks between tokens made one space */
	ck_assert_str_eq(clock("a")->sources[0].text, "virtio:set_status");
	ck_assert_str_eq(s[0].text, "rises(status, ACK)");
	ck_assert_str_eq(s[1].text, "clears(status, ACK | 2)[dev == \"virtio0\"]");
	ck_assert_str_eq(clock("c")->sources[0].text, "writes(status, 0)");
	ck_assert_ptr_null(clock("a")->text);
}
END_TEST

/* list - what spec_list_clocks prints for the spec parsed last */
static char *list(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	spec_list_clocks(spec, out);
	ck_assert_int_eq(fclose(out), 0);
	return buf;
}

START_TEST(test_list_clocks)
{
	char *got;

	/* spare is unused: a warning, the spec is still made */
	ck_assert_ptr_nonnull(parse("const ACK = 1\nconst DRIVER = 2\n"
		 "register status write v:set.status\n"
		 "register status read v:get_ret.status\n"
		 "register status bits ACK DRIVER\n"
		 "register kind write v:set.kind\n"
		 "clock ack = rises(status,ACK)[ kind==5 &&\\\n"
		 "\t\t(@status & DRIVER) ], v:probe\n"
		 "clock r = writes(status, 0)\n"
		 "clock gone = clears(status, ACK|DRIVER, seen), rises(status, ~ACK)\n"
		 "clock both = (ack +  r) $ 1 restart on r\n"
		 "clock spare = v:spare\n"
		 "rule x: forbid both in ]r, ack]\n"));
	ck_assert_int_eq(diags.nerrors, 0);
	got = list();
	ck_assert_str_eq(got,
			 "clocks:\n"
			 "  ack                  <- rises(status,ACK)[ kind==5 && (@status & DRIVER) ], "
			 "v:probe\n"
			 "  r                    <- writes(status, 0)\n"
			 "  gone                 <- clears(status, ACK|DRIVER, seen), rises(status, ~ACK)"
			 "   (unused)\n"
			 "  both                 = (ack + r) $ 1 restart on r\n"
			 "  spare                <- v:spare   (unused)\n"
			 "registers:\n"
			 "  status               write v:set.status, read v:get_ret.status\n"
			 "                       bits ACK=0x1 DRIVER=0x2\n"
			 "  kind                 write v:set.kind\n");
	free(got);
	parse_ok("clock a = v:a\nrule r: forbid a\n");
	got = list();
	ck_assert_str_eq(got, "clocks:\n  a                    <- v:a\n");
	free(got);
}
END_TEST

START_TEST(test_filters)
{
	const struct spec_filter *f;

	parse_ok(
		"const FOK = 0x8\n"
		"register status write v:w.s\n"
		"clock a = v:e[x == 1 || y && !z]\n"
		"clock b = v:e[(status & FOK) == 0]\n"
		"clock c = v:e[status & 0x8]\n"
		"clock d = v:e[@status >= 3 && n < 2 && n <= 0b1 && n > 0x1f && n != \"a\\\"\\\\\"]\n"
		"clock e = v:e[@status]\n"
		"rule r: a # b # c # d # e\n");
	f = clock("a")->sources[0].filter;
	ck_assert_int_eq(f->op, SPEC_F_OR);
	ck_assert_int_eq(f->l->op, SPEC_F_EQ);
	ck_assert_uint_eq(f->l->r->num, 1);
	ck_assert_int_eq(f->r->op, SPEC_F_AND);
	ck_assert_int_eq(f->r->l->op, SPEC_F_FIELD);
	ck_assert_int_eq(f->r->r->op, SPEC_F_NOT);
	ck_assert_str_eq(f->r->r->l->name, "z");
	ck_assert_int_eq(f->loc.col, 22);	/* the operator */
	f = clock("b")->sources[0].filter;
	ck_assert_int_eq(f->op, SPEC_F_EQ);
	ck_assert_int_eq(f->l->op, SPEC_F_BITAND);
	ck_assert_str_eq(f->l->l->name, "status");
	ck_assert_int_eq(f->l->r->op, SPEC_F_NUM);	/* the constant, replaced */
	ck_assert_uint_eq(f->l->r->num, 8);
	f = clock("c")->sources[0].filter;
	ck_assert_int_eq(f->op, SPEC_F_BITAND);
	f = clock("d")->sources[0].filter;
	/* && is left-associative: (((a && b) && c) && d) && e */
	ck_assert_int_eq(f->op, SPEC_F_AND);
	ck_assert_int_eq(f->r->op, SPEC_F_NE);
	ck_assert_str_eq(f->r->r->str, "a\"\\");
	ck_assert_int_eq(f->l->r->op, SPEC_F_GT);
	ck_assert_uint_eq(f->l->r->r->num, 0x1f);
	ck_assert_int_eq(f->l->l->r->op, SPEC_F_LE);
	ck_assert_int_eq(f->l->l->l->r->op, SPEC_F_LT);
	ck_assert_int_eq(f->l->l->l->l->op, SPEC_F_GE);
	ck_assert_int_eq(f->l->l->l->l->l->op, SPEC_F_REG);
	ck_assert_str_eq(f->l->l->l->l->l->name, "status");
	f = clock("e")->sources[0].filter;
	ck_assert_int_eq(f->op, SPEC_F_REG);
}
END_TEST

START_TEST(test_expr_precedence)
{
	const struct spec_expr *e;

	parse_ok("clock a = v:a\nclock b = v:b\nclock c = v:c\nclock d = v:d\n"
		 "clock u = a + b + c\n"
		 "clock m = a - b - c\n"
		 "clock x = a + b - c + d\n"
		 "clock i = a * b * c + d\n"
		 "clock p = (a + b) + c\n"
		 "clock q = a + b $ 2 * c\n"
		 "rule r: u # m # x # i # p # q\n");
	e = clock("u")->expr;
	assert_node(e, CCSL_EXPR_UNION, 3);
	assert_ref(e->args[0], "a");
	assert_ref(e->args[2], "c");
	ck_assert_int_eq(e->loc.line, 5);
	ck_assert_int_eq(e->loc.col, 13);
	e = clock("m")->expr;
	assert_node(e, CCSL_EXPR_MINUS, 2);
	assert_node(e->args[0], CCSL_EXPR_MINUS, 2);
	assert_ref(e->args[1], "c");
	e = clock("x")->expr;
	assert_node(e, CCSL_EXPR_UNION, 2);
	assert_node(e->args[0], CCSL_EXPR_MINUS, 2);
	assert_node(e->args[0]->args[0], CCSL_EXPR_UNION, 2);
	assert_ref(e->args[1], "d");
	e = clock("i")->expr;
	assert_node(e, CCSL_EXPR_UNION, 2);
	assert_node(e->args[0], CCSL_EXPR_INTER, 3);
	e = clock("p")->expr;
	assert_node(e, CCSL_EXPR_UNION, 2);	/* parentheses keep their group */
	assert_node(e->args[0], CCSL_EXPR_UNION, 2);
	e = clock("q")->expr;
	assert_node(e, CCSL_EXPR_UNION, 2);
	assert_node(e->args[1], CCSL_EXPR_INTER, 2);
	assert_node(e->args[1]->args[0], CCSL_EXPR_DELAY, 1);
	ck_assert_int_eq(e->args[1]->args[0]->k, 2);
}
END_TEST

START_TEST(test_expr_postfix)
{
	const struct spec_expr *e;

	parse_ok("const K = 3\n"
		 "clock a = v:a\nclock b = v:b\nclock c = v:c\n"
		 "clock d0 = a $ 0\n"
		 "clock d1 = a $ K on b\n"
		 "clock d2 = a $ (K + 1) on (b + c)\n"
		 "clock s1 = a sampled on b\n"
		 "clock s2 = a strictly sampled on b\n"
		 "clock chain = a $ 1 sampled on b upto c\n"
		 "clock f1 = a filtered by 1(0)\n"
		 "clock f2 = a filtered by (01)\n"
		 "clock f3 = a filtered by 0011\n"
		 "clock f4 = a filtered by 00(1)\n"
		 "clock up = a upto b\n"
		 "rule r: d0 # d1 # d2 # s1 # s2 # chain # f1 # f2 # f3 # f4 # up\n");
	e = clock("d0")->expr;
	assert_node(e, CCSL_EXPR_DELAY, 1);
	ck_assert_int_eq(e->k, 0);
	e = clock("d1")->expr;
	assert_node(e, CCSL_EXPR_DELAY_ON, 2);
	ck_assert_int_eq(e->k, 3);
	assert_ref(e->args[0], "a");
	assert_ref(e->args[1], "b");
	e = clock("d2")->expr;
	ck_assert_int_eq(e->k, 4);
	assert_node(e->args[1], CCSL_EXPR_UNION, 2);
	assert_node(clock("s1")->expr, CCSL_EXPR_SAMPLED, 2);
	assert_ref(clock("s1")->expr->args[1], "b");
	assert_node(clock("s2")->expr, CCSL_EXPR_SAMPLED_STRICT, 2);
	e = clock("chain")->expr;
	assert_node(e, CCSL_EXPR_UPTO, 2);
	assert_node(e->args[0], CCSL_EXPR_SAMPLED, 2);
	assert_node(e->args[0]->args[0], CCSL_EXPR_DELAY, 1);
	e = clock("f1")->expr;
	assert_node(e, CCSL_EXPR_FILTER, 1);
	ck_assert_str_eq(e->prefix, "1");
	ck_assert_str_eq(e->cycle, "0");
	ck_assert_str_eq(clock("f2")->expr->prefix, "");
	ck_assert_str_eq(clock("f2")->expr->cycle, "01");
	ck_assert_str_eq(clock("f3")->expr->prefix, "0011");
	ck_assert_ptr_null(clock("f3")->expr->cycle);
	ck_assert_str_eq(clock("f4")->expr->prefix, "00");
	ck_assert_str_eq(clock("f4")->expr->cycle, "1");
	assert_node(clock("up")->expr, CCSL_EXPR_UPTO, 2);
}
END_TEST

START_TEST(test_expr_functions)
{
	const struct spec_expr *e;

	parse_ok("const P = 4\n"
		 "clock a = v:a\nclock b = v:b\nclock c = v:c\n"
		 "clock i = inf(a, b, c)\n"
		 "clock s = sup(a, b $ 1)\n"
		 "clock w = wait(a + b, 2)\n"
		 "clock p = periodic(a, P)\n"
		 "clock q = periodic(a, 3, 1 + 1)\n"
		 "clock r = a restart on c\n"
		 "rule x: i # s # w # p # q # r\n");
	e = clock("i")->expr;
	assert_node(e, CCSL_EXPR_INF, 3);
	ck_assert_int_eq(e->loc.col, 11);
	assert_node(clock("s")->expr, CCSL_EXPR_SUP, 2);
	assert_node(clock("s")->expr->args[1], CCSL_EXPR_DELAY, 1);
	e = clock("w")->expr;
	assert_node(e, CCSL_EXPR_WAIT, 1);
	ck_assert_int_eq(e->k, 2);
	assert_node(e->args[0], CCSL_EXPR_UNION, 2);
	e = clock("p")->expr;
	assert_node(e, CCSL_EXPR_PERIODIC, 1);
	ck_assert_int_eq(e->period, 4);
	ck_assert_int_eq(e->offset, 0);
	ck_assert_int_eq(clock("q")->expr->period, 3);
	ck_assert_int_eq(clock("q")->expr->offset, 2);
	assert_ref(clock("r")->expr, "a");
	ck_assert_str_eq(clock("r")->restart, "c");
	ck_assert_int_eq(clock("r")->restart_loc.line, 10);
	ck_assert_int_eq(clock("r")->restart_loc.col, 24);
	ck_assert_ptr_null(clock("i")->restart);
}
END_TEST

START_TEST(test_relations)
{
	const struct spec_rule *r;

	parse_ok("const N = 2\n"
		 "clock a = v:a\nclock b = v:b\nclock c = v:c\n"
		 "rule R1: a < b\n"
		 "rule R2: a <= b init 1 max N + 1\n"
		 "rule R3: a sub b\n"
		 "rule R4: a == b\n"
		 "rule R5: a # b # c\n"
		 "rule R6: a ~ b\n"
		 "rule R7: a ~ b weak\n"
		 "rule R8: (a + b) < c max 3 init 0\n"
		 "rule R9: forbid a in ]b, c[\n"
		 "rule R10: allow a in [b, c]\n"
		 "rule R11: forbid a in [b, c[\n"
		 "rule R12: allow a in ]b + a, c]\n");
	ck_assert_int_eq(spec->nrules, 12);
	r = &spec->rules[0];
	ck_assert_str_eq(r->name, "R1");
	ck_assert_int_eq(r->kind, CCSL_REL_PRECEDES);
	ck_assert_int_eq(r->nargs, 2);
	assert_ref(r->args[0], "a");
	assert_ref(r->args[1], "b");
	ck_assert_int_eq(r->init, 0);
	ck_assert_int_eq(r->max, CCSL_UNBOUNDED);
	ck_assert_int_eq(r->severity, SPEC_SEV_ERROR);
	ck_assert(!r->expect);
	ck_assert_ptr_null(r->restart);
	ck_assert_ptr_null(r->message);
	ck_assert_ptr_null(r->reference);
	ck_assert_int_eq(r->loc.line, 5);
	ck_assert_int_eq(r->loc.col, 6);
	r = &spec->rules[1];
	ck_assert_int_eq(r->kind, CCSL_REL_CAUSES);
	ck_assert_int_eq(r->init, 1);
	ck_assert_int_eq(r->max, 3);
	ck_assert_str_eq(r->text, "a <= b init 1 max N + 1");
	ck_assert_int_eq(spec->rules[2].kind, CCSL_REL_SUBCLOCK);
	ck_assert_int_eq(spec->rules[3].kind, CCSL_REL_COINCIDES);
	ck_assert_int_eq(spec->rules[4].kind, CCSL_REL_EXCLUSION);
	ck_assert_int_eq(spec->rules[4].nargs, 3);
	ck_assert_int_eq(spec->rules[5].kind, CCSL_REL_ALTERNATES);
	ck_assert_int_eq(spec->rules[6].kind, CCSL_REL_ALTERNATES_WEAK);
	r = &spec->rules[7];
	assert_node(r->args[0], CCSL_EXPR_UNION, 2);
	ck_assert_int_eq(r->max, 3);
	ck_assert_int_eq(r->init, 0);
	r = &spec->rules[8];
	ck_assert_int_eq(r->kind, CCSL_REL_FORBID);
	ck_assert_int_eq(r->nargs, 3);
	assert_ref(r->args[0], "a");
	assert_ref(r->args[1], "b");
	assert_ref(r->args[2], "c");
	ck_assert_uint_eq(r->window, 0);
	ck_assert_str_eq(r->text, "forbid a in ]b, c[");
	r = &spec->rules[9];
	ck_assert_int_eq(r->kind, CCSL_REL_ALLOW);
	ck_assert_uint_eq(r->window, CCSL_WIN_LEFT_CLOSED | CCSL_WIN_RIGHT_CLOSED);
	ck_assert_uint_eq(spec->rules[10].window, CCSL_WIN_LEFT_CLOSED);
	ck_assert_uint_eq(spec->rules[11].window, CCSL_WIN_RIGHT_CLOSED);
	assert_node(spec->rules[11].args[1], CCSL_EXPR_UNION, 2);
}
END_TEST

START_TEST(test_rule_text)
{
	parse_ok("clock a = v:a\nclock b = v:b\n"
		 "rule r1:   (a+b)<b  \n"
		 "rule r2: a \\\n"
		 "\t   <    b \\\n"
		 "  init 1\n");
	ck_assert_str_eq(spec->rules[0].text, "(a+b)<b");
	ck_assert_str_eq(spec->rules[1].text, "a < b init 1");
	ck_assert_int_eq(spec->rules[1].init, 1);
}
END_TEST

START_TEST(test_attributes)
{
	const struct spec_rule *r;

	parse_ok("clock a = v:a\nclock b = v:b\nclock rst = v:r\n"
		 "rule BALLOON-STATS: a < b\n"
		 "  message \"b before a\"\n"
		 "\tref \"VIRTIO 1.2 3.1.1 step 5\"\n"
		 "severity warning\n"
		 "\t\texpect\n"
		 "\trestart on rst\n"
		 "rule two: a ~ b\n"
		 "\tseverity error\n"
		 "\texpect\n");
	r = &spec->rules[0];
	ck_assert_str_eq(r->name, "BALLOON-STATS");
	ck_assert_str_eq(r->message, "b before a");
	ck_assert_str_eq(r->reference, "VIRTIO 1.2 3.1.1 step 5");
	ck_assert_int_eq(r->severity, SPEC_SEV_WARNING);
	ck_assert(r->expect);
	ck_assert_str_eq(r->restart, "rst");
	ck_assert_int_eq(r->restart_loc.line, 9);
	ck_assert_int_eq(r->restart_loc.col, 13);
	r = &spec->rules[1];
	ck_assert_int_eq(r->severity, SPEC_SEV_ERROR);
	ck_assert(r->expect);
	ck_assert_ptr_null(r->restart);
}
END_TEST

/* rises/clears against the value seen, ~ in filters, per and subject */
START_TEST(test_registers_seen_per_subject)
{
	const struct spec_clock *c;

	parse_ok("register status write v:w.s\nregister status read v:r.s\n"
		 "register offered read v:o.f\n"
		 "clock up = rises(status, 1, seen)\nclock down = clears(status, 3, written)\n"
		 "clock plain = rises(status, 4)\nclock extra = v:f[features & ~@offered]\n"
		 "rule r1: up < down\n\tper vq_index\n\tsubject device\n"
		 "rule r2: plain sub extra\n\tper vq_index\n"
		 "rule r3: extra sub up\n");
	c = clock("up");
	ck_assert_int_eq(c->sources[0].kind, SPEC_SRC_RISES);
	ck_assert(c->sources[0].seen);
	c = clock("down");
	ck_assert_int_eq(c->sources[0].kind, SPEC_SRC_CLEARS);
	ck_assert(!c->sources[0].seen);
	ck_assert(!clock("plain")->sources[0].seen);
	c = clock("extra");
	ck_assert_int_eq(c->sources[0].filter->op, SPEC_F_BITAND);
	ck_assert_int_eq(c->sources[0].filter->r->op, SPEC_F_BITNOT);
	ck_assert_int_eq(c->sources[0].filter->r->l->op, SPEC_F_REG);
	ck_assert_str_eq(spec->rules[0].per, "vq_index");
	ck_assert_int_eq(spec->rules[0].per_loc.line, 9);
	ck_assert_int_eq(spec->rules[0].subject, SPEC_SUBJ_DEVICE);
	ck_assert_str_eq(spec->rules[1].per, "vq_index");
	ck_assert_int_eq(spec->rules[1].subject, SPEC_SUBJ_DRIVER);
	ck_assert_ptr_null(spec->rules[2].per);
}
END_TEST

START_TEST(test_default_restart)
{
	parse_ok("clock a = v:a\nclock b = v:b\nclock r1 = v:r\nclock r2 = v:s\n"
		 "rule before: a < b\n"
		 "default restart on r1\n"
		 "rule d1: a < b\n"
		 "rule own: a < b\n"
		 "\trestart on r2\n"
		 "rule never: a < b\n"
		 "\trestart never\n"
		 "default restart never\n"
		 "rule after: a < b\n");
	ck_assert_ptr_null(spec->rules[0].restart);
	ck_assert_str_eq(spec->rules[1].restart, "r1");
	ck_assert_int_eq(spec->rules[1].restart_loc.line, 6);
	ck_assert_int_eq(spec->rules[1].restart_loc.col, 20);
	ck_assert_str_eq(spec->rules[2].restart, "r2");
	ck_assert_ptr_null(spec->rules[3].restart);
	ck_assert_ptr_null(spec->rules[4].restart);
}
END_TEST

START_TEST(test_lines)
{
	parse_ok("# a comment\n"
		 "   # an indented comment, with \\\n"
		 "\n"
		 "clock a = \\\n"
		 "    v:a\n"
		 "clock b = v:b\r\n"
		 "rule r: a \\\n"
		 "  # b\n"
		 "\n");
	ck_assert_int_eq(spec->nrules, 1);
	ck_assert_int_eq(spec->rules[0].kind, CCSL_REL_EXCLUSION);
	ck_assert_int_eq(spec->rules[0].args[1]->loc.line, 8);
	ck_assert_int_eq(spec->rules[0].args[1]->loc.col, 5);
	ck_assert_int_eq(clock("a")->sources[0].loc.line, 5);
	ck_assert_int_eq(clock("a")->sources[0].loc.col, 5);
	ck_assert_str_eq(spec_line_text(spec, &clock("b")->loc), "clock b = v:b");
	ck_assert_str_eq(spec_line_text(spec, &spec->rules[0].args[1]->loc), "  # b");
	/* no final newline */
	parse_ok("clock a = v:a\nrule r: a sub a");
	ck_assert_int_eq(spec->nrules, 1);
}
END_TEST

START_TEST(test_used)
{
	parse("clock a = v:a\nclock b = v:b\nclock c = v:c\nclock d = a + b restart on c\n"
	      "clock e = v:e\nrule r: d sub d\n");
	ck_assert_ptr_nonnull(spec);
	ck_assert(clock("a")->used);
	ck_assert(clock("b")->used);
	ck_assert(clock("c")->used);
	ck_assert(clock("d")->used);
	ck_assert(!clock("e")->used);
	ck_assert_int_eq(diags.n, 1);
	ck_assert_int_eq(diags.items[0].level, SPEC_DIAG_WARNING);
	ck_assert_int_eq(diags.nerrors, 0);
	ck_assert_str_eq(diags.items[0].message, "clock 'e' is never used");
	ck_assert_ptr_null(spec_find_clock(spec, "zz"));
}
END_TEST

/* ---- diagnostics: exact text, line, column and hint ---- */

struct diag_case {
	const char *text;
	int line, col;
	const char *message;
	const char *hint;
};

#define CLK "clock a = v:a\nclock b = v:b\n"
#define REG "register status write v:w.s\n"

static const struct diag_case diag_cases[] = {
	/* lexical */
	{ "const A = 12ab\n", 1, 11, "invalid number '12ab'", NULL },
	{ "const A = 0x\n", 1, 11, "invalid number '0x'", NULL },
	{ "const A = 0b102\n", 1, 11, "invalid number '0b102'", NULL },
	{ "const A = 18446744073709551616\n", 1, 11,
	  "number '18446744073709551616' does not fit in 64 bits", NULL },
	{ "spec s \"abc\n", 1, 8, "unterminated string", NULL },
	{ "spec s \"a\\nb\"\n", 1, 10, "unknown escape '\\n' in string (only \\\" and \\\\)",
	  NULL },
	{ "const A = 1 \\ 2\n", 1, 13, "stray '\\' (a continuation must end the line)", NULL },
	{ "const A = 1 ? 2\n", 1, 13, "unexpected character '?'", NULL },
	{ "const A = 1 \x01\n", 1, 13, "unexpected byte 0x01", NULL },
	/* statements */
	{ "1 + 2\n", 1, 1, "expected a statement, found number '1'", NULL },
	{ "clok a = v:a\n", 1, 1, "unknown statement 'clok'", "did you mean 'clock'?" },
	{ "message \"m\"\n", 1, 1, "attribute outside a rule",
	  "attribute lines follow the 'rule' line they belong to" },
	{ CLK "rule r: a < b\nclock c = v:c\n\texpect\n", 5, 2, "attribute outside a rule",
	  "attribute lines follow the 'rule' line they belong to" },
	{ CLK "rule r: a < b\n\tmessage \"x\"\n\tmessage \"y\"\n", 5, 2,
	  "duplicate 'message' for rule 'r'", NULL },
	{ CLK "rule r: a < b\n\trestart never\n\trestart on a\n", 5, 2,
	  "duplicate 'restart' for rule 'r'", NULL },
	{ CLK "rule r: a < b\n\tseverity fatal\n", 4, 11,
	  "expected 'error' or 'warning', found 'fatal'", NULL },
	{ CLK "rule r: a < b\n\trestart at a\n", 4, 10, "expected 'on' or 'never', found 'at'",
	  NULL },
	{ CLK "rule r: a < b\n\tmessage m\n", 4, 10, "expected a string, found 'm'", NULL },
	{ CLK "rule r: a sub b\n\texpect\n", 4, 2,
	  "'expect' has no effect: a subclock relation is never pending", NULL },
	{ CLK "rule r: a == b\n\texpect\n", 4, 2,
	  "'expect' has no effect: a coincides relation is never pending", NULL },
	{ CLK "rule r: a # b\n\texpect\n", 4, 2,
	  "'expect' has no effect: a exclusion relation is never pending", NULL },
	{ CLK "rule r: forbid a in ]b, b[\n\texpect\n", 4, 2,
	  "'expect' has no effect: a forbid relation is never pending", NULL },
	{ CLK "rule r: allow a in ]b, b[\n\texpect\n", 4, 2,
	  "'expect' has no effect: a allow relation is never pending", NULL },
	{ CLK "rule r: a < b\n\tsubject vmm\n", 4, 10,
	  "expected 'driver' or 'device', found 'vmm'", NULL },
	{ "instance per dev\n" CLK "rule r: a < b\n\tper dev\n", 5, 6,
	  "'per dev' names the instance key", "instances are already one per value of it" },
	{ CLK "rule r: a < b\n\tper x\n\tper x\n", 5, 2, "duplicate 'per' for rule 'r'", NULL },
	{ CLK "rule r: a < b\n\tper x\nrule s: b < a\n\tper y\n", 6, 6,
	  "rule 's' is checked per 'y', rule 'r' per 'x': every 'per' rule of a spec must name "
	  "the same field", NULL },
	{ REG "clock c = rises(status, 1, bogus)\nrule r: c sub c\n", 2, 28,
	  "expected 'written' or 'seen', found 'bogus'", NULL },
	{ REG "clock c = writes(status, 1, seen)\nrule r: c sub c\n", 2, 27,
	  "expected ')', found ','", NULL },
	{ "clock a = v:a[~\"x\"]\nclock b = v:b\nrule r: a < b\n", 1, 16,
	  "a string can only be compared with == or !=", NULL },
	{ "spec a\nspec b\n", 2, 1, "duplicate 'spec' statement", "first defined at t.ccsl:1:1" },
	{ "spec \"x\"\n", 1, 6, "expected a spec name, found string \"x\"", NULL },
	{ "instance per a\ninstance per b\n", 2, 14,
	  "conflicting 'instance per b': already per 'a'", "first defined at t.ccsl:1:14" },
	{ "instance for a\n", 1, 10, "expected 'per', found 'for'", NULL },
	{ "history full\n", 1, 9, "expected 'partial', found 'full'", NULL },
	{ "pair v:a v:b\n", 1, 10, "expected 'with', found 'v'", NULL },
	{ "pair v:* with v:b\n", 1, 8, "expected an event name, found '*'", NULL },
	{ "pair v:a with v:(\n", 1, 17, "expected an event name or '*', found '('", NULL },
	{ "register r modify v:e.f\n", 1, 12, "expected 'write' or 'read', found 'modify'", NULL },
	{ "register r write v:e\n", 1, 21, "expected '.' and a field name, found end of line",
	  NULL },
	{ REG REG, 2, 23, "duplicate source for register 'status'", NULL },
	{ "default reset on a\n", 1, 9, "expected 'restart', found 'reset'", NULL },
	{ "include foo\n", 1, 9, "expected \"PATH\" or <NAME>, found 'foo'", NULL },
	{ "include <no_such_spec>\n", 1, 10, "unknown built-in spec '<no_such_spec>'", NULL },
	{ "include \"no/such/file.ccsl\"\n", 1, 9,
	  "cannot read 'no/such/file.ccsl': No such file or directory", NULL },
	/* names */
	{ "clock on = v:a\n", 1, 7, "'on' is a reserved word and cannot name a clock", NULL },
	{ "const max = 1\n", 1, 7, "'max' is a reserved word and cannot name a constant", NULL },
	{ CLK "clock a = v:c\n", 3, 7, "duplicate clock 'a'", "first defined at t.ccsl:1:7" },
	{ "const A = 1\nconst A = 2\n", 2, 7, "duplicate constant 'A'",
	  "first defined at t.ccsl:1:7" },
	{ "const A = 1\nclock A = v:a\n", 2, 7, "'A' is already defined as a constant",
	  "first defined at t.ccsl:1:7" },
	{ REG "clock status = v:a\n", 2, 7, "'status' is already defined as a register",
	  "first defined at t.ccsl:1:10" },
	{ CLK "register a write v:e.f\n", 3, 10, "'a' is already defined as a clock",
	  "first defined at t.ccsl:1:7" },
	{ CLK "rule r: a < b\nrule r: b < a\n", 4, 6, "duplicate rule 'r'",
	  "first defined at t.ccsl:3:6" },
	/* constant expressions and numbers */
	{ "const FEATURES_OK = 8\nconst X = FEATURE_OK\n", 2, 11, "unknown constant 'FEATURE_OK'",
	  "did you mean 'FEATURES_OK'?" },
	{ CLK "clock c = a $ b\n", 3, 15, "expected a number, found clock 'b'", NULL },
	{ REG "clock c = rises(status, \"x\")\n", 2, 25, "expected a number, found string \"x\"",
	  NULL },
	{ "const A = 1 +\n", 1, 14, "expected a number, found end of line", NULL },
	{ "const A = 0xffffffffffffffff + 1\n", 1, 30, "constant expression overflows 64 bits",
	  NULL },
	{ "const A = 1 << 64\n", 1, 16, "shift count 64 is out of range (0 to 63)", NULL },
	{ "const A = (1\n", 1, 13, "expected ')', found end of line", NULL },
	{ CLK "rule r: a < b init 0x8000000000000000\n", 3, 20,
	  "value 9223372036854775808 is too large", NULL },
	{ CLK "clock c = wait(a, 0)\n", 3, 19, "the count of wait() must be at least 1", NULL },
	{ CLK "clock c = periodic(a, 0)\n", 3, 23, "the period of periodic() must be at least 1",
	  NULL },
	{ CLK "clock c = a $ 0 on b\n", 3, 15, "the delay of '$ k on' must be at least 1", NULL },
	/* sources and filters */
	{ "clock c = rises(status, 1)\n", 1, 17, "unknown register 'status'", NULL },
	{ REG "clock c = rises(stat, 1)\n", 2, 17, "unknown register 'stat'",
	  "did you mean 'status'?" },
	{ REG "clock c = v:e[@statu == 1]\n", 2, 16, "unknown register 'statu'",
	  "did you mean 'status'?" },
	{ CLK "clock c = v:e[@a]\n", 3, 16, "expected a register, found clock 'a'", NULL },
	{ "const A = 1\nclock c = clears(A, 1)\n", 2, 18, "expected a register, found constant 'A'",
	  NULL },
	{ "clock c = v:e[name > \"x\"]\n", 1, 22,
	  "a string can only be compared with == or !=", NULL },
	{ "clock c = v:e[\"x\"]\n", 1, 15, "a string can only be compared with == or !=", NULL },
	{ "clock c = v:e[!\"x\"]\n", 1, 16, "a string can only be compared with == or !=", NULL },
	{ "clock c = v:e[a &&]\n", 1, 19,
	  "expected a field, @register, number or string, found ']'", NULL },
	{ "clock c = v:e[a == 1\n", 1, 21, "expected ']', found end of line", NULL },
	{ "clock c = v:e,\n", 1, 15,
	  "expected an event (system:event) or rises(), clears(), writes(), found end of line",
	  NULL },
	{ "clock c = v:e\n[x]\n", 2, 1, "expected a statement, found '['", NULL },
	/* expressions */
	{ CLK "clock c = a + 3\n", 3, 15, "expected a clock, found number '3'", NULL },
	{ CLK "clock c = a + \"x\"\n", 3, 15, "expected a clock, found string \"x\"", NULL },
	{ CLK "clock c = a +\n", 3, 14, "expected a clock, found end of line", NULL },
	{ CLK "clock c = a + v:e\n", 3, 15, "an event cannot be used in a clock expression",
	  "define a clock for it: clock NAME = system:event" },
	{ REG CLK "clock c = a + rises(status, 1)\n", 4, 15,
	  "rises() makes a bound clock and cannot be part of an expression", NULL },
	{ CLK "clock c = infx(a, b)\n", 3, 11, "unknown function 'infx'", "did you mean 'inf'?" },
	{ CLK "clock c = inf(a)\n", 3, 11, "inf() needs at least two clocks", NULL },
	{ CLK "clock c = sup(a b)\n", 3, 17, "expected ',' or ')', found 'b'", NULL },
	{ CLK "clock c = wait(a)\n", 3, 17, "expected ',', found ')'", NULL },
	{ CLK "clock c = a filtered by 012\n", 3, 25,
	  "invalid binary word '012': only 0 and 1 are allowed", NULL },
	{ CLK "clock c = a filtered by 1(2)\n", 3, 27,
	  "invalid binary word '2': only 0 and 1 are allowed", NULL },
	{ CLK "clock c = a filtered by\n", 3, 24,
	  "expected a binary word such as 1(0), found end of line", NULL },
	{ CLK "clock c = a filtered b\n", 3, 22, "expected 'by', found 'b'", NULL },
	{ CLK "clock c = a strictly on b\n", 3, 22, "expected 'sampled', found 'on'", NULL },
	{ CLK "clock c = (a + b\n", 3, 17, "expected ')', found end of line", NULL },
	{ CLK "clock c = a b\n", 3, 13, "expected end of line, found 'b'", NULL },
	{ CLK "clock c = a restart b\n", 3, 21, "expected 'on', found 'b'", NULL },
	{ "clock c v:e\n", 1, 9, "expected '=', found 'v'", NULL },
	/* relations */
	{ CLK "rule r a < b\n", 3, 8, "expected ':', found 'a'", NULL },
	{ CLK "rule r: a\n", 3, 10,
	  "expected a relation ('<', '<=', '==', '#', '~' or 'sub'), found end of line", NULL },
	{ CLK "rule r: a < b < a\n", 3, 15, "'<' relates exactly two clocks",
	  "write one rule per relation" },
	{ CLK "rule r: a ~ b weak ~ a\n", 3, 20, "'~' relates exactly two clocks",
	  "write one rule per relation" },
	{ CLK "rule r: a < b init 1 init 2\n", 3, 22, "duplicate 'init'", NULL },
	{ CLK "rule r: a < b init 3 max 2\n", 3, 26, "max 2 is smaller than init 3", NULL },
	{ CLK "rule r: a sub b init 1\n", 3, 17, "expected end of line, found 'init'", NULL },
	{ CLK "rule r: forbid a ]b, b[\n", 3, 18, "expected 'in', found ']'", NULL },
	{ CLK "rule r: allow a\n", 3, 16, "expected 'in', found end of line", NULL },
	{ "clock a = v:e[" "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!x]\n", 1,
	  79, "expression nested too deeply (more than 64 levels)", NULL },
	{ "clock a = v:e[dev ~ 3]\n", 1, 21, "'~' matches a field against a string pattern",
	  "write the pattern as a string: field ~ \"virtio*\"" },
	{ "register r write v:e.f\nregister r bits NOPE\n", 2, 17, "'NOPE' is not a constant",
	  NULL },
	{ "name devid 5 balloon\n", 1, 14, "expected the name as a string, found 'balloon'", NULL },
	{ CLK "rule r: forbid a in (b, b[\n", 3, 21, "expected '[' or ']', found '('", NULL },
	{ CLK "rule r: forbid a in ]b, b, a[\n", 3, 26, "a window has exactly two ends", NULL },
	{ CLK "rule r: forbid a in ]b, b)\n", 3, 26, "expected ']' or '[', found ')'", NULL },
	{ CLK "rule r: allow a in ]b b[\n", 3, 23, "expected ',', found 'b'", NULL },
	/* names resolved after reading: clocks */
	{ "clock driver_ok = v:a\nrule r: driver_okk sub driver_ok\n", 2, 9,
	  "unknown clock 'driver_okk'", "did you mean 'driver_ok'?" },
	{ CLK "rule r: a sub zzz\n", 3, 15, "unknown clock 'zzz'", NULL },
	{ "const A = 1\n" CLK "rule r: a sub A\n", 4, 15, "expected a clock, found constant 'A'",
	  NULL },
	{ REG CLK "rule r: status sub a\n", 4, 9, "expected a clock, found register 'status'",
	  NULL },
	{ CLK "rule r: a < b\n\trestart on rst\n", 4, 13, "unknown clock 'rst'", NULL },
	{ CLK "default restart on b_\nrule r: a < b\n", 3, 20, "unknown clock 'b_'",
	  "did you mean 'b'?" },
	{ CLK "clock c = a restart on d\nrule r: c sub c\n", 3, 24, "unknown clock 'd'", NULL },
	/* cycles: reported where the cycle closes */
	{ CLK "clock x = a + y\nclock y = x $ 1\nrule r: x sub y\n", 4, 11,
	  "clock 'x' depends on itself: x -> y -> x", NULL },
	{ CLK "clock x = x $ 1\nrule r: x sub x\n", 3, 11, "clock 'x' depends on itself: x -> x",
	  NULL },
	{ CLK "clock x = a restart on y\nclock y = b + x\nrule r: x sub y\n", 4, 15,
	  "clock 'x' depends on itself: x -> y -> x", NULL },
	{ CLK "clock x = a + y\nclock y = inf(b, z)\nclock z = x sampled on b\nrule r: x sub y\n",
	  5, 11, "clock 'x' depends on itself: x -> y -> z -> x", NULL },
};

/* assert_diag - diagnostic i is an error with this text, place and hint */
static void assert_diag(int i, const char *file, int line, int col, const char *message,
			const char *hint)
{
	const struct spec_diag *d;

	ck_assert_int_gt(diags.n, i);
	d = &diags.items[i];
	ck_assert_str_eq(d->message, message);
	ck_assert_int_eq(d->level, SPEC_DIAG_ERROR);
	ck_assert_str_eq(d->loc.file, file);
	ck_assert_int_eq(d->loc.line, line);
	ck_assert_int_eq(d->loc.col, col);
	if (hint)
		ck_assert_str_eq(d->hint ? d->hint : "(none)", hint);
	else
		ck_assert_ptr_null(d->hint);
}

START_TEST(test_diagnostic)
{
	const struct diag_case *c = &diag_cases[_i];

	ck_assert_ptr_null(parse(c->text));
	ck_assert_int_eq(diags.nerrors, 1);
	ck_assert_int_eq(diags.n, 1);
	assert_diag(0, "t.ccsl", c->line, c->col, c->message, c->hint);
}
END_TEST

START_TEST(test_unused_warning)
{
	parse("clock a = v:a\nclock b = v:b\nclock c = v:c\nrule r: a sub b\n");
	ck_assert_ptr_nonnull(spec);
	ck_assert_int_eq(diags.n, 1);
	ck_assert_int_eq(diags.nerrors, 0);
	ck_assert_int_eq(diags.items[0].level, SPEC_DIAG_WARNING);
	ck_assert_str_eq(diags.items[0].message, "clock 'c' is never used");
	ck_assert_int_eq(diags.items[0].loc.line, 3);
	ck_assert_int_eq(diags.items[0].loc.col, 7);
	ck_assert_ptr_null(diags.items[0].hint);
}
END_TEST

START_TEST(test_several_errors)
{
	/* one error per line; the line after an error is parsed normally */
	parse("clok a = v:a\n"
	      "clock a = v:a\n"
	      "const B = 1 +\n"
	      "rule r: a < nope\n"
	      "\tmessage \"fine\"\n"
	      "\tseverity maybe\n");
	ck_assert_ptr_null(spec);
	ck_assert_int_eq(diags.n, 4);
	assert_diag(0, "t.ccsl", 1, 1, "unknown statement 'clok'", "did you mean 'clock'?");
	assert_diag(1, "t.ccsl", 3, 14, "expected a number, found end of line", NULL);
	assert_diag(2, "t.ccsl", 6, 11, "expected 'error' or 'warning', found 'maybe'", NULL);
	assert_diag(3, "t.ccsl", 4, 13, "unknown clock 'nope'", NULL);
}
END_TEST

START_TEST(test_no_cascades)
{
	/* a clock, constant or register whose line failed is not "unknown" later */
	parse("clock a = v:a +\n"
	      "const K = (1\n"
	      "register r write v:e\n"
	      "clock b = a $ K\n"
	      "clock c = rises(r, 1)\n"
	      "rule x: a sub a\n"
	      "rule bad: a <\n"
	      "\tmessage \"belongs to the bad rule\"\n");
	ck_assert_ptr_null(spec);
	ck_assert_int_eq(diags.n, 4);
	ck_assert_int_eq(diags.items[0].loc.line, 1);
	ck_assert_int_eq(diags.items[1].loc.line, 2);
	ck_assert_int_eq(diags.items[2].loc.line, 3);
	ck_assert_int_eq(diags.items[3].loc.line, 7);
}
END_TEST

START_TEST(test_error_cap)
{
	char text[2048] = "";

	for (int i = 0; i < 30; i++)
		strcat(text, "clok a\n");
	parse(text);
	ck_assert_ptr_null(spec);
	ck_assert_int_eq(diags.nerrors, 20);
	ck_assert_int_eq(diags.items[19].loc.line, 20);
}
END_TEST

START_TEST(test_print)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	parse("clock driver_ok = v:a\nrule r:\tdriver_okk < driver_ok\n\t\n");
	ck_assert_ptr_nonnull(f);
	spec_diags_print(&diags, f);
	fclose(f);
	ck_assert_str_eq(out, "t.ccsl:2:9: error: unknown clock 'driver_okk'\n"
			      "rule r:\tdriver_okk < driver_ok\n"
			      "       \t^\n"
			      "hint: did you mean 'driver_ok'?\n");
	free(out);

	parse("clock a = v:a\nclock b = v:b\nrule r: a sub b\nclock unused_one = v:c\n");
	f = open_memstream(&out, &len);
	spec_diags_print(&diags, f);
	fclose(f);
	ck_assert_str_eq(out, "t.ccsl:4:7: warning: clock 'unused_one' is never used\n"
			      "clock unused_one = v:c\n"
			      "      ^\n");
	free(out);

	/* an error at the end of a line: the caret just after it */
	parse("const A =\n");
	f = open_memstream(&out, &len);
	spec_diags_print(&diags, f);
	fclose(f);
	ck_assert_str_eq(out, "t.ccsl:1:10: error: expected a number, found end of line\n"
			      "const A =\n"
			      "         ^\n");
	free(out);

	/* a long line: 100 characters of it around the caret, "..." where it was cut */
	{
		char text[400], want[400];

		snprintf(text, sizeof(text), "const A = %0200d ?\n", 1);
		parse(text);
		f = open_memstream(&out, &len);
		spec_diags_print(&diags, f);
		fclose(f);
		snprintf(want, sizeof(want), "t.ccsl:1:212: error: unexpected character '?'\n"
			 "...%057d1 ?\n%63s\n", 0, "^");
		ck_assert_str_eq(out, want);
		free(out);
	}
}
END_TEST

START_TEST(test_diag_api)
{
	struct spec_loc loc = { "x.ccsl", 0, 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	reset();
	spec_diag_add(&diags, SPEC_DIAG_WARNING, &loc, NULL, NULL, "whole file %d", 1);
	loc.line = 3;
	loc.col = 2;
	spec_diag_add(&diags, SPEC_DIAG_ERROR, &loc, "ab", "try %d", "field %s", "x");
	ck_assert_int_eq(diags.n, 2);
	ck_assert_int_eq(diags.nerrors, 1);
	f = open_memstream(&out, &len);
	spec_diags_print(&diags, f);
	fclose(f);
	ck_assert_str_eq(out, "x.ccsl: warning: whole file 1\n"
			      "x.ccsl:3:2: error: field x\n"
			      "ab\n"
			      " ^\n"
			      "hint: try %d\n");
	free(out);
	reset();
	ck_assert_ptr_null(spec_parse_file("/nonexistent/x.ccsl", &diags));
	ck_assert_int_eq(diags.n, 1);
	ck_assert_str_eq(diags.items[0].message,
			 "cannot read '/nonexistent/x.ccsl': No such file or directory");
	ck_assert_int_eq(diags.items[0].loc.line, 0);
}
END_TEST

START_TEST(test_suggest)
{
	const char *const names[] = { "driver", "driver_ok", "features_ok", "reset", NULL };

	ck_assert_str_eq(spec_suggest("driver_okk", names, 5), "driver_ok");
	ck_assert_str_eq(spec_suggest("drvier", names, 5), "driver"); /* a swap costs 1 */
	ck_assert_str_eq(spec_suggest("rest", names, 5), "reset");
	ck_assert_str_eq(spec_suggest("feature_okk", names, 5), "features_ok");
	ck_assert_ptr_null(spec_suggest("feat", names, 5));
	/* the name itself is no suggestion */
	ck_assert_ptr_null(spec_suggest("driver", (const char *const[]){ "driver" }, 1));
	ck_assert_ptr_null(spec_suggest("x", (const char *const[]){ "y" }, 1));
	ck_assert_ptr_null(spec_suggest("abc", names, 0));
}
END_TEST

/* ---- includes, with files in a temporary directory ---- */

static char tmpdir[64];

/* write_file - a file in the temporary directory; returns its path (static buffer) */
static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* parse_path - parse a file of the temporary directory */
static struct spec *parse_path(const char *name)
{
	char path[256];

	reset();
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	spec = spec_parse_file(path, &diags);
	return spec;
}

/* in_tmp - a path in the temporary directory (static buffer) */
static const char *in_tmp(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/test_spec.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(mkdir(in_tmp("sub"), 0700), 0);
}

static void remove_tmpdir(void)
{
	char cmd[128];

	reset();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

START_TEST(test_include)
{
	write_file("sub/common.ccsl", "spec common\n"
				      "const ACK = 1\n"
				      "register status write v:w.s\n"
				      "clock ack = rises(status, ACK)\n"
				      "clock lib_only = v:x\n"
				      "default restart on ack\n"
				      "include \"more.ccsl\"\n");
	write_file("sub/more.ccsl", "clock drv = v:d\n");
	write_file("top.ccsl", "include \"sub/common.ccsl\"\n"
			       "include \"sub/more.ccsl\"\n"
			       "clock both = ack + drv\n"
			       "rule r: ack < both\n");
	parse_path("top.ccsl");
	ck_assert_int_eq(diags.n, 0);	/* no warning for the library's unused clock */
	ck_assert_ptr_nonnull(spec);
	ck_assert_str_eq(spec->name, "top");	/* an included file's spec line is ignored */
	ck_assert_int_eq(spec->nfiles, 3);
	ck_assert_str_eq(spec->files[0], in_tmp("top.ccsl"));
	ck_assert_str_eq(spec->files[1], in_tmp("sub/common.ccsl"));
	ck_assert_str_eq(spec->files[2], in_tmp("sub/more.ccsl"));
	ck_assert_int_eq(spec->nclocks, 4);
	ck_assert_str_eq(clock("drv")->loc.file, in_tmp("sub/more.ccsl"));
	ck_assert_int_eq(clock("ack")->loc.line, 4);
	ck_assert_uint_eq(clock("ack")->sources[0].value, 1);
	ck_assert_ptr_null(spec->rules[0].restart); /* the default stays in common.ccsl */
	ck_assert_str_eq(spec_line_text(spec, &clock("ack")->loc),
			 "clock ack = rises(status, ACK)");
}
END_TEST

START_TEST(test_include_errors)
{
	write_file("a.ccsl", "clock a = v:a\ninclude \"b.ccsl\"\n");
	write_file("b.ccsl", "\n\ninclude \"a.ccsl\"\n");
	ck_assert_ptr_null(parse_path("a.ccsl"));
	ck_assert_int_eq(diags.n, 1);
	{
		char msg[1024];

		snprintf(msg, sizeof(msg), "include cycle: %s/a.ccsl -> %s/b.ccsl -> %s/a.ccsl",
			 tmpdir, tmpdir, tmpdir);
		assert_diag(0, in_tmp("b.ccsl"), 3, 9, msg, NULL);
	}
	write_file("self.ccsl", "include \"self.ccsl\"\n");
	ck_assert_ptr_null(parse_path("self.ccsl"));
	ck_assert_int_eq(diags.n, 1);

	/* errors inside an included file name that file and show its line */
	write_file("bad.ccsl", "const A = 1\nconst B = A +\n");
	write_file("uses-bad.ccsl", "include \"bad.ccsl\"\nclock c = v:c\nrule r: c sub cc\n");
	ck_assert_ptr_null(parse_path("uses-bad.ccsl"));
	ck_assert_int_eq(diags.n, 2);
	assert_diag(0, in_tmp("bad.ccsl"), 2, 14, "expected a number, found end of line", NULL);
	ck_assert_str_eq(diags.items[0].line_text, "const B = A +");
	assert_diag(1, in_tmp("uses-bad.ccsl"), 3, 15, "unknown clock 'cc'", "did you mean 'c'?");

	/* attributes do not continue across an include */
	write_file("empty.ccsl", "# nothing\n");
	write_file("attr.ccsl", "clock a = v:a\nrule r: a sub a\ninclude \"empty.ccsl\"\n"
				"\tmessage \"m\"\n");
	ck_assert_ptr_null(parse_path("attr.ccsl"));
	assert_diag(0, in_tmp("attr.ccsl"), 4, 2, "attribute outside a rule",
		    "attribute lines follow the 'rule' line they belong to");
}
END_TEST

START_TEST(test_include_depth)
{
	char name[32], text[64];

	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "d%d.ccsl", i);
		snprintf(text, sizeof(text), "include \"d%d.ccsl\"\n", i + 1);
		write_file(name, text);
	}
	write_file("d40.ccsl", "\n");
	ck_assert_ptr_null(parse_path("d0.ccsl"));
	ck_assert_int_eq(diags.n, 1);
	assert_diag(0, in_tmp("d31.ccsl"), 1, 9, "includes nested more than 32 deep", NULL);
}
END_TEST

/* ---- robustness: every prefix of the example specs ---- */

static const char *const examples[] = {
	"specs/examples/common.ccsl",
	"specs/examples/init-order.ccsl",
	"specs/examples/balloon.ccsl",
};

/* read_all - a whole file, malloc'd */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

START_TEST(test_examples)
{
	reset();
	spec = spec_parse_file(examples[_i], &diags);
	ck_assert_msg(spec, "%s does not parse", examples[_i]);
	/* common.ccsl alone uses none of its clocks: warnings only */
	ck_assert_int_eq(diags.nerrors, 0);
	if (_i)
		ck_assert_int_eq(diags.n, 0);
}
END_TEST

START_TEST(test_prefixes)
{
	size_t len;
	char *text = read_all(examples[_i], &len);

	for (size_t n = 0; n <= len; n++) {
		reset();
		spec = spec_parse_string(examples[_i], text, n, &diags);
		if (spec)
			ck_assert_int_eq(diags.nerrors, 0);
		else
			ck_assert_int_gt(diags.nerrors, 0);
	}
	free(text);
}
END_TEST

/* ---- bounds: hostile specs cost work in proportion to their size ---- */

/* osa - the optimal string alignment distance in full (the definition, for test_suggest_band) */
static int osa(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), d[16][16];

	for (int i = 0; i <= la; i++)
		for (int j = 0; j <= lb; j++) {
			int v = i + j;

			if (i && j) {
				v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
				if (d[i - 1][j] + 1 < v)
					v = d[i - 1][j] + 1;
				if (d[i][j - 1] + 1 < v)
					v = d[i][j - 1] + 1;
				if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				    d[i - 2][j - 2] + 1 < v)
					v = d[i - 2][j - 2] + 1;
			}
			d[i][j] = v;
		}
	return d[la][lb];
}

START_TEST(test_suggest_band)
{
	/*
	 * spec_suggest computes distances only near the diagonal (long names
	 * cost their length, not its square): it must pick what the full
	 * definition picks, the first candidate at the least distance <= 2 and
	 * below the name's length.
	 */
	unsigned int seed = 12345;
	char names[8][16], name[16];
	const char *cands[8];

	for (int round = 0; round < 20000; round++) {
		const char *want = NULL;
		int best = 3, len;

		for (int c = 0; c < 9; c++) {
			char *s = c < 8 ? names[c] : name;
			int l = (int)(rand_r(&seed) % 9);

			for (int i = 0; i < l; i++)
				s[i] = (char)('a' + rand_r(&seed) % 3);
			s[l] = 0;
			if (c < 8)
				cands[c] = s;
		}
		len = (int)strlen(name);
		for (int c = 0; c < 8; c++) {
			int d = osa(name, cands[c]);

			if (strcmp(cands[c], name) && d < best && d < len) {
				best = d;
				want = cands[c];
			}
		}
		if (want)
			ck_assert_ptr_eq(spec_suggest(name, cands, 8), want);
		else
			ck_assert_ptr_null(spec_suggest(name, cands, 8));
	}
}
END_TEST

/* chain - head, then n copies of link, then tail: a malloc'd string */
static char *chain(const char *head, const char *link, int n, const char *tail)
{
	size_t lh = strlen(head), ll = strlen(link), lt = strlen(tail);
	char *text = malloc(lh + (size_t)n * ll + lt + 1), *o = text;

	ck_assert_ptr_nonnull(text);
	memcpy(o, head, lh);
	o += lh;
	for (int i = 0; i < n; i++, o += ll)
		memcpy(o, link, ll);
	memcpy(o, tail, lt + 1);
	return text;
}

/* parse_chain - parse a chain (see chain()) and free its text */
static struct spec *parse_chain(const char *head, const char *link, int n, const char *tail)
{
	char *text = chain(head, link, n, tail);

	parse(text);
	free(text);
	return spec;
}

/* assert_too_deep - the one error is "too deep", at line:col, about what */
static void assert_too_deep(int line, int col, const char *what)
{
	char msg[96];

	ck_assert_ptr_null(spec);
	ck_assert_int_eq(diags.nerrors, 1);
	snprintf(msg, sizeof(msg), "%s too deep: more than 1000 levels of operators", what);
	assert_diag(0, "t.ccsl", line, col, msg, "name a part of it with a clock of its own");
}

START_TEST(test_depth_limit)
{
	/* 1000 levels of operators are fine; the 1001st operator is the error (col 4k + 9) */
	ck_assert_ptr_nonnull(parse_chain("clock a = v:a\nclock b = a", " $ 1", 1000,
					  "\nrule r: a < b\n"));
	ck_assert_int_eq(diags.nerrors, 0);
	parse_chain("clock a = v:a\nclock b = a", " $ 1", 1001, "\nrule r: a < b\n");
	assert_too_deep(2, 4013, "expression");
	/* 20,000 links overflowed the stack of whatever walked them (exit 139) */
	parse_chain("clock a = v:a\nclock b = a", " $ 1", 20000, "\nrule r: a < b\n");
	assert_too_deep(2, 4013, "expression");
	parse_chain("clock a = v:a\nclock b = a", " - a", 20000, "\nrule r: a < b\n");
	assert_too_deep(2, 4013, "expression");
	/* in a rule, and a chain of postfix operators of all kinds */
	parse_chain("clock a = v:a\nrule r: a < a", " upto a sampled on a $ 2 filtered by 1(0)",
		    400, "\n");
	assert_too_deep(2, 13 + 41 * 250 + 2, "expression");	/* the 251st upto */
	/* filters: x || x || ... (col 5k + 12 of the k-th ||) */
	ck_assert_ptr_nonnull(parse_chain("clock a = v:e[x", " || x", 1000, "]\nrule r: forbid a\n"));
	parse_chain("clock a = v:e[x", " || x", 1001, "]\nrule r: forbid a\n");
	assert_too_deep(1, 5017, "filter");
	parse_chain("clock a = v:e[x", " && x", 100000, "]\nrule r: forbid a\n");
	assert_too_deep(1, 5017, "filter");
}
END_TEST

/* assert_order - spec->order has every clock once, each after the clocks it names */
static void assert_order(void)
{
	int *pos = calloc((size_t)spec->nclocks + 1, sizeof(int));

	ck_assert_ptr_nonnull(pos);
	ck_assert_int_eq(spec->norder, spec->nclocks);
	for (int i = 0; i < spec->nclocks; i++)
		pos[i] = -1;
	for (int k = 0; k < spec->norder; k++) {
		ck_assert_int_eq(pos[spec->order[k]], -1);
		pos[spec->order[k]] = k;
	}
	for (int i = 0; i < spec->nclocks; i++) {
		const struct spec_clock *c = &spec->clocks[i];
		const struct spec_clock *dep = NULL;

		if (c->expr && c->expr->nargs && c->expr->args[0]->op == SPEC_E_REF)
			dep = spec_find_clock(spec, c->expr->args[0]->name);
		if (dep)
			ck_assert_int_lt(pos[dep - spec->clocks], pos[i]);
		if (c->restart)
			ck_assert_int_lt(pos[spec_find_clock(spec, c->restart) - spec->clocks], pos[i]);
	}
	free(pos);
}

START_TEST(test_clock_order)
{
	static const char *const want[] = { "a", "y", "z", "x" };

	/* clocks may name clocks defined later: the order puts those first */
	parse_ok("clock x = y $ 1 restart on z\nclock y = a $ 2\nclock z = a $ 3\n"
		 "clock a = v:a\nrule r: x < a\n");
	assert_order();
	for (int k = 0; k < 4; k++)
		ck_assert_str_eq(spec->clocks[spec->order[k]].name, want[k]);
	/* without forward references, the order of the file */
	parse_ok(CLK "clock c = a $ 1\nclock d = c $ 1\nrule r: d < b\n");
	for (int k = 0; k < spec->norder; k++)
		ck_assert_int_eq(spec->order[k], k);
}
END_TEST

START_TEST(test_clock_chain)
{
	/*
	 * 200,000 clocks, each the previous one delayed, written last to first:
	 * a walk that recursed through references overflowed the stack.
	 */
	int n = 200000;
	char *text = malloc((size_t)n * 40 + 64), *o = text;

	ck_assert_ptr_nonnull(text);
	for (int i = n - 1; i > 0; i--)
		o += sprintf(o, "clock c%d = c%d $ 1\n", i, i - 1);
	sprintf(o, "clock c0 = v:e\nrule r: c0 < c%d\n", n - 1);
	parse_ok(text);
	free(text);
	ck_assert_int_eq(spec->nclocks, n);
	assert_order();
	ck_assert_str_eq(spec->clocks[spec->order[0]].name, "c0");
}
END_TEST

/* spec_suite - every test of the spec language */
static Suite *spec_suite(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("parse");
	TCase *td = tcase_create("diagnostics");
	TCase *ti = tcase_create("include");
	TCase *tr = tcase_create("robustness");
	TCase *tb = tcase_create("bounds");
	int ndiag = (int)(sizeof(diag_cases) / sizeof(diag_cases[0]));
	int nex = (int)(sizeof(examples) / sizeof(examples[0]));

	tcase_add_checked_fixture(tc, NULL, reset);
	tcase_add_test(tc, test_spec_name);
	tcase_add_test(tc, test_consts);
	tcase_add_test(tc, test_instance_history_pairs);
	tcase_add_test(tc, test_registers);
	tcase_add_test(tc, test_report_decoding);
	tcase_add_test(tc, test_forbid_never_and_glob);
	tcase_add_test(tc, test_bound_clocks);
	tcase_add_test(tc, test_list_clocks);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_expr_precedence);
	tcase_add_test(tc, test_expr_postfix);
	tcase_add_test(tc, test_expr_functions);
	tcase_add_test(tc, test_relations);
	tcase_add_test(tc, test_rule_text);
	tcase_add_test(tc, test_attributes);
	tcase_add_test(tc, test_registers_seen_per_subject);
	tcase_add_test(tc, test_default_restart);
	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_used);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(td, NULL, reset);
	tcase_add_loop_test(td, test_diagnostic, 0, ndiag);
	tcase_add_test(td, test_unused_warning);
	tcase_add_test(td, test_several_errors);
	tcase_add_test(td, test_no_cascades);
	tcase_add_test(td, test_error_cap);
	tcase_add_test(td, test_print);
	tcase_add_test(td, test_diag_api);
	tcase_add_test(td, test_suggest);
	suite_add_tcase(s, td);

	tcase_add_checked_fixture(ti, make_tmpdir, remove_tmpdir);
	tcase_add_test(ti, test_include);
	tcase_add_test(ti, test_include_errors);
	tcase_add_test(ti, test_include_depth);
	suite_add_tcase(s, ti);

	tcase_add_checked_fixture(tr, NULL, reset);
	tcase_add_loop_test(tr, test_examples, 0, nex);
	tcase_add_loop_test(tr, test_prefixes, 0, nex);
	tcase_set_timeout(tr, 60);
	suite_add_tcase(s, tr);

	tcase_add_checked_fixture(tb, NULL, reset);
	tcase_add_test(tb, test_suggest_band);
	tcase_add_test(tb, test_depth_limit);
	tcase_add_test(tb, test_clock_order);
	tcase_add_test(tb, test_clock_chain);
	tcase_set_timeout(tb, 60);
	suite_add_tcase(s, tb);
	return s;
}

UNIT_MAIN(spec_suite)
