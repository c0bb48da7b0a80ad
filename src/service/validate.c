/* validate.c - value checks; the ID check digit follows GB 11643-1999. */
#include "service/validate.h"

#include <string.h>

bool validate_phone(const char *s)
{
	size_t n = strlen(s), digits = 0;
	if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
		for (size_t i = 0; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				return false;
		return true;
	}
	if (n < 7 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] != '-' || i == 0 || i == n - 1)
			return false;
	}
	return digits >= 7;
}

bool validate_id_number(const char *s)
{
	static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	if (strlen(s) != 18)
		return false;
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		sum += (s[i] - '0') * weight[i];
	}
	char last = s[17] == 'x' ? 'X' : s[17];
	if (last != check[sum % 11])
		return false;
	int year = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
	int month = (s[10] - '0') * 10 + (s[11] - '0');
	int day = (s[12] - '0') * 10 + (s[13] - '0');
	return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool validate_sha256(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}
