/* clock.h -- an organization's clock: real time, or frozen and moved by tests; Zoho's date formats */
#ifndef ZM_CLOCK_H
#define ZM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Every time the server reports or decides comes from one of these, one per
 * organization. Running: real time plus `offset`. Frozen: `frozen_at`. */
typedef struct zm_clock {
    bool frozen;
    int64_t frozen_at;          /* epoch seconds, when frozen */
    int64_t offset;             /* seconds added to real time, when running */
    int utc_offset_minutes;     /* the organization's zone, for printing */
} zm_clock;

int64_t clock_now(const zm_clock *c);

/* The real time a running clock adds its offset to: time(NULL), unless
 * this thread pinned it. A call pins it while its organization's lock is
 * held (http/dispatch.c), so everything the call decides sees one instant,
 * which the state journal records with the call and replays by pinning it
 * again (--state: admin/state.c). clock_pin_wall(0) pins the present;
 * both return the instant pinned. */
int64_t clock_pin_wall(int64_t epoch_seconds);
void clock_unpin_wall(void);
int64_t clock_wall(void);
bool clock_wall_pinned(void);

/* Sets the clock's current instant, keeping it frozen or running. */
void clock_set(zm_clock *c, int64_t epoch_seconds);
/* Stops the clock at that instant (the zone is kept). */
void clock_freeze_at(zm_clock *c, int64_t epoch_seconds);

/* "2025-06-15T09:00:00+0530" in the clock's zone; out needs 25 bytes. */
void clock_format_datetime(const zm_clock *c, int64_t t, char out[32]);
/* "2025-06-15" in the clock's zone. */
void clock_format_date(const zm_clock *c, int64_t t, char out[16]);
/* Today's date by the clock. */
void clock_today(const zm_clock *c, char out[16]);

/* Parses "YYYY-MM-DDTHH:MM:SS+HHMM" (also "+HH:MM" and "Z"). Returns 0 and
 * sets *t and *utc_offset_minutes, or -1 when malformed. */
int clock_parse_datetime(const char *s, int64_t *t, int *utc_offset_minutes);

/* Parses a real calendar date "YYYY-MM-DD" (Feb 30 is refused). Returns 0
 * and sets the day number (days since 1970-01-01), or -1. */
int clock_parse_date(const char *s, int64_t *day_number);

/* Day number <-> civil date, proleptic Gregorian (Howard Hinnant's method). */
int64_t clock_days_from_civil(int y, int m, int d);
void clock_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Milliseconds from a monotonic clock, for request durations. */
double clock_monotonic_ms(void);

#endif
