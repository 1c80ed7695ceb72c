/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit.h - the main() every Check unit test binary shares */
#ifndef CCSL_UNIT_H
#define CCSL_UNIT_H

#include <check.h>
#include <stdlib.h>

/* UNIT_MAIN - run one suite, exit non-zero on any failure */
#define UNIT_MAIN(suite_fn)                                                                        \
	int main(void)                                                                             \
	{                                                                                          \
		SRunner *sr = srunner_create(suite_fn());                                          \
		int failed;                                                                        \
		srunner_run_all(sr, CK_NORMAL);                                                    \
		failed = srunner_ntests_failed(sr);                                                \
		srunner_free(sr);                                                                  \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;                                       \
	}

#endif /* CCSL_UNIT_H */
