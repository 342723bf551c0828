/*
 * demo_tasks.c -- the demo's task list: instructions of the director and
 * of the communication department's head, a meeting's action points, a
 * few done and one overdue, so "Mano užduotys" looks like a real week.
 * Later demo steps (events, occasions) add their system tasks.
 */
#include "demo.h"
#include "../model/task.h"
#include "../model/occasion.h"

static bool demo_tasks(struct demo_ctx *c)
{
	int64_t head = demo_user(c, c->pavb_id, "HEAD"), mgmt = demo_user(c, c->pavb_id, "MGMT");
	int64_t coord = demo_user(c, c->pavb_id, "COORD");
	struct {
		const char *title, *desc, *source, *role;
		int64_t by;
		int due_off, prio;
	} rows[] = {
		{"Parengti 2027 m. komunikacijos plano projektą", "Pagal strategijos kryptis; aptarti skyrių vadovų pasitarime.",
		 "director_general_instruction", "COORD", mgmt, 10, 1},
		{"Atnaujinti renginių skelbimą svetainėje", "", "head_instruction", "EDITOR", head, 2, 2},
		{"Nufotografuoti parodos atidarymą", "Reikia 20–30 atrinktų nuotraukų archyvui ir feisbukui.",
		 "head_instruction", "PHOTO", head, 5, 2},
		{"Sutarti su „Sekunde“ dėl interviu", "Tema – Bitės metų renginių ciklas.", "meeting_action", "PR", coord, -2, 1},
		{"Paruošti savaitės įrašų planą feisbukui ir instagramui", "", "meeting_action", "SMM", coord, 1, 2},
		{"Patikrinti konferencijų salės garso įrangą", "Mikrofonai, kolonėlės, projektoriaus HDMI laidas.",
		 "department_director_instruction", "TECH", head, 3, 2},
		{"Suderinti plakato maketą su skyriumi", "", "head_instruction", "DESIGN", head, 7, 3},
		{"Surinkti Teritorijos bibliotekų renginių informaciją gruodžiui", "", "administration_instruction", "RBSPD",
		 mgmt, 4, 2},
	};
	for (size_t i = 0; i < SK_ARRAY_LEN(rows); i++) {
		int64_t who = demo_user(c, c->pavb_id, rows[i].role), id;
		struct task_new t = {.title = rows[i].title, .description = rows[i].desc, .source = rows[i].source,
		                     .assignee_id = who, .assigned_by = rows[i].by,
		                     .due_date = ymd_add_days(c->today, rows[i].due_off), .priority = rows[i].prio};
		if (task_create(c->d, c->pavb_id, &t, &id) != SK_OK) {
			c->err = "tasks";
			return false;
		}
	}
	return true;
}
SK_DEMO(demo_step_tasks, "tasks", 50, demo_tasks);
