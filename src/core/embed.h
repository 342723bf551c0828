/*
 * embed.h -- files compiled into the binary by tools/embed.py: database
 * migrations, static assets (CSS, JS, images) and message catalogs. One
 * binary carries everything it serves.
 */
#ifndef SK_EMBED_H
#define SK_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;   /* path relative to its root, e.g. "app.css" */
	const unsigned char *data;
	size_t len;
};

extern const struct embedded_file sk_embed_migrations[];
extern const size_t sk_embed_nmigrations;
extern const struct embedded_file sk_embed_static[];
extern const size_t sk_embed_nstatic;
extern const struct embedded_file sk_embed_po[];
extern const size_t sk_embed_npo;

#endif
