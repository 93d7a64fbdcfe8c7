/* pact_time.c -- Pact's date, time and datetime matchers: a value against a Java-style pattern (yyyy-MM-dd'T'HH:mm:ssZ) */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "contract/pact.h"

/* What the value said, for the checks that span fields. */
typedef struct parsed_time {
    int year, month, day;       /* -1 when the pattern has none */
} parsed_time;

static const char *const month_names[] = {"january", "february", "march",     "april",
                                          "may",     "june",     "july",      "august",
                                          "september", "october", "november", "december"};
static const char *const day_names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};

/* Reads between min and max digits at *p (greedy) into *out. */
static bool digits(const char **p, int min, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)(*p)[n])) v = v * 10 + ((*p)[n++] - '0');
    if (n < min) return false;
    *p += n;
    *out = v;
    return true;
}

/* A name of the list, whole (count >= 4) or its first three letters. */
static bool name(const char **p, const char *const *names, int count_names, int letters, int *out)
{
    for (int i = 0; i < count_names; i++) {
        size_t n = letters >= 4 ? strlen(names[i]) : 3;
        if (strncasecmp(*p, names[i], n) == 0) {
            *p += n;
            *out = i + 1;
            return true;
        }
    }
    return false;
}

/* +HH, +HHMM, +HH:MM (colon: 0 none, 1 required, 2 optional); 'Z' when z_ok. */
static bool offset(const char **p, int colon, bool minutes, bool z_ok)
{
    if (z_ok && **p == 'Z') {
        (*p)++;
        return true;
    }
    if (**p != '+' && **p != '-') return false;
    (*p)++;
    int h, m;
    if (!digits(p, 2, 2, &h) || h > 18) return false;
    if (!minutes) return true;
    if (**p == ':' && colon) (*p)++;
    else if (colon == 1) return false;
    return digits(p, 2, 2, &m) && m < 60;
}

/* A numeric field: value within [lo, hi]; one letter takes 1..width digits. */
static bool number_field(const char **p, int letters, int width, int lo, int hi, int *out)
{
    int v;
    if (!digits(p, letters == 1 ? 1 : letters, letters == 1 ? width : letters, &v)) return false;
    if (v < lo || v > hi) return false;
    if (out) *out = v;
    return true;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* One run of a pattern letter. */
static bool field(char letter, int n, const char **p, parsed_time *t)
{
    int v;
    switch (letter) {
    case 'y': case 'u': case 'Y':
        if (n == 2) return number_field(p, 2, 2, 0, 99, &t->year);
        return digits(p, n < 4 ? 1 : 4, n < 4 ? 9 : 4, &t->year);
    case 'M': case 'L':
        if (n >= 3) return name(p, month_names, 12, n, &t->month);
        return number_field(p, n, 2, 1, 12, &t->month);
    case 'd': return number_field(p, n, 2, 1, 31, &t->day);
    case 'D': return number_field(p, n, 3, 1, 366, NULL);
    case 'H': return number_field(p, n, 2, 0, 23, NULL);
    case 'k': return number_field(p, n, 2, 1, 24, NULL);
    case 'K': return number_field(p, n, 2, 0, 11, NULL);
    case 'h': return number_field(p, n, 2, 1, 12, NULL);
    case 'm': case 's': return number_field(p, n, 2, 0, 59, NULL);
    case 'S': return digits(p, n, n, &v);
    case 'n': return digits(p, 1, 9, &v);
    case 'a':
        if (strncasecmp(*p, "AM", 2) && strncasecmp(*p, "PM", 2)) return false;
        *p += 2;
        return true;
    case 'E': case 'e': return name(p, day_names, 7, n, &v);
    case 'G':
        if (strncmp(*p, "AD", 2) && strncmp(*p, "BC", 2)) return false;
        *p += 2;
        return true;
    case 'Z':
        if (n == 4) {   /* GMT, GMT+08:00 */
            if (strncmp(*p, "GMT", 3) != 0) return false;
            *p += 3;
            return (**p != '+' && **p != '-') || offset(p, 1, true, false);
        }
        return offset(p, n == 5 ? 1 : 0, true, n == 5);
    case 'X': case 'x':
        return offset(p, n >= 3 ? 1 : 0, n >= 2, letter == 'X');
    case 'z': case 'V': case 'O': {
        const char *start = *p;
        while (isalpha((unsigned char)**p) || **p == '/' || **p == '_') (*p)++;
        if (*p == start) return false;
        if (**p == '+' || **p == '-') return offset(p, 2, true, false);
        return true;
    }
    default:
        return false;
    }
}

static bool valid_day(const parsed_time *t)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (t->day < 0 || t->month < 1) return true;
    if (t->day > days[t->month - 1]) return false;
    return !(t->month == 2 && t->day == 29 && t->year >= 0 && !leap(t->year));
}

bool pact_time_matches(const char *pattern, const char *value)
{
    parsed_time t = {-1, -1, -1};
    const char *p = value;
    for (const char *f = pattern; *f;) {
        if (*f == '\'') {
            /* 'literal', '' a quote */
            if (f[1] == '\'') {
                if (*p++ != '\'') return false;
                f += 2;
                continue;
            }
            for (f++; *f && !(*f == '\'' && f[1] != '\''); f++) {
                if (*f == '\'') f++;
                if (*p++ != *f) return false;
            }
            if (*f) f++;
        } else if (isalpha((unsigned char)*f)) {
            int n = 1;
            while (f[n] == *f) n++;
            if (!field(*f, n, &p, &t)) return false;
            f += n;
        } else {
            if (*p++ != *f++) return false;
        }
    }
    return *p == '\0' && valid_day(&t);
}

const char *pact_time_default_format(const char *match)
{
    if (strcmp(match, "date") == 0) return "yyyy-MM-dd";
    if (strcmp(match, "time") == 0) return "HH:mm:ss";
    return "yyyy-MM-dd'T'HH:mm:ss";
}
