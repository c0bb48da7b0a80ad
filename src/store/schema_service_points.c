/* schema_service_points.c - migration 26: the service map (云地图): service
 * points and the daily count of public look-ups.
 *
 * Coordinates are kept in WGS-84 (lat, lon) beside what the source gave
 * (src_lat, src_lon in the system named by crs). lat_cell is
 * floor(lat * 100), a band of 0.01 degrees (1.1 km): the nearest-point
 * search asks the index (lat_cell, lon) for a few bands, each a range on
 * lon, and measures the exact distances in C (service/service_points.c),
 * which needs nothing beyond a B-tree on either engine. The maps'
 * settings (tile layer, 审图号) are one row of map_setting. */
#include "store/schema.h"

static const char *const v26[] = {
	"CREATE TABLE service_point ("
	" id INTEGER PRIMARY KEY,"
	" type TEXT NOT NULL CHECK (type IN ('police_station', 'justice_office', 'court', 'traffic_police',"
	" 'police_post', 'exit_entry', 'legal_service')),"
	" name TEXT NOT NULL,"
	" org_code TEXT NOT NULL REFERENCES org(code),"
	" org_path TEXT NOT NULL,"
	" address TEXT NOT NULL DEFAULT '',"
	" phone TEXT NOT NULL DEFAULT '',"
	" hours TEXT NOT NULL DEFAULT '',"
	" open_on_holidays INTEGER NOT NULL DEFAULT 0 CHECK (open_on_holidays IN (0, 1)),"
	" services TEXT NOT NULL DEFAULT '',"
	" lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),"
	" lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),"
	" crs TEXT NOT NULL DEFAULT 'wgs84' CHECK (crs IN ('wgs84', 'gcj02', 'bd09')),"
	" src_lat REAL NOT NULL,"
	" src_lon REAL NOT NULL,"
	" lat_cell INTEGER NOT NULL,"
	" verified_on TEXT,"
	" demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" UNIQUE (org_code, type, name))",
	"CREATE INDEX service_point_cell ON service_point (lat_cell, lon)",
	"CREATE INDEX service_point_org ON service_point (org_path, id)",
	/* One row per China-time day and type asked for ('all' when the
	 * search named no type). */
	"CREATE TABLE service_point_lookup ("
	" day INTEGER NOT NULL,"
	" type TEXT NOT NULL,"
	" n INTEGER NOT NULL CHECK (n >= 0),"
	" PRIMARY KEY (day, type))",
	/* The maps' settings (one row): an optional tile layer for deployments
	 * that have one (天地图 with its key), and the 审图号 caption. */
	"CREATE TABLE map_setting ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" tile_url TEXT NOT NULL DEFAULT '',"
	" tile_attribution TEXT NOT NULL DEFAULT '',"
	" review_no TEXT NOT NULL DEFAULT '',"
	" updated_at INTEGER NOT NULL)",
	NULL,
};

const schema_migration schema_service_points = {26, "service_points", v26, NULL};
