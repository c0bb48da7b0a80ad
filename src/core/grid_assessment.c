/* grid_assessment.c - the grid workers' score (core/grid_assessment.h). */
#include "core/grid_assessment.h"

#include <string.h>

static const char *const names[GRID_PART_COUNT] = {"reports",   "valid_reports", "callback",
						    "screening", "households",    "basedata"};

int grid_part_parse(const char *name)
{
	for (int i = 0; name && i < GRID_PART_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *grid_part_name(int part)
{
	return part >= 0 && part < GRID_PART_COUNT ? names[part] : "";
}

void grid_weights_default(grid_weights *w)
{
	*w = (grid_weights){{10, 40, 15, 25, 5, 5}};
}

/* A count against the best; -1 when nobody has any (the part drops out). */
static double scaled(int64_t v, int64_t best)
{
	return best > 0 ? (double)v / (double)best : -1;
}

static double share(int64_t part, int64_t whole)
{
	return whole > 0 ? (double)part / (double)whole : -1;
}

double grid_score(const grid_weights *w, const grid_measure *m, const grid_measure *max)
{
	double v[GRID_PART_COUNT] = {
		[GRID_PART_REPORTS] = scaled(m->reports, max->reports),
		[GRID_PART_VALID] = scaled(m->valid, max->valid),
		[GRID_PART_CALLBACK] = share(m->callback_on_time, m->callback_due),
		[GRID_PART_SCREENING] = share(m->screening_on_time, m->screening_due),
		[GRID_PART_HOUSEHOLDS] = scaled(m->households, max->households),
		[GRID_PART_BASEDATA] = scaled(m->basedata, max->basedata),
	};
	double sum = 0, weight = 0;
	for (int i = 0; i < GRID_PART_COUNT; i++) {
		if (v[i] < 0 || w->w[i] <= 0)
			continue;
		sum += v[i] * w->w[i];
		weight += w->w[i];
	}
	return weight > 0 ? 100.0 * sum / weight : 0;
}
