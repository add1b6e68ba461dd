// SPDX-License-Identifier: GPL-2.0
#include "genl_output.h"
#include "xlb_names.h"

/* The words of "xlbctl policy set", and the JSON keys. */
struct field {
	const char *word, *json;
	bool has;
	uint32_t value;
};

static size_t numeric_fields(const struct xlb_policy *p, struct field f[5])
{
	size_t n = 0;

	f[n++] = (struct field){ "hotspot", "hotspot", p->has_hotspot, p->hotspot };
	f[n++] = (struct field){ "interval", "interval_ms", p->has_interval_ms, p->interval_ms };
	f[n++] = (struct field){ "spray-threshold", "spray_threshold",
				 p->has_spray_threshold, p->spray_threshold };
	f[n++] = (struct field){ "max-moves", "max_moves", p->has_max_moves, p->max_moves };
	f[n++] = (struct field){ "move-cooldown", "move_cooldown",
				 p->has_move_cooldown, p->move_cooldown };
	return n;
}

void xlb_policy_print_text(FILE *out, const struct xlb_policy *p)
{
	struct field f[5];
	size_t n = numeric_fields(p, f);

	if (p->has_placement)
		fprintf(out, "placement %s\n", xlb_placement_name(p->placement));
	for (size_t i = 0; i < n; i++)
		if (f[i].has)
			fprintf(out, "%s %u\n", f[i].word, f[i].value);
}

void xlb_policy_print_json(FILE *out, const struct xlb_policy *p)
{
	struct json_writer w;
	struct field f[5];
	size_t n = numeric_fields(p, f);

	json_writer_init(&w, out);
	json_begin_object(&w);
	if (p->has_placement) {
		json_member_string(&w, "placement", xlb_placement_name(p->placement));
	}
	for (size_t i = 0; i < n; i++) {
		if (f[i].has) {
			json_key(&w, f[i].json);
			json_uint(&w, f[i].value);
		}
	}
	json_end_object(&w);
	fputc('\n', out);
}
