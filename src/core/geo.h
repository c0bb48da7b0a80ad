/* geo.h - coordinates on the ground: the three systems Chinese map data
 * comes in, distances, and which boundary a point lies in.
 *
 * fengqiao stores WGS-84 (GPS, the geo: URI). Maps published in China use
 * GCJ-02 (国测局, Amap, Tencent: WGS-84 shifted by a published nonlinear
 * offset) or BD-09 (Baidu: GCJ-02 shifted again). Input in either is
 * converted to WGS-84 on the way in, and output for a phone's map app is
 * converted out of it. Outside mainland China the offset is not applied,
 * as the map providers do.
 *
 * Points are (lat, lon) in degrees; GeoJSON rings are lon,lat pairs, as the
 * format has them. Pure: no I/O, no allocation. */
#ifndef FQ_GEO_H
#define FQ_GEO_H

#include <stdbool.h>
#include <stddef.h>

typedef enum geo_crs {
	GEO_WGS84 = 0,
	GEO_GCJ02,
	GEO_BD09,
} geo_crs;

/* "wgs84" / "gcj02" / "bd09" <-> geo_crs; parse returns false for any
 * other text (and leaves *out). */
const char *geo_crs_name(geo_crs c);
bool geo_crs_parse(const char *s, geo_crs *out);

/* Whether lat/lon are finite numbers in [-90, 90] x [-180, 180]. */
bool geo_valid(double lat, double lon);
/* The rough box of mainland China in which GCJ-02's offset applies. */
bool geo_out_of_china(double lat, double lon);

/* One system to another; the same point when from == to. WGS-84 from
 * GCJ-02 inverts the offset by iteration (to about 1e-9 degrees), not by
 * the one-step approximation that is off by up to a metre or two. */
void geo_convert(geo_crs from, geo_crs to, double lat, double lon, double *lat_out, double *lon_out);
void geo_wgs84_to_gcj02(double lat, double lon, double *glat, double *glon);
void geo_gcj02_to_wgs84(double glat, double glon, double *lat, double *lon);
void geo_gcj02_to_bd09(double glat, double glon, double *blat, double *blon);
void geo_bd09_to_gcj02(double blat, double blon, double *glat, double *glon);

/* Great-circle distance in metres (haversine, mean Earth radius). */
double geo_distance_m(double lat1, double lon1, double lat2, double lon2);
/* Degrees of latitude and of longitude (at lat) that cover at least m
 * metres: the half-sides of a box around a point that holds the circle of
 * radius m. */
void geo_box_degrees(double lat, double m, double *dlat, double *dlon);

/* ---- point in polygon ---- */

/* A closed ring of n lon,lat pairs (xy[2i] = lon, xy[2i+1] = lat), as
 * GeoJSON writes it (the last pair may repeat the first). */
typedef struct geo_ring {
	const double *xy;
	size_t n;
} geo_ring;

/* A polygon: ring 0 the outline, the rest holes. A multipolygon is a list
 * of polygons. */
typedef struct geo_polygon {
	const geo_ring *rings;
	size_t n_rings;
} geo_polygon;

/* Even-odd rule over every ring, so a point in a hole is outside. A point
 * exactly on an edge may fall either way (never both for two polygons
 * sharing the edge, as the half-open rule assigns it to one). */
bool geo_in_polygon(const geo_polygon *p, double lat, double lon);
bool geo_in_multipolygon(const geo_polygon *ps, size_t n, double lat, double lon);

/* The bounding box of a multipolygon, for a quick reject before
 * geo_in_multipolygon. */
typedef struct geo_bbox {
	double min_lat, min_lon, max_lat, max_lon;
} geo_bbox;
void geo_bbox_of(const geo_polygon *ps, size_t n, geo_bbox *out);
bool geo_bbox_has(const geo_bbox *b, double lat, double lon);

/* ---- placing a point ---- */

/* A division or grid with its boundary: level as core/model.h numbers
 * them (2 county, 3 township, 5 grid). */
typedef struct geo_area {
	const char *code;
	int level;
	geo_bbox bbox; /* of polys (geo_bbox_of) */
	const geo_polygon *polys;
	size_t n_polys;
} geo_area;

/* The area that contains the point, the finest first: a grid before the
 * township around it, a township before its county; among areas of one
 * level the first in the list. -1 when none contains it. */
long geo_place(const geo_area *areas, size_t n, double lat, double lon);

#endif
