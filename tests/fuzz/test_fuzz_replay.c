/* test_fuzz_replay.c -- every fuzz target over its seed corpus and every input that ever crashed it (tests/fuzz/) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "fuzz.h"

/* Runs one() on every file of dir; how many there were. A crash or abort
 * fails the test (Criterion runs each test in its own process). */
static size_t replay(const char *dir, int (*one)(const uint8_t *, size_t))
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "%s", path);
        static uint8_t data[1 << 20];
        size_t n = fread(data, 1, sizeof data, f);
        fclose(f);
        cr_log_info("%s", path);
        one(data, n);
        count++;
    }
    closedir(d);
    return count;
}

#define REPLAY(target, min_seeds)                                                                   \
    Test(fuzz_replay, target)                                                                      \
    {                                                                                              \
        fuzz_##target##_init();                                                                    \
        size_t seeds = replay("tests/fuzz/corpus/" #target, fuzz_##target##_one);                  \
        cr_assert_geq(seeds, min_seeds, "tests/fuzz/corpus/" #target " has %zu seeds", seeds);      \
        replay("tests/fuzz/regressions/" #target, fuzz_##target##_one);                            \
    }

REPLAY(request, 40)
REPLAY(fixtures, 3)
REPLAY(contract, 10)
REPLAY(lua, 5)
