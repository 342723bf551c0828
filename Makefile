# sklaida -- build, run and test.
#
#   make run     install what is missing, build, serve the demo on :8080
#   make test    install test needs, run every test on SQLite and PostgreSQL
#
# Other targets: all (build/sklaida), unit, asan (build-asan/sklaida),
# fuzz (build-fuzz/*), check (codecheck only), deps, test-deps, clean.
# BUILD=dir puts objects elsewhere (parallel builds of several trees).

BUILD ?= build
CC ?= cc
PYTHON ?= /usr/bin/python3

PKGS := libmicrohttpd sqlite3 libpq jansson libsodium icu-uc icu-i18n libcurl libical libxml-2.0 hunspell md4c-html libzip gmime-3.0 libmagic vips zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wformat=2 -Werror=format-security -Wshadow \
        -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wno-unused-parameter \
        -Wnull-dereference -Wimplicit-fallthrough
HARDEN := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection -fPIE
OPT ?= -O2 -g
CFLAGS += -std=c17 -D_GNU_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) -MMD -MP
LDFLAGS += -pie -Wl,-z,relro,-z,now
LDLIBS += $(PKG_LIBS) -lstemmer -lpthread -lm

ifeq ($(SAN),1)
  CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  LDFLAGS += -fsanitize=address,undefined
else
  CFLAGS += $(HARDEN)
endif

SRC := $(shell find src -name '*.c' ! -name main.c | sort)
OBJ := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
TEST_SRC := $(wildcard tests/unit/*.c)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
EMBED_IN := $(shell find src/db/migrations static po -type f 2>/dev/null | sort)

.PHONY: all unit asan fuzz check run demo test deps test-deps clean bench
all: $(BUILD)/sklaida

$(BUILD)/.codecheck: tools/codecheck.py $(shell find src -name '*.[ch]') | $(BUILD)
	$(PYTHON) tools/codecheck.py src
	@touch $@

$(BUILD):
	@mkdir -p $(BUILD)

$(BUILD)/gen/embedded.c: tools/embed.py $(EMBED_IN) | $(BUILD)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/embed.py $@

$(BUILD)/%.o: %.c | $(BUILD)/.codecheck
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(filter-out -Werror,$(CFLAGS)) -c $< -o $@

$(BUILD)/sklaida: $(OBJ) $(BUILD)/src/main.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/sk-unit: $(OBJ) $(TEST_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit: $(BUILD)/sk-unit
	$(BUILD)/sk-unit

check: $(BUILD)/.codecheck

asan:
	$(MAKE) BUILD=build-asan CC=clang SAN=1 build-asan/sklaida build-asan/sk-unit

fuzz:
	$(MAKE) -f tests/fuzz/fuzz.mk

deps:
	@tools/deps.sh build

test-deps:
	@tools/deps.sh test

run: deps all
	@tools/run-demo.sh

demo: all
	$(BUILD)/sklaida demo

test: test-deps
	@tests/run-all.sh

bench: all
	@bench/run.sh

clean:
	rm -rf build build-asan build-fuzz build-*

-include $(OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/src/main.d
