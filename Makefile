# SPDX-License-Identifier: GPL-2.0-or-later
#
# ccsl-check: check ftrace recordings of VirtIO drivers against CCSL specifications.
#
#   make                 build ./ccsl-check (fails with a notice if a library is missing)
#   make demo            install missing Debian packages, build, check a bundled real trace
#   make check           install missing Debian packages, build, run every test
#   make SANITIZE=1 ...  build with -fsanitize=address,undefined
#   make install         PREFIX=/usr/local DESTDIR=
#   make uninstall       the same PREFIX and DESTDIR: removes exactly what install installed
#   make deb             the Debian package, in $(BUILD)/deb (dpkg-buildpackage -us -uc -b)
#   make deb-check       make deb, then check the package (contents, the installed tree, lintian)

VERSION		:= 0.1.0
PREFIX		?= /usr/local
BINDIR		:= $(PREFIX)/bin
MANDIR		:= $(PREFIX)/share/man
DATADIR		:= $(PREFIX)/share/ccsl-check
SPECDIR		:= $(DATADIR)/specs
COMPLDIR	:= $(PREFIX)/share/bash-completion/completions

CC		?= cc
V		?= 0
ifeq ($(V),0)
Q		:= @
quiet		= @printf '  %-8s %s\n' $(1) $(2);
endif
PKG_CONFIG	?= pkg-config
BUILD		?= build

# pkg-config module, minimum version, Debian package (the versions of Debian 12)
DEPS := libtracecmd:1.3.1:libtracecmd-dev \
	libtracefs:1.6:libtracefs-dev \
	libtraceevent:1.7.1:libtraceevent-dev \
	jansson:2.13:libjansson-dev \
	libzstd:1.4.0:libzstd-dev \
	zlib:1.2.3:zlib1g-dev \
	liblzma:5.0.0:liblzma-dev
# libraries without a pkg-config module in Debian 12 (libbz2 1.0.x): header, linker flag, Debian
# package
LIB_DEPS := bzlib.h:-lbz2:libbz2-dev
TEST_DEPS := check:0.15.2:check

dep_mod = $(word 1,$(subst :, ,$(1)))
PKGS := $(foreach d,$(DEPS),$(call dep_mod,$(d)))

# Deferred (=) so that a recursive make after the package install sees the new libraries.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) \
	   $(foreach d,$(LIB_DEPS),$(word 2,$(subst :, ,$(d))))
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

CFLAGS		?= -O2 -g
WARNINGS	:= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		   -Wno-unused-parameter -Wformat=2 -Werror=format-security -Werror=implicit
HARDENING	:= -fstack-protector-strong -fstack-clash-protection -D_FORTIFY_SOURCE=2
ifeq ($(SANITIZE),1)
SAN_FLAGS	:= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HARDENING	:=
endif
ALL_CFLAGS	= -std=gnu11 -D_GNU_SOURCE $(WARNINGS) $(HARDENING) $(SAN_FLAGS) -Iinclude $(PKG_CFLAGS) \
		  -DCCSL_VERSION='"$(VERSION)"' $(CPPFLAGS) $(CFLAGS) -MMD -MP

# The library versions --version names as those it was built with.
$(BUILD)/version.o: ALL_CFLAGS += \
	-DBUILT_LIBTRACECMD='"$(shell $(PKG_CONFIG) --modversion libtracecmd 2>/dev/null)"' \
	-DBUILT_LIBTRACEEVENT='"$(shell $(PKG_CONFIG) --modversion libtraceevent 2>/dev/null)"'
ALL_LDFLAGS	= $(SAN_FLAGS) $(LDFLAGS)

SRCS		:= $(filter-out src/main.c,$(wildcard src/*.c))
OBJS		:= $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS)) $(BUILD)/builtin_specs.o
MAIN_OBJ	:= $(BUILD)/main.o

UNIT_SRCS	:= $(wildcard tests/unit/test_*.c)
UNIT_BINS	:= $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

FIXTURE		:= $(BUILD)/tracegen
STANDIN		:= $(BUILD)/standin
FUZZ_REPLAY	:= $(BUILD)/tests/fuzz_replay_pages
FAILMALLOC	:= $(BUILD)/tests/failmalloc.so
FIXTURE_SRCS	:= $(wildcard tests/fixture/*.c)

.PHONY: all deps-ok install-deps demo check test unit integration install uninstall clean lint \
	format \
	verify bench guest-traces fuzz valgrind deb deb-check check-browser screenshots

all: deps-ok ccsl-check

# deps-ok - fail with a notice naming the Debian package of each missing library
deps-ok:
	@missing=""; for d in $(DEPS); do \
		mod=$${d%%:*}; rest=$${d#*:}; ver=$${rest%%:*}; pkg=$${rest#*:}; \
		if ! $(PKG_CONFIG) --atleast-version=$$ver $$mod 2>/dev/null; then \
			echo "ccsl-check: $$mod >= $$ver not found; install $$pkg (apt-get install $$pkg)" >&2; \
			missing="$$missing $$pkg"; \
		fi; \
	done; \
	for d in $(LIB_DEPS); do \
		hdr=$${d%%:*}; pkg=$${d##*:}; \
		if ! printf '#include <%s>\n' "$$hdr" | $(CC) -E -x c - >/dev/null 2>&1; then \
			echo "ccsl-check: $$hdr not found; install $$pkg (apt-get install $$pkg)" >&2; \
			missing="$$missing $$pkg"; \
		fi; \
	done; test -z "$$missing"

ccsl-check: $(MAIN_OBJ) $(OBJS)
	$(call quiet,LINK,$@)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/%.o: src/%.c | $(BUILD)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The built-in specs are compiled in with .incbin: no code generator needed.
$(BUILD)/builtin_specs.o: src/builtin_specs.S $(wildcard specs/*.ccsl) | $(BUILD)
	$(call quiet,AS,$@)$(CC) $(SAN_FLAGS) -Ispecs -c -o $@ $<

$(BUILD) $(BUILD)/tests:
	@mkdir -p $@

# install-deps - install any missing Debian package (needs root and apt)
install-deps:
	@scripts/install-deps

demo: install-deps
	@$(MAKE) --no-print-directory all
	./ccsl-check testdata/shared/balloon-6.1-modern.dat; test $$? -le 1

check: install-deps
	@$(MAKE) --no-print-directory test

test: all $(UNIT_BINS) $(FIXTURE) $(STANDIN) $(FUZZ_REPLAY) $(FAILMALLOC)
	@tests/run-tests $(UNIT_BINS)

# fuzz_replay_pages - fuzz_pages' regression inputs, replayed by fuzz-regressions.t
$(FUZZ_REPLAY): tests/fuzz_replay.c fuzz/fuzz_pages.c $(OBJS) | $(BUILD)/tests
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -o $@ tests/fuzz_replay.c fuzz/fuzz_pages.c $(OBJS) \
		$(ALL_LDFLAGS) $(PKG_LIBS) -lm

# failmalloc.so - allocations that fail after the N-th, preloaded by oom.t (never sanitized:
# AddressSanitizer has its own allocator, and oom.t skips those cases under it)
$(FAILMALLOC): tests/failmalloc.c | $(BUILD)/tests
	$(call quiet,CC,$@)$(CC) -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -O2 -g -fPIC -shared -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(OBJS) tests/unit/unit.h | $(BUILD)/tests
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests/unit -o $@ $< $(OBJS) $(ALL_LDFLAGS) \
		$(PKG_LIBS) $(CHECK_LIBS) -lm

$(FIXTURE): $(FIXTURE_SRCS) | $(BUILD)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -o $@ $(FIXTURE_SRCS) $(ALL_LDFLAGS)

# What install puts where (uninstall removes exactly these). The man pages name the
# installed paths: /usr/local in the sources becomes $(PREFIX).
INSTALLED_BIN	:= ccsl-check ccsl-record
INSTALLED_MAN1	:= $(notdir $(wildcard man/*.1))
INSTALLED_MAN5	:= $(notdir $(wildcard man/*.5))
INSTALLED_SPECS	:= $(notdir $(wildcard specs/*.ccsl))
INSTALLED_EXAMPLES := $(notdir $(wildcard specs/examples/*.ccsl))
INSTALLED_COMPL	:= $(notdir $(wildcard completions/*))

# standin - a user-space stand-in for a driver, probed with uprobes by the live and tracefs tests
$(STANDIN): tests/standin/standin.c | $(BUILD)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(SPECDIR)
	install -m 0755 ccsl-check $(DESTDIR)$(BINDIR)/ccsl-check
	install -m 0755 scripts/ccsl-record $(DESTDIR)$(BINDIR)/ccsl-record
	for m in $(INSTALLED_MAN1); do \
		sed 's|/usr/local|$(PREFIX)|g' man/$$m > $(DESTDIR)$(MANDIR)/man1/$$m && \
		chmod 0644 $(DESTDIR)$(MANDIR)/man1/$$m || exit 1; done
	for m in $(INSTALLED_MAN5); do \
		sed 's|/usr/local|$(PREFIX)|g' man/$$m > $(DESTDIR)$(MANDIR)/man5/$$m && \
		chmod 0644 $(DESTDIR)$(MANDIR)/man5/$$m || exit 1; done
	install -m 0644 specs/*.ccsl $(DESTDIR)$(SPECDIR)/
	install -d $(DESTDIR)$(SPECDIR)/examples $(DESTDIR)$(COMPLDIR)
	install -m 0644 specs/examples/*.ccsl $(DESTDIR)$(SPECDIR)/examples/
	install -m 0644 doc/report.schema.json $(DESTDIR)$(DATADIR)/
	install -m 0644 completions/* $(DESTDIR)$(COMPLDIR)/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(INSTALLED_BIN))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(INSTALLED_MAN1))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(INSTALLED_MAN5))
	rm -f $(addprefix $(DESTDIR)$(SPECDIR)/,$(INSTALLED_SPECS))
	rm -f $(addprefix $(DESTDIR)$(SPECDIR)/examples/,$(INSTALLED_EXAMPLES))
	rm -f $(DESTDIR)$(DATADIR)/report.schema.json
	rm -f $(addprefix $(DESTDIR)$(COMPLDIR)/,$(INSTALLED_COMPL))
	-rmdir $(DESTDIR)$(SPECDIR)/examples $(DESTDIR)$(SPECDIR) $(DESTDIR)$(DATADIR) 2>/dev/null

# deb - build the package from a copy of the source files (tracked and new, not ignored), so
# that dpkg-buildpackage's clean never touches this tree
DEB_SRC		= $(BUILD)/deb/ccsl-check-$(VERSION)
deb:
	@scripts/install-deps deb
	rm -rf $(BUILD)/deb
	mkdir -p $(DEB_SRC)
	if git rev-parse --git-dir >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			xargs -0 cp -P --parents -t $(DEB_SRC); \
	else \
		tar -c --exclude='./build*' --exclude=./ccsl-check . | tar -x -C $(DEB_SRC); \
	fi
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	@ls -l $(BUILD)/deb/*.deb

deb-check: deb
	tests/deb-check $(BUILD)/deb

# check-browser - the HTML report in a real browser (headless chromium, installed if missing):
# not part of check, as chromium is big and each page takes seconds
check-browser: all $(FIXTURE)
	@scripts/install-deps browser
	LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0$${LSAN_OPTIONS:+:$$LSAN_OPTIONS}" \
		prove -f tests/browser/*.t

# screenshots - the README's pictures of the balloon trace: doc/html-report.png (chromium)
# and doc/gtkwave.png (GTKWave under Xvfb, taken with ImageMagick's import)
screenshots: all
	@scripts/install-deps screenshots
	scripts/screenshots

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--suppress=missingIncludeSystem -Iinclude src tests/fixture

format:
	clang-format -i src/*.c include/*.h tests/unit/*.c tests/unit/*.h tests/fixture/*.c

# verify - the long differential runs (engine against the reference evaluator)
verify: all $(UNIT_BINS) $(FIXTURE)
	CCSL_REF_ITER=100000 $(BUILD)/tests/test_reference
	CCSL_ORACLE_SEQS=100000 BUILD=$(BUILD) tests/integration/oracle.t

# valgrind - the main paths under valgrind (slow: not part of make check)
valgrind: all
	tests/valgrind-run

# guest-traces - record real traces in QEMU guests (slow, on demand, not in CI)
guest-traces: all
	tests/guest/make-traces

clean:
	rm -rf $(BUILD) ccsl-check

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)
-include bench/bench.mk
-include fuzz/fuzz.mk
