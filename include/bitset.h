/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bitset.h - sets of clocks as arrays of 64-bit words: the engine's tick sets
 * and the bindings' and checker's clock sets. Header only, includes nothing of
 * the project; anyone may use it.
 */
#ifndef CCSL_BITSET_H
#define CCSL_BITSET_H

#include <stdbool.h>
#include <stdint.h>

/* bit_test - whether bit i is set */
static inline bool bit_test(const uint64_t *set, int i)
{
	return (set[i >> 6] >> (i & 63)) & 1;
}

/* bit_set - set bit i */
static inline void bit_set(uint64_t *set, int i)
{
	set[i >> 6] |= (uint64_t)1 << (i & 63);
}

/* bit_words - the number of words for n bits (at least one) */
static inline int bit_words(int n)
{
	return n > 64 ? (n + 63) / 64 : 1;
}

#endif /* CCSL_BITSET_H */
