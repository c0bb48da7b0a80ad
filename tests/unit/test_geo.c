/* test_geo.c - core/geo: the GCJ-02 and BD-09 conversions against
 * published reference pairs, haversine, point in polygon with holes and
 * multipolygons; core/service_point: types and opening hours on the
 * holiday calendar. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/geo.h"
#include "core/service_point.h"

#define NEAR(a, b, eps) assert_true(fabs((a) - (b)) < (eps))

/* The reference pairs of the widely used coordtransform library (its
 * README), for the point 116.404, 39.915 (天安门) taken as each input. */
static void test_reference_pairs(void **state)
{
	(void)state;
	double la, lo;
	geo_wgs84_to_gcj02(39.915, 116.404, &la, &lo);
	NEAR(lo, 116.41024449916938, 1e-9);
	NEAR(la, 39.91640428150164, 1e-9);
	geo_gcj02_to_bd09(39.915, 116.404, &la, &lo);
	NEAR(lo, 116.41036949371029, 1e-9);
	NEAR(la, 39.92133699351022, 1e-9);
	/* The library's inverses are approximations (Baidu's closed form,
	 * GCJ-02's one step): ours, exact inverses of the forward, agree
	 * within 0.1 m and 1 m. */
	geo_bd09_to_gcj02(39.915, 116.404, &la, &lo);
	NEAR(lo, 116.39762729119315, 2e-6);
	NEAR(la, 39.90865673957631, 2e-6);
	geo_gcj02_to_wgs84(39.915, 116.404, &la, &lo);
	NEAR(lo, 116.39775550083061, 2e-5);
	NEAR(la, 39.91359571849836, 2e-5);
}

static void test_round_trips(void **state)
{
	(void)state;
	const double pts[][2] = {{38.0428, 114.5149}, {39.915, 116.404}, {22.54, 114.06}, {45.75, 126.63}};
	for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
		for (geo_crs c = GEO_WGS84; c <= GEO_BD09; c++) {
			double a, b, la, lo;
			geo_convert(GEO_WGS84, c, pts[i][0], pts[i][1], &a, &b);
			geo_convert(c, GEO_WGS84, a, b, &la, &lo);
			NEAR(la, pts[i][0], 1e-8);
			NEAR(lo, pts[i][1], 1e-8);
			if (c != GEO_WGS84) /* the offset is hundreds of metres in China */
				assert_true(geo_distance_m(a, b, pts[i][0], pts[i][1]) > 100);
		}
	}
	/* No offset outside China. */
	double la, lo;
	geo_convert(GEO_WGS84, GEO_GCJ02, 48.8566, 2.3522, &la, &lo);
	NEAR(la, 48.8566, 1e-12);
	NEAR(lo, 2.3522, 1e-12);
	geo_crs c;
	assert_true(geo_crs_parse("bd09", &c));
	assert_int_equal(c, GEO_BD09);
	assert_false(geo_crs_parse("BD09", &c));
	assert_string_equal(geo_crs_name(GEO_GCJ02), "gcj02");
}

static void test_distance(void **state)
{
	(void)state;
	/* One degree of latitude is about 111.2 km; Beijing-Shanghai 1,067 km. */
	NEAR(geo_distance_m(38, 114, 39, 114), 111195, 50);
	NEAR(geo_distance_m(39.9042, 116.4074, 31.2304, 121.4737) / 1000, 1067.3, 2);
	assert_true(geo_distance_m(38, 114, 38, 114) == 0);
	double dlat, dlon;
	geo_box_degrees(60, 111195, &dlat, &dlon);
	NEAR(dlat, 1, 1e-3);
	NEAR(dlon, 2, 1e-2);
	assert_true(geo_valid(90, -180));
	assert_false(geo_valid(90.1, 0));
	assert_false(geo_valid(0, NAN));
}

/* A 10 x 10 square at (0,0) with a 2 x 2 hole at (4,4), and a second
 * square far away. */
static const double outer[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0};
static const double hole[] = {4, 4, 6, 4, 6, 6, 4, 6, 4, 4};
static const double other[] = {20, 20, 21, 20, 21, 21, 20, 21, 20, 20};

static void test_point_in_polygon(void **state)
{
	(void)state;
	geo_ring r1[] = {{outer, 5}, {hole, 5}};
	geo_ring r2[] = {{other, 5}};
	geo_polygon ps[] = {{r1, 2}, {r2, 1}};
	/* lat, lon: lon is x. */
	assert_true(geo_in_polygon(&ps[0], 1, 1));
	assert_true(geo_in_polygon(&ps[0], 9.9, 0.1));
	assert_false(geo_in_polygon(&ps[0], 5, 5)); /* in the hole */
	assert_false(geo_in_polygon(&ps[0], 5, 11));
	assert_false(geo_in_polygon(&ps[0], -0.1, 5));
	assert_true(geo_in_multipolygon(ps, 2, 20.5, 20.5));
	assert_false(geo_in_multipolygon(ps, 2, 15, 15));
	/* A concave ring: an L shape. */
	static const double l[] = {0, 0, 4, 0, 4, 1, 1, 1, 1, 4, 0, 4};
	geo_ring rl[] = {{l, 6}};
	geo_polygon pl = {rl, 1};
	assert_true(geo_in_polygon(&pl, 0.5, 3));
	assert_true(geo_in_polygon(&pl, 3, 0.5));
	assert_false(geo_in_polygon(&pl, 3, 3));
	geo_bbox b;
	geo_bbox_of(ps, 2, &b);
	assert_true(b.min_lat == 0 && b.max_lat == 21 && b.min_lon == 0 && b.max_lon == 21);
	assert_true(geo_bbox_has(&b, 15, 15));
	assert_false(geo_bbox_has(&b, 22, 1));
}

/* Two counties side by side, a grid inside the first: the grid wins
 * where it is, the county elsewhere, nothing outside both. */
static void test_place(void **state)
{
	(void)state;
	static const double west[] = {114.0, 38.0, 114.5, 38.0, 114.5, 38.5, 114.0, 38.5, 114.0, 38.0};
	static const double east[] = {114.5, 38.0, 115.0, 38.0, 115.0, 38.5, 114.5, 38.5, 114.5, 38.0};
	static const double grid[] = {114.1, 38.1, 114.2, 38.1, 114.2, 38.2, 114.1, 38.2, 114.1, 38.1};
	geo_ring rw[] = {{west, 5}}, re[] = {{east, 5}}, rg[] = {{grid, 5}};
	geo_polygon pw[] = {{rw, 1}}, pe[] = {{re, 1}}, pg[] = {{rg, 1}};
	geo_area areas[] = {{.code = "130102", .level = 2, .polys = pw, .n_polys = 1},
			     {.code = "130104", .level = 2, .polys = pe, .n_polys = 1},
			     {.code = "130102001001001", .level = 5, .polys = pg, .n_polys = 1}};
	for (size_t i = 0; i < 3; i++)
		geo_bbox_of(areas[i].polys, areas[i].n_polys, &areas[i].bbox);
	assert_int_equal(geo_place(areas, 3, 38.3, 114.3), 0);
	assert_int_equal(geo_place(areas, 3, 38.3, 114.7), 1);
	assert_int_equal(geo_place(areas, 3, 38.15, 114.15), 2);
	assert_int_equal(geo_place(areas, 3, 39.0, 114.3), -1);
	assert_int_equal(geo_place(areas, 0, 38.3, 114.3), -1);
}

static void test_types(void **state)
{
	(void)state;
	const char *names[] = {"police_station", "justice_office", "court", "traffic_police",
			       "police_post", "exit_entry", "legal_service"};
	for (int i = 0; i < SP_TYPE_COUNT; i++) {
		sp_type t;
		assert_true(sp_type_parse(names[i], &t));
		assert_int_equal(t, i);
		assert_true(sp_type_parse(sp_type_label(t), &t));
		assert_int_equal(t, i);
	}
	sp_type t;
	assert_true(sp_type_parse("司法所", &t) && t == SP_JUSTICE_OFFICE);
	assert_false(sp_type_parse("hospital", &t));
}

static void test_hours(void **state)
{
	(void)state;
	sp_hours h;
	assert_true(sp_hours_parse("1-5 08:30-12:00,14:30-17:30; 6 09:00-12:00", &h));
	assert_int_equal(h.n[0], 2);
	assert_int_equal(h.n[5], 1);
	assert_int_equal(h.n[6], 0);
	assert_true(sp_hours_open(&h, false, CALENDAR_NORMAL, 1, 8 * 60 + 30));
	assert_false(sp_hours_open(&h, false, CALENDAR_NORMAL, 1, 12 * 60));
	assert_false(sp_hours_open(&h, false, CALENDAR_NORMAL, 3, 13 * 60));
	assert_true(sp_hours_open(&h, false, CALENDAR_NORMAL, 6, 10 * 60));
	assert_false(sp_hours_open(&h, false, CALENDAR_NORMAL, 7, 10 * 60));
	/* A holiday on a Wednesday closes it, unless it opens on holidays. */
	assert_false(sp_hours_open(&h, false, CALENDAR_REST, 3, 10 * 60));
	assert_true(sp_hours_open(&h, true, CALENDAR_REST, 3, 10 * 60));
	/* 调休上班 on a Sunday: a working day's hours. */
	assert_true(sp_hours_open(&h, false, CALENDAR_WORK, 7, 15 * 60));
	assert_true(sp_hours_parse("24h", &h));
	assert_true(sp_hours_open(&h, false, CALENDAR_NORMAL, 7, 1439));
	assert_true(sp_hours_parse("", &h));
	assert_false(sp_hours_open(&h, true, CALENDAR_NORMAL, 1, 600));
	const char *bad[] = {"8 09:00-10:00", "1-5 09:00-08:00", "1-5 09:00-25:00", "1 09:00-10:00; 1 11:00-12:00",
			     "5-1 09:00-10:00", "1-5 9:00-10:00", "1-5 08:00-09:00,08:30-10:00", "1-5 08:00-09:00 x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(sp_hours_parse(bad[i], &h));
}

static void test_hours_on_calendar(void **state)
{
	(void)state;
	const char text[] = "2026-10-01\trest\t国庆节\n2026-10-10\twork\t国庆节调休上班\n";
	calendar *cal;
	fq_error err = {0};
	assert_int_equal(calendar_parse(text, sizeof text - 1, &cal, &err), FQ_OK);
	sp_hours h;
	assert_true(sp_hours_parse("1-5 08:30-17:30", &h));
	int64_t d;
	/* Thursday 2026-10-01 10:00 China time: a holiday. */
	assert_true(calendar_day_from_ymd(2026, 10, 1, &d));
	assert_false(sp_hours_open_at(&h, false, cal, calendar_day_start(d) + 10 * 3600));
	assert_true(sp_hours_open_at(&h, false, NULL, calendar_day_start(d) + 10 * 3600));
	/* Saturday 2026-10-10: an adjusted working day. */
	assert_true(calendar_day_from_ymd(2026, 10, 10, &d));
	assert_true(sp_hours_open_at(&h, false, cal, calendar_day_start(d) + 10 * 3600));
	assert_false(sp_hours_open_at(&h, false, NULL, calendar_day_start(d) + 10 * 3600));
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_pairs), cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_distance),        cmocka_unit_test(test_point_in_polygon), cmocka_unit_test(test_place),
		cmocka_unit_test(test_types),           cmocka_unit_test(test_hours),
		cmocka_unit_test(test_hours_on_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
