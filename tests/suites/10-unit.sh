#!/usr/bin/env bash
# Unit tests (C): arena, buffers, escaping, parsers, i18n, collation, dates.
exec "$SK_ROOT/build/sk-unit"
