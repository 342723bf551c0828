# tests/fuzz/fuzz.mk -- libFuzzer targets (clang 14, ASan+UBSan).
#
#   make fuzz                       (= make -f tests/fuzz/fuzz.mk)
#   make -f tests/fuzz/fuzz.mk FZ=build-fuzz/fz
#
# Every object of the program except src/main.c is rebuilt with
# -fsanitize=fuzzer-no-link,address,undefined into $(FZ)/, and each
# tests/fuzz/fuzz_<target>.c is linked against them into
# build-fuzz/fuzz_<target>. The SK_REGISTER linker-section registries
# (routes, statements, job kinds) work in this static link as in the
# server. Runs: tests/suites/40-fuzz.sh (CI) and tests/long/fuzz.sh.

FUZZ_OUT ?= build-fuzz
FZ ?= $(FUZZ_OUT)/fz
# generated C lives two levels under the repo root: embedded.c includes
# "../../src/core/embed.h"
FZGEN ?= $(FUZZ_OUT)/fzgen
FCC ?= clang
PYTHON ?= /usr/bin/python3

# keep in step with the Makefile
PKGS := libmicrohttpd sqlite3 libpq jansson libsodium icu-uc icu-i18n libcurl libical libxml-2.0 hunspell md4c-html libzip gmime-3.0 libmagic vips zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
BASE := -std=c17 -D_GNU_SOURCE -O1 -g $(PKG_CFLAGS) -MMD -MP
# the project's sources are compiled warning-clean by the main build;
# here warnings must not stop a fuzz run because of a clang-only note
SRC_CFLAGS := $(BASE) -w $(SAN) -fsanitize=fuzzer-no-link
# the targets themselves: the warnings of the main Makefile
TGT_CFLAGS := $(BASE) -Wall -Wextra -Werror -Wformat=2 -Werror=format-security -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wvla -Wno-unused-parameter -Wnull-dereference -Wimplicit-fallthrough \
              $(SAN) -fsanitize=fuzzer-no-link
LINK := $(SAN) -fsanitize=fuzzer

SRC := $(shell find src -name '*.c' ! -name main.c | sort)
OBJ := $(SRC:%.c=$(FZ)/%.o) $(FZ)/gen/embedded.o
EMBED_IN := $(shell find src/db/migrations static po -type f 2>/dev/null | sort)

TARGETS := guard urlencoded multipart cookies dispatch dsn
BINS := $(TARGETS:%=$(FUZZ_OUT)/fuzz_%)

.PHONY: all clean-fuzz
# keep the objects (chained pattern rules would delete them)
.SECONDARY:
all: $(BINS)

$(FZGEN)/embedded.c: tools/embed.py $(EMBED_IN)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/embed.py $@

$(FZ)/gen/embedded.o: $(FZGEN)/embedded.c
	@mkdir -p $(dir $@)
	@$(FCC) $(SRC_CFLAGS) -c $< -o $@

$(FZ)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC $<"
	@$(FCC) $(SRC_CFLAGS) -c $< -o $@

$(FZ)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC $<"
	@$(FCC) $(TGT_CFLAGS) -c $< -o $@

$(FUZZ_OUT)/fuzz_%: $(FZ)/tests/fuzz/fuzz_%.o $(OBJ)
	@echo "  FUZZLD $@"
	@$(FCC) $(LINK) -o $@ $^ $(PKG_LIBS) -lstemmer -lpthread -lm

clean-fuzz:
	rm -rf $(FZ) $(FZGEN) $(BINS)

-include $(OBJ:.o=.d) $(TARGETS:%=$(FZ)/tests/fuzz/fuzz_%.d)
