/* throttle.c - the progressive delay of failed logins. */
#include "core/throttle.h"

int64_t throttle_delay(int64_t failures, int64_t free_failures, int64_t cap)
{
	if (failures <= free_failures || cap <= 0)
		return 0;
	int64_t k = failures - free_failures;
	/* 2^k overtakes any sensible cap long before it overflows. */
	if (k >= 40)
		return cap;
	int64_t d = (int64_t)1 << k;
	return d < cap ? d : cap;
}
