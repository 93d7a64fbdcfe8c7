/* clock.c -- an organization's clock: real time, or frozen and moved by tests; Zoho's date formats */
#include "model/clock.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The pinned wall time of this thread (clock_pin_wall), or none. */
static _Thread_local bool wall_pinned;
static _Thread_local int64_t wall_at;

int64_t clock_pin_wall(int64_t epoch_seconds)
{
    wall_pinned = true;
    wall_at = epoch_seconds ? epoch_seconds : (int64_t)time(NULL);
    return wall_at;
}

void clock_unpin_wall(void) { wall_pinned = false; }

int64_t clock_wall(void) { return wall_pinned ? wall_at : (int64_t)time(NULL); }

bool clock_wall_pinned(void) { return wall_pinned; }

int64_t clock_now(const zm_clock *c)
{
    if (c->frozen) return c->frozen_at;
    return clock_wall() + c->offset;
}

void clock_set(zm_clock *c, int64_t t)
{
    if (c->frozen) c->frozen_at = t;
    else c->offset = t - clock_wall();
}

void clock_freeze_at(zm_clock *c, int64_t t)
{
    c->frozen = true;
    c->frozen_at = t;
}

int64_t clock_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void clock_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

void clock_format_datetime(const zm_clock *c, int64_t t, char out[32])
{
    int64_t local = t + (int64_t)c->utc_offset_minutes * 60;
    int64_t days = floor_div(local, 86400);
    int64_t secs = local - days * 86400;
    int y, m, d;
    clock_civil_from_days(days, &y, &m, &d);
    int off = c->utc_offset_minutes;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    /* Formatted wide, then copied: the fields always fit in 24 bytes. */
    char wide[96];
    snprintf(wide, sizeof wide, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d%02d", y, m, d,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), sign, off / 60, off % 60);
    snprintf(out, 32, "%.31s", wide);
}

void clock_format_date(const zm_clock *c, int64_t t, char out[16])
{
    int64_t local = t + (int64_t)c->utc_offset_minutes * 60;
    int y, m, d;
    clock_civil_from_days(floor_div(local, 86400), &y, &m, &d);
    char wide[48];
    snprintf(wide, sizeof wide, "%04d-%02d-%02d", y, m, d);
    snprintf(out, 16, "%.15s", wide);
}

void clock_today(const zm_clock *c, char out[16])
{
    clock_format_date(c, clock_now(c), out);
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dim[m - 1];
}

/* Reads exactly n digits into *out. */
static int read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

static int parse_ymd(const char **p, int *y, int *m, int *d)
{
    if (read_digits(p, 4, y) || **p != '-') return -1;
    (*p)++;
    if (read_digits(p, 2, m) || **p != '-') return -1;
    (*p)++;
    if (read_digits(p, 2, d)) return -1;
    if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return -1;
    return 0;
}

int clock_parse_date(const char *s, int64_t *day_number)
{
    int y, m, d;
    const char *p = s;
    if (!s || parse_ymd(&p, &y, &m, &d) || *p) return -1;
    *day_number = clock_days_from_civil(y, m, d);
    return 0;
}

int clock_parse_datetime(const char *s, int64_t *t, int *utc_offset_minutes)
{
    int y, m, d, hh, mm, ss, oh = 0, om = 0, sign = 1;
    const char *p = s;
    if (!s || parse_ymd(&p, &y, &m, &d) || *p != 'T') return -1;
    p++;
    if (read_digits(&p, 2, &hh) || *p++ != ':' || read_digits(&p, 2, &mm) ||
        *p++ != ':' || read_digits(&p, 2, &ss))
        return -1;
    if (hh > 23 || mm > 59 || ss > 59) return -1;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p++ == '-' ? -1 : 1;
        if (read_digits(&p, 2, &oh)) return -1;
        if (*p == ':') p++;
        if (read_digits(&p, 2, &om)) return -1;
        if (oh > 14 || om > 59) return -1;
    } else {
        return -1;
    }
    if (*p) return -1;
    int off = sign * (oh * 60 + om);
    *t = clock_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)off * 60;
    *utc_offset_minutes = off;
    return 0;
}

double clock_monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}
