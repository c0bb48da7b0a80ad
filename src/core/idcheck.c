/* idcheck.c - GB 11643 and GB 32100 check characters. */
#include "core/idcheck.h"

#include <string.h>

char idcheck_id_digit(const char *id17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char map[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (id17[i] < '0' || id17[i] > '9')
			return 0;
		sum += (id17[i] - '0') * w[i];
	}
	return map[sum % 11];
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool idcheck_id_valid(const char *id, char *norm, char *birth, bool *male)
{
	if (!id || strlen(id) != 18)
		return false;
	char c = idcheck_id_digit(id);
	char last = id[17] == 'x' ? 'X' : id[17];
	if (!c || c != last)
		return false;
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0'), d = (id[12] - '0') * 10 + (id[13] - '0');
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap(y)))
		return false;
	if (norm) {
		memcpy(norm, id, 17);
		norm[17] = last;
		norm[18] = 0;
	}
	if (birth) {
		memcpy(birth, id + 6, 4);
		birth[4] = '-';
		memcpy(birth + 5, id + 10, 2);
		birth[7] = '-';
		memcpy(birth + 8, id + 12, 2);
		birth[10] = 0;
	}
	if (male)
		*male = (id[16] - '0') % 2 == 1;
	return true;
}

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int credit_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	const char *p = c ? strchr(credit_alphabet, c) : NULL;
	return p ? (int)(p - credit_alphabet) : -1;
}

char idcheck_credit_digit(const char *code17)
{
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = credit_value(code17[i]);
		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	int c = 31 - sum % 31;
	return credit_alphabet[c == 31 ? 0 : c];
}

bool idcheck_credit_valid(const char *code, char *norm)
{
	if (!code || strlen(code) != 18)
		return false;
	char c = idcheck_credit_digit(code);
	int last = credit_value(code[17]);
	if (!c || last < 0 || credit_alphabet[last] != c)
		return false;
	if (norm) {
		for (int i = 0; i < 18; i++)
			norm[i] = credit_alphabet[credit_value(code[i])];
		norm[18] = 0;
	}
	return true;
}
