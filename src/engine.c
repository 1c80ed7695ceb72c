// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine.c - the CCSL engine model (clocks, derived clocks, relations), its
 * finalization into an evaluation order, and the monitors that run the step
 * loop: every ccsl_model_* and ccsl_monitor_* function of engine.h.
 *
 * The kinds themselves are rows of the tables of engine_expr.c and
 * engine_rel.c, found with eng_expr_ops_of()/eng_rel_ops_of() over the types
 * of engine_model.h. The model and the monitors are this file's own: the
 * tables never see them. A monitor is one allocation: the relation states,
 * then the expression states at offsets fixed by finalize, so a step
 * allocates nothing. Called by the checker, tests and benchmarks (engine.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "engine_model.h"

/* The model: clocks, relations, and after finalize the evaluation order. */
struct ccsl_model {
	struct eng_clock *clocks;
	int nclocks;
	int cap_clocks;
	struct eng_rel *rels;
	int nrels;
	int cap_rels;
	bool final;
	int words;		/* uint64_t words of a tick set */
	int *order;		/* derived clocks in dependency order */
	int norder;
	size_t arena_size;	/* bytes of expression state per monitor */
	/*
	 * After finalize, the clocks whose tick can change something: mask i
	 * < nrels holds relation i's arguments and restart clock, mask nrels + j
	 * those of the j-th derived clock in evaluation order. Nothing happens
	 * to a relation or derived clock none of whose clocks tick. A mask is
	 * kept as the words of a tick set its clocks fall in (mask_words from
	 * mask_first[i] to mask_first[i + 1]), a few each: a model of n clocks
	 * costs memory in proportion to n, where whole tick sets cost n^2 / 64
	 * words (1.3 GB for 100,000 clocks).
	 */
	struct mask_word *mask_words;
	int *mask_first;	/* nrels + norder + 1 */
	uint64_t *mask0;	/* word 0 of each mask, packed: the one-word models' fast path */
	/*
	 * With <= 64 clocks and <= 64 relations: per clock, the set of
	 * relations it can change, so a step visits only those (NULL otherwise).
	 */
	uint64_t *clock_rels;
};

/* One word of a mask: the bits of the clocks 64 * word to 64 * word + 63 it holds. */
struct mask_word {
	int word;
	uint64_t bits;
};

struct ccsl_monitor {
	const struct ccsl_model *m;
	uint64_t steps;
	unsigned char *arena;		/* expression states */
	unsigned char *flags;		/* per relation: REL_UNKNOWN, REL_JUDGED_UNKNOWN */
	struct eng_rel_state before;	/* the stepping relation's state, for an explanation */
	struct eng_rel_state rs[];	/* one per relation */
};

/* Per-relation flags of a monitor. */
#define REL_UNKNOWN 0x1		/* its state is still every state an unknown past allows */
#define REL_JUDGED_UNKNOWN 0x2	/* it was checked while REL_UNKNOWN */

/* Maybe-clocks enumerated at most per step (2^MAX_MAYBE trial steps). */
#define MAX_MAYBE 4

/* ccsl_model_new - an empty model */
struct ccsl_model *ccsl_model_new(void)
{
	return calloc(1, sizeof(struct ccsl_model));
}

/* ccsl_model_free - free a model (its monitors must be freed first) */
void ccsl_model_free(struct ccsl_model *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nclocks; i++) {
		free(m->clocks[i].name);
		free(m->clocks[i].args);
		free(m->clocks[i].word);
	}
	for (int i = 0; i < m->nrels; i++)
		free(m->rels[i].args);
	free(m->clocks);
	free(m->rels);
	free(m->order);
	free(m->mask_words);
	free(m->mask_first);
	free(m->mask0);
	free(m->clock_rels);
	free(m);
}

/* grow - make room for one more element in an array of cap elements of size sz */
static bool grow(void **arr, int *cap, int n, size_t sz)
{
	int ncap;
	void *p;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, (size_t)ncap * sz);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

/*
 * new_clock - append a clock named name (copied) into *out: 0, -1 when full (or the
 * model is final, or no name), CCSL_NOMEM when out of memory
 */
static int new_clock(struct ccsl_model *m, const char *name, struct eng_clock **out)
{
	struct eng_clock *c;

	*out = NULL;
	if (!m || m->final || !name || m->nclocks >= ENG_MAX_CLOCKS)
		return -1;
	if (!grow((void **)&m->clocks, &m->cap_clocks, m->nclocks, sizeof(*c)))
		return CCSL_NOMEM;
	c = &m->clocks[m->nclocks];
	memset(c, 0, sizeof(*c));
	c->name = strdup(name);
	if (!c->name)
		return CCSL_NOMEM;
	c->a = c->b = c->restart = -1;
	*out = c;
	return 0;
}

/* ccsl_model_add_base - add a clock ticked by the caller; returns its index, -1, CCSL_NOMEM */
int ccsl_model_add_base(struct ccsl_model *m, const char *name)
{
	struct eng_clock *c;
	int r = new_clock(m, name, &c);

	return r ? r : m->nclocks++;
}

/* nargs_ok - whether n arguments fit a kind's [min, max] (max -1: no upper bound) */
static bool nargs_ok(int n, int min, int max)
{
	return n >= min && (max < 0 || n <= max);
}

/*
 * expr_index_ok - an expression argument or restart clock. It may name a clock
 * not yet added (specs are sets of equations, in any order): finalize checks
 * that it exists.
 */
static bool expr_index_ok(int c)
{
	return c >= 0 && c < ENG_MAX_CLOCKS;
}

/* expr_def_ok - whether a derived clock definition is complete and in range */
static bool expr_def_ok(const struct ccsl_expr_def *def, const struct eng_expr_ops *ops)
{
	if (!ops || !def->args || !nargs_ok(def->nargs, ops->min_args, ops->max_args))
		return false;
	for (int i = 0; i < def->nargs; i++)
		if (!expr_index_ok(def->args[i]))
			return false;
	if (def->restart != -1 && !expr_index_ok(def->restart))
		return false;
	return ops->valid(def);
}

/* set_word - FILTER: u v as 0/1 bytes and a final 0 byte (the letter after u without v) */
static bool set_word(struct eng_clock *c, const struct ccsl_expr_def *def)
{
	size_t lu = strlen(def->prefix), lv = def->cycle ? strlen(def->cycle) : 0, i;

	c->word = malloc(lu + lv + 1);
	if (!c->word)
		return false;
	for (i = 0; i < lu; i++)
		c->word[i] = def->prefix[i] == '1';
	for (i = 0; i < lv; i++)
		c->word[lu + i] = def->cycle[i] == '1';
	c->word[lu + lv] = 0;
	c->lu = lu;
	c->lv = lv;
	return true;
}

/* ccsl_model_add_expr - add a derived clock; its index, -1 (bad parameters), CCSL_NOMEM */
int ccsl_model_add_expr(struct ccsl_model *m, const char *name, const struct ccsl_expr_def *def)
{
	const struct eng_expr_ops *ops;
	struct eng_clock *c;
	int r;

	if (!def)
		return -1;
	ops = eng_expr_ops_of(def->kind);
	if (!expr_def_ok(def, ops))
		return -1;
	r = new_clock(m, name, &c);
	if (r)
		return r;
	c->derived = true;
	c->kind = def->kind;
	c->ops = ops;
	c->nargs = def->nargs;
	c->args = malloc((size_t)def->nargs * sizeof(int));
	if (!c->args || (def->kind == CCSL_EXPR_FILTER && !set_word(c, def))) {
		free(c->args);
		free(c->name);
		return CCSL_NOMEM;
	}
	memcpy(c->args, def->args, (size_t)def->nargs * sizeof(int));
	c->a = def->args[0];
	c->b = def->nargs > 1 ? def->args[1] : -1;
	c->k = def->k;
	c->period = def->period;
	c->offset = def->offset;
	c->restart = def->restart;
	return m->nclocks++;
}

/* rel_index_ok - a relation names clocks that exist */
static bool rel_index_ok(const struct ccsl_model *m, int c)
{
	return c >= 0 && c < m->nclocks;
}

/* rel_def_ok - whether a relation definition is complete and in range */
static bool rel_def_ok(const struct ccsl_model *m, const struct ccsl_rel_def *def,
		       const struct eng_rel_ops *ops)
{
	if (!ops || !def->args || !nargs_ok(def->nargs, ops->min_args, ops->max_args))
		return false;
	for (int i = 0; i < def->nargs; i++)
		if (!rel_index_ok(m, def->args[i]))
			return false;
	if (def->restart != -1 && !rel_index_ok(m, def->restart))
		return false;
	return ops->valid(def);
}

/* ccsl_model_add_relation - add a relation; its index, -1 (bad parameters), CCSL_NOMEM */
int ccsl_model_add_relation(struct ccsl_model *m, const struct ccsl_rel_def *def)
{
	const struct eng_rel_ops *ops;
	struct eng_rel *r;

	if (!m || m->final || !def || m->nrels >= ENG_MAX_RELATIONS)
		return -1;
	ops = eng_rel_ops_of(def->kind);
	if (!rel_def_ok(m, def, ops))
		return -1;
	if (!grow((void **)&m->rels, &m->cap_rels, m->nrels, sizeof(*r)))
		return CCSL_NOMEM;
	r = &m->rels[m->nrels];
	memset(r, 0, sizeof(*r));
	r->args = malloc((size_t)def->nargs * sizeof(int));
	if (!r->args)
		return CCSL_NOMEM;
	memcpy(r->args, def->args, (size_t)def->nargs * sizeof(int));
	r->kind = def->kind;
	r->ops = ops;
	r->nargs = def->nargs;
	/* forbid/allow x in [a, b[ take x first; the others a, b; forbid x has no window */
	if (def->kind == CCSL_REL_FORBID || def->kind == CCSL_REL_ALLOW) {
		r->x = def->args[0];
		r->a = def->nargs == 3 ? def->args[1] : -1;
		r->b = def->nargs == 3 ? def->args[2] : -1;
	} else {
		r->x = -1;
		r->a = def->args[0];
		r->b = def->args[1];
	}
	r->init = def->init;
	r->max = def->max;
	r->window = def->window;
	r->restart = def->restart;
	return m->nrels++;
}

/* clock_dep - the i-th instantaneous dependencies of a clock: its arguments and restart clock */
static int clock_dep(const struct eng_clock *c, int i)
{
	return i < c->nargs ? c->args[i] : c->restart;
}

/* clock_ndeps - how many entries clock_dep() has for c */
static int clock_ndeps(const struct eng_clock *c)
{
	if (!c->derived)
		return 0;
	return c->nargs + (c->restart >= 0);
}

/* check_refs - every clock an expression names was added */
static int check_refs(const struct ccsl_model *m, char *err, size_t errlen)
{
	for (int i = 0; i < m->nclocks; i++) {
		const struct eng_clock *c = &m->clocks[i];

		for (int j = 0; j < clock_ndeps(c); j++) {
			if (clock_dep(c, j) < m->nclocks)
				continue;
			snprintf(err, errlen, "clock %s refers to clock %d, which does not exist",
				 c->name, clock_dep(c, j));
			return -1;
		}
	}
	return 0;
}

/* next_waiting - the first dependency of c still unordered (one exists while c waits) */
static int next_waiting(const struct ccsl_model *m, const int *waiting, int c)
{
	const struct eng_clock *k = &m->clocks[c];

	for (int j = 0; j < clock_ndeps(k); j++)
		if (waiting[clock_dep(k, j)])
			return clock_dep(k, j);
	return c;
}

/*
 * report_cycle - a cycle among the derived clocks left unordered: each of them
 * still waits for a dependency that is also left, so following such
 * dependencies from any of them must come back to a clock already seen.
 */
static void report_cycle(const struct ccsl_model *m, const int *waiting, char *err, size_t errlen)
{
	bool *seen = calloc((size_t)m->nclocks, sizeof(bool));
	int c = 0, start;
	size_t o;

	while (c < m->nclocks && !waiting[c])
		c++;
	if (!seen || c == m->nclocks) {
		snprintf(err, errlen, "instantaneous cycle among derived clocks");
		free(seen);
		return;
	}
	for (; !seen[c]; c = next_waiting(m, waiting, c))
		seen[c] = true;
	start = c;
	o = (size_t)snprintf(err, errlen, "instantaneous cycle: %s", m->clocks[start].name);
	do {
		c = next_waiting(m, waiting, c);
		if (o < errlen)
			o += (size_t)snprintf(err + o, errlen - o, " -> %s", m->clocks[c].name);
	} while (c != start);
	free(seen);
}

/*
 * dependents - per derived clock d, the derived clocks that depend on it, one
 * entry per dependency, in index order: list d is items[first[d], first[d + 1])
 */
static int dependents(const struct ccsl_model *m, int **first, int **items)
{
	int n = m->nclocks, total = 0;
	int *f = calloc((size_t)n + 2, sizeof(int)), *it;

	if (!f)
		return -1;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < clock_ndeps(&m->clocks[i]); j++)
			if (m->clocks[clock_dep(&m->clocks[i], j)].derived) {
				f[clock_dep(&m->clocks[i], j) + 2]++;
				total++;
			}
	for (int d = 0; d < n; d++)
		f[d + 2] += f[d + 1];
	it = malloc(((size_t)total + 1) * sizeof(int));
	if (!it) {
		free(f);
		return -1;
	}
	/* f[d + 1] is where the next dependent of d goes; it ends as the start of d + 1 */
	for (int i = 0; i < n; i++)
		for (int j = 0; j < clock_ndeps(&m->clocks[i]); j++)
			if (m->clocks[clock_dep(&m->clocks[i], j)].derived)
				it[f[clock_dep(&m->clocks[i], j) + 1]++] = i;
	*first = f;
	*items = it;
	return 0;
}

/*
 * order_clocks - Kahn's algorithm over derived clocks: a clock is ready when
 * every derived clock it depends on is ordered. Clocks left over are on or
 * behind a cycle. waiting[c] = unordered derived dependencies of c. Linear in
 * the model: each ordered clock visits only its own dependents.
 */
static int order_clocks(struct ccsl_model *m, char *err, size_t errlen)
{
	int n = m->nclocks, head = 0, tail = 0, rc = 0;
	int *waiting = calloc((size_t)n + 1, sizeof(int));
	int *queue = malloc(((size_t)n + 1) * sizeof(int));
	int *first = NULL, *items = NULL;

	if (!waiting || !queue || dependents(m, &first, &items)) {
		snprintf(err, errlen, "out of memory");
		rc = CCSL_NOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < clock_ndeps(&m->clocks[i]); j++)
			waiting[i] += m->clocks[clock_dep(&m->clocks[i], j)].derived;
	for (int i = 0; i < n; i++)
		if (m->clocks[i].derived && !waiting[i])
			queue[tail++] = i;
	while (head < tail) {
		int c = queue[head++];

		for (int k = first[c]; k < first[c + 1]; k++)
			if (!--waiting[items[k]])
				queue[tail++] = items[k];
	}
	m->norder = tail;
	for (int i = 0; i < n; i++)
		if (m->clocks[i].derived && waiting[i]) {
			report_cycle(m, waiting, err, errlen);
			rc = -1;
			goto out;
		}
	m->order = queue;
	queue = NULL;
out:
	free(waiting);
	free(queue);
	free(first);
	free(items);
	return rc;
}

/* layout - place each expression state in the monitor arena, 8-byte aligned */
static void layout(struct ccsl_model *m)
{
	size_t off = 0;

	for (int i = 0; i < m->nclocks; i++) {
		struct eng_clock *c = &m->clocks[i];

		if (!c->derived)
			continue;
		c->state_off = off;
		off += (c->ops->state_size(c) + 7) & ~(size_t)7;
	}
	m->arena_size = off;
}

/* mask_add - the words holding the clocks args and restart, each word once, from w[*n] on */
static void mask_add(struct mask_word *w, int *n, const int *args, int nargs, int restart)
{
	int from = *n;

	for (int j = 0; j <= nargs; j++) {
		int c = j < nargs ? args[j] : restart, k = from;

		if (c < 0)
			continue;
		/* a mask has a few words: a linear search among them is enough */
		while (k < *n && w[k].word != c >> 6)
			k++;
		if (k == *n)
			w[(*n)++] = (struct mask_word){ .word = c >> 6 };
		w[k].bits |= (uint64_t)1 << (c & 63);
	}
}

/* mask_of - the clocks of mask i: a relation's (i < nrels) or a derived clock's */
static void mask_of(const struct ccsl_model *m, int i, const int **args, int *nargs, int *restart)
{
	if (i < m->nrels) {
		*args = m->rels[i].args;
		*nargs = m->rels[i].nargs;
		*restart = m->rels[i].restart;
	} else {
		const struct eng_clock *c = &m->clocks[m->order[i - m->nrels]];

		*args = c->args;
		*nargs = c->nargs;
		*restart = c->restart;
	}
}

/* build_masks - the clocks whose tick can change each relation and derived clock */
static int build_masks(struct ccsl_model *m)
{
	int nmasks = m->nrels + m->norder, n = 0;
	size_t room = 1;

	for (int i = 0; i < nmasks; i++) {
		const int *args;
		int nargs, restart;

		mask_of(m, i, &args, &nargs, &restart);
		room += (size_t)nargs + 1;
	}
	m->mask_words = calloc(room, sizeof(*m->mask_words));
	m->mask_first = calloc((size_t)nmasks + 1, sizeof(int));
	m->mask0 = calloc((size_t)nmasks + 1, sizeof(uint64_t));
	if (!m->mask_words || !m->mask_first || !m->mask0)
		return -1;
	for (int i = 0; i < nmasks; i++) {
		const int *args;
		int nargs, restart;

		mask_of(m, i, &args, &nargs, &restart);
		m->mask_first[i] = n;
		mask_add(m->mask_words, &n, args, nargs, restart);
		for (int k = m->mask_first[i]; k < n; k++)
			if (!m->mask_words[k].word)
				m->mask0[i] = m->mask_words[k].bits;
	}
	m->mask_first[nmasks] = n;
	if (m->words != 1 || m->nrels > 64)
		return 0;
	m->clock_rels = calloc(64, sizeof(uint64_t));
	if (!m->clock_rels)
		return -1;
	for (int i = 0; i < m->nrels; i++)
		for (int c = 0; c < m->nclocks; c++)
			if (m->mask0[i] >> c & 1)
				m->clock_rels[c] |= (uint64_t)1 << i;
	return 0;
}

/*
 * ccsl_model_finalize - order derived clocks by dependency; no more additions.
 * Returns 0, or -1 with a message in err naming the clocks of an
 * instantaneous cycle.
 */
int ccsl_model_finalize(struct ccsl_model *m, char *err, size_t errlen)
{
	char dummy[1];
	int rc;

	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	if (!m) {
		snprintf(err, errlen, "no model");
		return -1;
	}
	if (m->final) {
		snprintf(err, errlen, "model already finalized");
		return -1;
	}
	if (check_refs(m, err, errlen))
		return -1;
	rc = order_clocks(m, err, errlen);
	if (rc)
		return rc;
	m->words = (m->nclocks + 63) / 64;
	layout(m);
	if (build_masks(m)) {
		snprintf(err, errlen, "out of memory");
		return CCSL_NOMEM;
	}
	m->final = true;
	return 0;
}

/* ccsl_model_nclocks - number of clocks (base and derived) */
int ccsl_model_nclocks(const struct ccsl_model *m)
{
	return m ? m->nclocks : 0;
}

/* ccsl_model_nrelations - number of relations */
int ccsl_model_nrelations(const struct ccsl_model *m)
{
	return m ? m->nrels : 0;
}

/* ccsl_model_clock_name - the name given when the clock was added */
const char *ccsl_model_clock_name(const struct ccsl_model *m, int clock)
{
	if (!m || clock < 0 || clock >= m->nclocks)
		return NULL;
	return m->clocks[clock].name;
}

/* ccsl_model_words - size in uint64_t words of a tick set for this model */
int ccsl_model_words(const struct ccsl_model *m)
{
	if (!m)
		return 0;
	return m->final ? m->words : (m->nclocks + 63) / 64;
}

/* reset_rel - the known initial state of a relation, or every state an unknown past allows */
static void reset_rel(const struct eng_rel *r, struct eng_rel_state *s, bool past_unknown)
{
	if (past_unknown && r->ops->stateful)
		r->ops->reset_unknown(r, s);
	else
		r->ops->reset_known(r, s);
}

/* monitor_size - the bytes of a monitor of a model: header, relation states, arena, flags */
static size_t monitor_size(const struct ccsl_model *m)
{
	return sizeof(struct ccsl_monitor) + (size_t)m->nrels * sizeof(struct eng_rel_state) +
	       m->arena_size + (size_t)m->nrels;
}

/* monitor_layout - point a monitor's arena and flags into its allocation */
static void monitor_layout(struct ccsl_monitor *mon)
{
	size_t rel_size = (size_t)mon->m->nrels * sizeof(struct eng_rel_state);

	mon->arena = (unsigned char *)mon->rs + rel_size;
	mon->flags = mon->arena + mon->m->arena_size;
}

/* ccsl_monitor_new - a monitor in the initial state */
struct ccsl_monitor *ccsl_monitor_new(const struct ccsl_model *m, bool past_unknown)
{
	struct ccsl_monitor *mon;

	if (!m || !m->final)
		return NULL;
	mon = calloc(1, monitor_size(m));
	if (!mon)
		return NULL;
	mon->m = m;
	monitor_layout(mon);
	for (int i = 0; i < m->nrels; i++) {
		reset_rel(&m->rels[i], &mon->rs[i], past_unknown);
		if (past_unknown && m->rels[i].ops->stateful)
			mon->flags[i] = REL_UNKNOWN;
	}
	for (int i = 0; i < m->norder; i++) {
		const struct eng_clock *c = &m->clocks[m->order[i]];

		c->ops->reset(c, mon->arena + c->state_off);
	}
	return mon;
}

/* ccsl_monitor_clone - a copy of a monitor in its current state */
struct ccsl_monitor *ccsl_monitor_clone(const struct ccsl_monitor *mon)
{
	struct ccsl_monitor *copy;

	if (!mon)
		return NULL;
	copy = malloc(monitor_size(mon->m));
	if (!copy)
		return NULL;
	memcpy(copy, mon, monitor_size(mon->m));
	monitor_layout(copy);
	return copy;
}

/* ccsl_monitor_free - free a monitor */
void ccsl_monitor_free(struct ccsl_monitor *mon)
{
	free(mon);
}

/* any_tick - whether a tick set meets mask i (the one-word case is the common one) */
static inline bool any_tick(const struct ccsl_model *m, int i, const uint64_t *ticks)
{
	if (m->words == 1)
		return ticks[0] & m->mask0[i];
	for (int k = m->mask_first[i]; k < m->mask_first[i + 1]; k++)
		if (ticks[m->mask_words[k].word] & m->mask_words[k].bits)
			return true;
	return false;
}

/*
 * step_clocks - compute the derived clocks in dependency order, restarts
 * first. A derived clock none of whose inputs tick does not tick and keeps its
 * state (true of every kind), so it costs no call.
 */
static void step_clocks(struct ccsl_monitor *mon, uint64_t *ticks)
{
	const struct ccsl_model *m = mon->m;

	for (int j = 0; j < m->norder; j++) {
		int ci = m->order[j];
		const struct eng_clock *c = &m->clocks[ci];
		uint64_t bitv = (uint64_t)1 << (ci & 63);
		void *st;

		ticks[ci >> 6] &= ~bitv;
		if (!any_tick(m, m->nrels + j, ticks))
			continue;
		st = mon->arena + c->state_off;
		if (c->restart >= 0 && bit_test(ticks, c->restart))
			c->ops->reset(c, st);
		if (c->ops->tick(c, ticks, st))
			ticks[ci >> 6] |= bitv;
	}
}

/* report - hand a violation to the consumer; kept out of step_rel's frame */
static void __attribute__((noinline))
report(struct ccsl_monitor *mon, int ri, const uint64_t *ticks, ccsl_violation_fn fn, void *arg)
{
	struct ccsl_violation v = {
		.relation = ri,
		.step = mon->steps,
		.count = mon->rs[ri].violations,
		.mon = mon,
		.before = &mon->before,
		.ticks = ticks,
	};

	fn(&v, arg);
}

/* step_rel - restart, check and update one relation whose clocks tick; 1 if violated */
static int step_rel(struct ccsl_monitor *mon, int ri, const uint64_t *ticks, ccsl_violation_fn fn,
		    void *arg)
{
	const struct eng_rel *r = &mon->m->rels[ri];
	struct eng_rel_state *s = &mon->rs[ri];

	if (r->restart >= 0 && bit_test(ticks, r->restart)) {
		r->ops->reset_known(r, s);
		mon->flags[ri] &= (unsigned char)~REL_UNKNOWN;
	}
	if (mon->flags[ri] & REL_UNKNOWN)
		mon->flags[ri] |= REL_JUDGED_UNKNOWN;
	/* in the monitor, not on the stack: no stack protector in this hot function */
	mon->before = *s;
	if (!r->ops->step(r, s, ticks))
		return 0;
	s->violations++;
	if (fn)
		report(mon, ri, ticks, fn, arg);
	return 1;
}

/* ccsl_violation_explain - the relation kind's explanation of the state before the step */
void ccsl_violation_explain(const struct ccsl_violation *v, char *why, size_t len)
{
	const struct ccsl_model *m = v->mon->m;
	const struct eng_rel *r = &m->rels[v->relation];

	if (!len)
		return;
	why[0] = '\0';
	r->ops->explain(m->clocks, r, v->before, v->ticks, why, len);
}

/*
 * ccsl_monitor_step - one step: derived clocks, then each relation whose
 * clocks tick (a relation none of whose clocks tick cannot change).
 */
int ccsl_monitor_step(struct ccsl_monitor *mon, uint64_t *ticks, ccsl_violation_fn fn,
		      void *arg)
{
	const struct ccsl_model *m;
	int nviol = 0;

	if (!mon || !ticks)
		return -1;
	m = mon->m;
	step_clocks(mon, ticks);
	if (m->clock_rels) {
		/* visit the relations of the clocks that tick, in index order */
		uint64_t t = ticks[0], hit = 0;

		for (; t; t &= t - 1)
			hit |= m->clock_rels[__builtin_ctzll(t)];
		for (; hit; hit &= hit - 1)
			nviol += step_rel(mon, __builtin_ctzll(hit), ticks, fn, arg);
	} else {
		for (int i = 0; i < m->nrels; i++)
			if (any_tick(m, i, ticks))
				nviol += step_rel(mon, i, ticks, fn, arg);
	}
	mon->steps++;
	return nviol;
}

/* trial - whether relation ri would be violated by ticks, from its state in snap */
static bool trial(const struct ccsl_monitor *mon, const struct eng_rel_state *snap, int ri,
		  const uint64_t *ticks)
{
	const struct eng_rel *r = &mon->m->rels[ri];
	struct eng_rel_state s = snap[ri];

	if (!any_tick(mon->m, ri, ticks))
		return false;
	if (r->restart >= 0 && bit_test(ticks, r->restart))
		r->ops->reset_known(r, &s);
	return r->ops->step(r, &s, ticks);
}

/* with_derived - ticks plus the base clocks of set, derived clocks computed, into t */
static void with_derived(struct ccsl_monitor *mon, const uint64_t *ticks, const int *maybe,
			 int nmaybe, unsigned int set, const unsigned char *arena, uint64_t *t)
{
	const struct ccsl_model *m = mon->m;

	memcpy(t, ticks, (size_t)m->words * sizeof(uint64_t));
	for (int k = 0; k < nmaybe; k++)
		if (set & 1u << k)
			bit_set(t, maybe[k]);
	step_clocks(mon, t);
	/* the derived clocks' states go back for the next try and the real step */
	memcpy(mon->arena, arena, m->arena_size);
}

/*
 * maybe_violations - into would (a relation bit set), the relations that some set of the
 * maybe clocks ticking besides ticks would violate at this step; with more than MAX_MAYBE
 * of them, every relation whose clocks they can change. The monitor is left as it was.
 */
static int maybe_violations(struct ccsl_monitor *mon, const uint64_t *ticks,
			    const uint64_t *maybe_bits, const int *maybe, int nmaybe, uint64_t *would)
{
	const struct ccsl_model *m = mon->m;
	size_t words = (size_t)m->words, rel_bytes = (size_t)m->nrels * sizeof(*mon->rs);
	struct eng_rel_state *snap = malloc(rel_bytes + 1);
	unsigned char *arena = malloc(m->arena_size + 1);
	uint64_t *t = calloc(2 * words, sizeof(*t)), *base;
	int ret = -1;

	if (!snap || !arena || !t)
		goto out;
	base = t + words;
	memcpy(snap, mon->rs, rel_bytes);
	memcpy(arena, mon->arena, m->arena_size);
	if (nmaybe > MAX_MAYBE) {
		with_derived(mon, ticks, maybe, 0, 0, arena, base);
		with_derived(mon, ticks, maybe, MAX_MAYBE, (1u << MAX_MAYBE) - 1, arena, t);
		for (size_t w = 0; w < words; w++)
			t[w] = (t[w] | maybe_bits[w]) ^ base[w];
		for (int ri = 0; ri < m->nrels; ri++)
			if (any_tick(m, ri, t))
				bit_set(would, ri);
		ret = 0;
		goto out;
	}
	for (unsigned int set = 1; set < 1u << nmaybe; set++) {
		with_derived(mon, ticks, maybe, nmaybe, set, arena, t);
		for (int ri = 0; ri < m->nrels; ri++)
			if (!bit_test(would, ri) && trial(mon, snap, ri, t))
				bit_set(would, ri);
	}
	ret = 0;
out:
	free(snap);
	free(arena);
	free(t);
	return ret;
}

/*
 * ccsl_monitor_step_maybe - ccsl_monitor_step, where the base clocks in maybe may also
 * have ticked (the bindings could not tell: a register's value was not known yet). The
 * step itself is taken with ticks; undecided gets (as a relation bit set) the relations
 * the step did not violate but would have had some of the maybe clocks ticked.
 */
int ccsl_monitor_step_maybe(struct ccsl_monitor *mon, uint64_t *ticks, const uint64_t *maybe,
			    ccsl_violation_fn fn, void *arg, uint64_t *undecided)
{
	const struct ccsl_model *m;
	int idx[MAX_MAYBE], n = 0, nviol;
	uint64_t *would, *count;

	if (!mon || !ticks || !maybe || !undecided)
		return -1;
	m = mon->m;
	for (int w = 0; w < m->words; w++)
		for (uint64_t b = maybe[w] & ~ticks[w]; b; b &= b - 1, n++)
			if (n < MAX_MAYBE)
				idx[n] = w * 64 + __builtin_ctzll(b);
	if (!n)
		return ccsl_monitor_step(mon, ticks, fn, arg);
	would = calloc((size_t)(m->nrels + 63) / 64, sizeof(*would));
	count = calloc((size_t)m->nrels + 1, sizeof(*count));
	if (!would || !count || maybe_violations(mon, ticks, maybe, idx, n, would)) {
		free(would);
		free(count);
		return -1;
	}
	for (int ri = 0; ri < m->nrels; ri++)
		count[ri] = mon->rs[ri].violations;
	nviol = ccsl_monitor_step(mon, ticks, fn, arg);
	for (int ri = 0; ri < m->nrels; ri++)
		if (bit_test(would, ri) && mon->rs[ri].violations == count[ri])
			bit_set(undecided, ri);
	free(would);
	free(count);
	return nviol;
}

/* ccsl_monitor_judged_unknown - whether a relation was checked while its past was unknown */
bool ccsl_monitor_judged_unknown(const struct ccsl_monitor *mon, int relation)
{
	if (!mon || relation < 0 || relation >= mon->m->nrels)
		return false;
	return mon->flags[relation] & REL_JUDGED_UNKNOWN;
}

/* ccsl_monitor_pending - whether a relation ends with an unmet obligation */
bool ccsl_monitor_pending(const struct ccsl_monitor *mon, int relation, char *why, size_t len)
{
	const struct eng_rel *r;

	if (why && len)
		why[0] = '\0';
	if (!mon || relation < 0 || relation >= mon->m->nrels)
		return false;
	r = &mon->m->rels[relation];
	return r->ops->pending(mon->m->clocks, r, &mon->rs[relation], why, len);
}

/* ccsl_monitor_window - whether a forbid/allow relation's window is open now */
enum ccsl_window ccsl_monitor_window(const struct ccsl_monitor *mon, int relation)
{
	const struct eng_rel *r;

	if (!mon || relation < 0 || relation >= mon->m->nrels)
		return CCSL_WINDOW_NONE;
	r = &mon->m->rels[relation];
	return r->ops->window ? r->ops->window(r, &mon->rs[relation]) : CCSL_WINDOW_NONE;
}

/* ccsl_monitor_violations - how many times a relation has been violated */
uint64_t ccsl_monitor_violations(const struct ccsl_monitor *mon, int relation)
{
	if (!mon || relation < 0 || relation >= mon->m->nrels)
		return 0;
	return mon->rs[relation].violations;
}

/* ccsl_monitor_steps - number of steps taken */
uint64_t ccsl_monitor_steps(const struct ccsl_monitor *mon)
{
	return mon ? mon->steps : 0;
}
