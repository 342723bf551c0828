/*
 * demo.h -- how a capability adds its part of the demo data without
 * editing demo.c. A file declares
 *
 *     static bool demo_events(struct demo_ctx *c) { ... }
 *     SK_DEMO(dm_events, "events", 30, demo_events);
 *
 * `sklaida demo` loads the institutions, departments and users first
 * (demo.c), then runs every registered step in `order` inside the same
 * transaction: a step that returns false (after setting c->err) rolls
 * the whole demo back, so a half-loaded demo never exists.
 *
 * Dates: demo data is laid out around c->today (Europe/Vilnius civil
 * date, YYYYMMDD) so that the season looks current whenever it is
 * loaded; tests may pin it with SKLAIDA_DEMO_TODAY=YYYY-MM-DD.
 */
#ifndef SK_DEMO_H
#define SK_DEMO_H

#include "../core/core.h"
#include "../db/db.h"

#define DEMO_NTERR 12

/* PAVB department indexes (the order of pavb_depts in demo.c) */
enum { D_COMM, D_URBSYS, D_KELT, D_AJE, D_RBSP, D_READERS, D_LORE, D_ACQ, D_ART, D_IT, D_ADMIN, D_FACIL, D__MAX };

struct demo_ctx {
	db *d;
	arena *a;                         /* lives until the demo ends */
	int64_t pavb_id, lnb_id;
	int64_t terr_ids[DEMO_NTERR];     /* the Territory libraries of S5 */
	const char *terr_slugs[DEMO_NTERR];
	int64_t pavb_depts[D__MAX];
	int64_t lnb_comm_dept;
	int64_t superadmin_id;
	int today;                        /* YYYYMMDD */
	const char *err;                  /* why a step failed (static or arena) */
};

struct demo_step {
	const char *name;
	int order;
	bool (*fn)(struct demo_ctx *c);
};
#define SK_DEMO(var, nm, ord, f)                        \
	static struct demo_step var = {nm, ord, f};    \
	SK_REGISTER(demos, struct demo_step, var)

/* The first user holding `role` in institution inst (0 if none). */
int64_t demo_user(struct demo_ctx *c, int64_t inst, const char *role);
/* Unix time of local (Europe/Vilnius) date ymd at hh:mm. */
int64_t demo_time(int ymd, int hh, int mm);

#endif
