/* geo.c - WGS-84 / GCJ-02 / BD-09, haversine, point in polygon.
 *
 * The GCJ-02 offset is the published formula on the Krasovsky 1940
 * ellipsoid (a = 6378245 m, e^2 = 0.00669342162296594323) used by every
 * open implementation; BD-09 is Baidu's extra rotation with x_pi =
 * pi * 3000 / 180. */
#include "core/geo.h"

#include <math.h>
#include <string.h>

#define GCJ_A 6378245.0
#define GCJ_EE 0.00669342162296594323
#define BD_X_PI (M_PI * 3000.0 / 180.0)
#define EARTH_R 6371008.8 /* mean radius, metres */

static const char *const crs_names[] = {"wgs84", "gcj02", "bd09"};

const char *geo_crs_name(geo_crs c)
{
	return (unsigned)c < 3 ? crs_names[c] : "wgs84";
}

bool geo_crs_parse(const char *s, geo_crs *out)
{
	for (int i = 0; s && i < 3; i++)
		if (strcmp(s, crs_names[i]) == 0) {
			*out = (geo_crs)i;
			return true;
		}
	return false;
}

bool geo_valid(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

bool geo_out_of_china(double lat, double lon)
{
	return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

static double shift_lat(double x, double y)
{
	double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
	r += (20.0 * sin(y * M_PI) + 40.0 * sin(y / 3.0 * M_PI)) * 2.0 / 3.0;
	r += (160.0 * sin(y / 12.0 * M_PI) + 320.0 * sin(y * M_PI / 30.0)) * 2.0 / 3.0;
	return r;
}

static double shift_lon(double x, double y)
{
	double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
	r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
	r += (20.0 * sin(x * M_PI) + 40.0 * sin(x / 3.0 * M_PI)) * 2.0 / 3.0;
	r += (150.0 * sin(x / 12.0 * M_PI) + 300.0 * sin(x / 30.0 * M_PI)) * 2.0 / 3.0;
	return r;
}

void geo_wgs84_to_gcj02(double lat, double lon, double *glat, double *glon)
{
	if (geo_out_of_china(lat, lon)) {
		*glat = lat;
		*glon = lon;
		return;
	}
	double dlat = shift_lat(lon - 105.0, lat - 35.0), dlon = shift_lon(lon - 105.0, lat - 35.0);
	double rad = lat / 180.0 * M_PI, magic = sin(rad);
	magic = 1 - GCJ_EE * magic * magic;
	double sq = sqrt(magic);
	dlat = (dlat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sq) * M_PI);
	dlon = (dlon * 180.0) / (GCJ_A / sq * cos(rad) * M_PI);
	*glat = lat + dlat;
	*glon = lon + dlon;
}

void geo_gcj02_to_wgs84(double glat, double glon, double *lat, double *lon)
{
	if (geo_out_of_china(glat, glon)) {
		*lat = glat;
		*lon = glon;
		return;
	}
	/* The offset varies slowly (under 1e-5 per metre), so fixed-point
	 * iteration on w = g - offset(w) converges in a few steps. */
	double wlat = glat, wlon = glon;
	for (int i = 0; i < 30; i++) {
		double tlat, tlon;
		geo_wgs84_to_gcj02(wlat, wlon, &tlat, &tlon);
		double elat = tlat - glat, elon = tlon - glon;
		wlat -= elat;
		wlon -= elon;
		if (fabs(elat) < 1e-10 && fabs(elon) < 1e-10)
			break;
	}
	*lat = wlat;
	*lon = wlon;
}

void geo_gcj02_to_bd09(double glat, double glon, double *blat, double *blon)
{
	double x = glon, y = glat;
	double z = sqrt(x * x + y * y) + 0.00002 * sin(y * BD_X_PI);
	double t = atan2(y, x) + 0.000003 * cos(x * BD_X_PI);
	*blon = z * cos(t) + 0.0065;
	*blat = z * sin(t) + 0.006;
}

void geo_bd09_to_gcj02(double blat, double blon, double *glat, double *glon)
{
	double x = blon - 0.0065, y = blat - 0.006;
	double z = sqrt(x * x + y * y) - 0.00002 * sin(y * BD_X_PI);
	double t = atan2(y, x) - 0.000003 * cos(x * BD_X_PI);
	double la = z * sin(t), lo = z * cos(t);
	/* That closed form is Baidu's approximate inverse (off by up to 1e-6
	 * degrees); a few fixed-point steps on the forward make it exact, so
	 * a point converted in and out comes back where it was. */
	for (int i = 0; i < 10; i++) {
		double bl, bo;
		geo_gcj02_to_bd09(la, lo, &bl, &bo);
		la -= bl - blat;
		lo -= bo - blon;
		if (fabs(bl - blat) < 1e-11 && fabs(bo - blon) < 1e-11)
			break;
	}
	*glat = la;
	*glon = lo;
}

void geo_convert(geo_crs from, geo_crs to, double lat, double lon, double *lat_out, double *lon_out)
{
	double wlat = lat, wlon = lon, g1, g2;
	/* Through WGS-84 (via GCJ-02 for Baidu). */
	if (from == GEO_GCJ02) {
		geo_gcj02_to_wgs84(lat, lon, &wlat, &wlon);
	} else if (from == GEO_BD09) {
		geo_bd09_to_gcj02(lat, lon, &g1, &g2);
		geo_gcj02_to_wgs84(g1, g2, &wlat, &wlon);
	}
	if (from == to) {
		wlat = lat;
		wlon = lon;
	} else if (to == GEO_GCJ02) {
		geo_wgs84_to_gcj02(wlat, wlon, &wlat, &wlon);
	} else if (to == GEO_BD09) {
		geo_wgs84_to_gcj02(wlat, wlon, &g1, &g2);
		geo_gcj02_to_bd09(g1, g2, &wlat, &wlon);
	}
	*lat_out = wlat;
	*lon_out = wlon;
}

double geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = lat1 * M_PI / 180, p2 = lat2 * M_PI / 180;
	double dp = p2 - p1, dl = (lon2 - lon1) * M_PI / 180;
	double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
	if (h > 1)
		h = 1;
	return 2 * EARTH_R * asin(sqrt(h));
}

void geo_box_degrees(double lat, double m, double *dlat, double *dlon)
{
	double deg = m / (EARTH_R * M_PI / 180);
	*dlat = deg;
	double c = cos(fabs(lat) * M_PI / 180);
	/* Near a pole every longitude is close: take them all. */
	*dlon = c < 1e-6 || deg / c > 180 ? 360 : deg / c;
}

bool geo_in_polygon(const geo_polygon *p, double lat, double lon)
{
	bool in = false;
	for (size_t r = 0; r < p->n_rings; r++) {
		const double *v = p->rings[r].xy;
		size_t n = p->rings[r].n;
		for (size_t i = 0, j = n ? n - 1 : 0; i < n; j = i++) {
			double xi = v[2 * i], yi = v[2 * i + 1], xj = v[2 * j], yj = v[2 * j + 1];
			if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
				in = !in;
		}
	}
	return in;
}

bool geo_in_multipolygon(const geo_polygon *ps, size_t n, double lat, double lon)
{
	for (size_t i = 0; i < n; i++)
		if (geo_in_polygon(&ps[i], lat, lon))
			return true;
	return false;
}

void geo_bbox_of(const geo_polygon *ps, size_t n, geo_bbox *out)
{
	geo_bbox b = {90, 180, -90, -180};
	for (size_t i = 0; i < n; i++)
		for (size_t r = 0; r < ps[i].n_rings; r++)
			for (size_t k = 0; k < ps[i].rings[r].n; k++) {
				double x = ps[i].rings[r].xy[2 * k], y = ps[i].rings[r].xy[2 * k + 1];
				b.min_lon = x < b.min_lon ? x : b.min_lon;
				b.max_lon = x > b.max_lon ? x : b.max_lon;
				b.min_lat = y < b.min_lat ? y : b.min_lat;
				b.max_lat = y > b.max_lat ? y : b.max_lat;
			}
	*out = b;
}

bool geo_bbox_has(const geo_bbox *b, double lat, double lon)
{
	return lat >= b->min_lat && lat <= b->max_lat && lon >= b->min_lon && lon <= b->max_lon;
}

long geo_place(const geo_area *areas, size_t n, double lat, double lon)
{
	long best = -1;
	for (size_t i = 0; i < n; i++) {
		const geo_area *g = &areas[i];
		if ((best >= 0 && g->level <= areas[best].level) || !geo_bbox_has(&g->bbox, lat, lon))
			continue;
		if (geo_in_multipolygon(g->polys, g->n_polys, lat, lon))
			best = (long)i;
	}
	return best;
}
