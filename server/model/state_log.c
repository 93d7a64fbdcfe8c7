/* state_log.c -- the state journal (--state): each change as one checksummed JSON line, on disk before its answer */
#include "model/state_log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/file.h"
#include "util/json.h"

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_synced = PTHREAD_COND_INITIALIZER;
static int log_fd = -1;
/* log_fd >= 0, readable without log_mu: every call asks (state_log_active). */
static atomic_bool log_open;
static char *log_path;
static uint64_t next_n;             /* the next record's number */
static uint64_t file_bytes;         /* the current file's size */
/* Bytes ever appended and ever made durable, across rotations: a thread
 * waits until `durable` reaches the end of its own last record. */
static uint64_t appended, durable;
static bool syncing;                /* a thread is in fdatasync (outside the mutex) */
static _Thread_local uint64_t my_mark;

/* ---------------------------------------------------------------- crc32 */

/* CRC-32 with the reflected polynomial zlib uses. */
static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_of(const char *s, size_t len)
{
    pthread_once(&crc_once, crc_init);
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) c = crc_table[(c ^ (unsigned char)s[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* ------------------------------------------------------------- failures */

_Noreturn static void fail_stop(const char *what)
{
    fprintf(stderr, "zoho-mock: state journal %s: %s: %s; stopping (every acknowledged change is on disk)\n",
            log_path ? log_path : "?", what, strerror(errno));
    _exit(3);
}

static void write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t k = write(fd, buf, len);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) fail_stop("write failed");
        buf += k;
        len -= (size_t)k;
    }
}

/* -------------------------------------------------------------- opening */

int state_log_open(const char *path, uint64_t first_n, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0 || file_sync_dir(path) != 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    pthread_mutex_lock(&log_mu);
    log_fd = fd;
    atomic_store(&log_open, true);
    free(log_path);
    log_path = xstrdup(path);
    next_n = first_n;
    file_bytes = 0;
    pthread_mutex_unlock(&log_mu);
    return 0;
}

static void wait_not_syncing(void)
{
    while (syncing) pthread_cond_wait(&log_synced, &log_mu);
}

void state_log_close(void)
{
    pthread_mutex_lock(&log_mu);
    wait_not_syncing();
    if (log_fd >= 0) {
        if (fdatasync(log_fd) != 0) fail_stop("fdatasync failed");
        close(log_fd);
        durable = appended;
        pthread_cond_broadcast(&log_synced);
    }
    log_fd = -1;
    atomic_store(&log_open, false);
    free(log_path);
    log_path = NULL;
    pthread_mutex_unlock(&log_mu);
}

bool state_log_active(void)
{
    return atomic_load(&log_open);
}

/* ------------------------------------------------------------ appending */

void state_log_append(cJSON *record)
{
    pthread_mutex_lock(&log_mu);
    if (log_fd < 0) {
        pthread_mutex_unlock(&log_mu);
        cJSON_Delete(record);
        return;
    }
    /* "n" first, for whoever reads the file. */
    cJSON *numbered = cJSON_CreateObject();
    char n[24];
    snprintf(n, sizeof n, "%llu", (unsigned long long)next_n++);
    cJSON_AddItemToObject(numbered, "n", cJSON_CreateRaw(n));
    while (record->child) {
        cJSON *member = cJSON_DetachItemViaPointer(record, record->child);
        cJSON_AddItemToObject(numbered, member->string, member);
    }
    cJSON_Delete(record);
    char *text = json_print(numbered);
    cJSON_Delete(numbered);
    size_t len = strlen(text);
    char head[10];
    snprintf(head, sizeof head, "%08x ", crc32_of(text, len));
    write_all(log_fd, head, 9);
    write_all(log_fd, text, len);
    write_all(log_fd, "\n", 1);
    free(text);
    file_bytes += len + 10;
    appended += len + 10;
    my_mark = appended;
    pthread_mutex_unlock(&log_mu);
}

void state_log_sync_mine(void)
{
    uint64_t mark = my_mark;
    if (!mark) return;
    my_mark = 0;
    pthread_mutex_lock(&log_mu);
    while (durable < mark) {
        if (syncing) {
            pthread_cond_wait(&log_synced, &log_mu);
            continue;
        }
        /* Lead this round: whatever is appended by now is covered. */
        syncing = true;
        uint64_t target = appended;
        int fd = log_fd;
        pthread_mutex_unlock(&log_mu);
        int rc = fd >= 0 ? fdatasync(fd) : 0;
        pthread_mutex_lock(&log_mu);
        if (rc != 0) fail_stop("fdatasync failed");
        syncing = false;
        if (target > durable) durable = target;
        pthread_cond_broadcast(&log_synced);
    }
    pthread_mutex_unlock(&log_mu);
}

uint64_t state_log_bytes(void)
{
    pthread_mutex_lock(&log_mu);
    uint64_t b = log_fd >= 0 ? file_bytes : 0;
    pthread_mutex_unlock(&log_mu);
    return b;
}

uint64_t state_log_last_n(void)
{
    pthread_mutex_lock(&log_mu);
    uint64_t n = next_n ? next_n - 1 : 0;
    pthread_mutex_unlock(&log_mu);
    return n;
}

uint64_t state_log_offset(void)
{
    return state_log_bytes();
}

/* The bytes of fd from offset to its end into a new file at tmp. */
static bool copy_tail(int fd, uint64_t offset, uint64_t end, const char *tmp)
{
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) return false;
    char buf[65536];
    bool ok = true;
    for (uint64_t at = offset; ok && at < end;) {
        size_t want = end - at < sizeof buf ? (size_t)(end - at) : sizeof buf;
        ssize_t k = pread(fd, buf, want, (off_t)at);
        if (k < 0 && errno == EINTR) continue;
        ok = k > 0;
        for (ssize_t done = 0; ok && done < k;) {
            ssize_t w = write(out, buf + done, (size_t)(k - done));
            if (w < 0 && errno == EINTR) continue;
            ok = w > 0;
            if (ok) done += w;
        }
        if (ok) at += (uint64_t)k;
    }
    ok = ok && fsync(out) == 0;
    int saved = errno;
    close(out);
    errno = saved;
    return ok;
}

int state_log_trim(uint64_t offset, char *err, size_t errlen)
{
    pthread_mutex_lock(&log_mu);
    wait_not_syncing();
    int rc = -1;
    char *tmp = log_path ? xasprintf("%s.tmp", log_path) : NULL;
    int rfd = log_path ? open(log_path, O_RDONLY | O_CLOEXEC) : -1;
    if (log_fd < 0 || offset > file_bytes) {
        snprintf(err, errlen, "no journal is open");
    } else if (rfd < 0 || !copy_tail(rfd, offset, file_bytes, tmp) || rename(tmp, log_path) != 0 ||
               file_sync_dir(log_path) != 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        unlink(tmp);
    } else {
        /* The tail is on disk in the new file: every record so far is. */
        int fd = open(log_path, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd < 0) fail_stop("cannot reopen the journal");
        close(log_fd);
        log_fd = fd;
        file_bytes -= offset;
        durable = appended;
        pthread_cond_broadcast(&log_synced);
        rc = 0;
    }
    if (rfd >= 0) close(rfd);
    free(tmp);
    pthread_mutex_unlock(&log_mu);
    return rc;
}

/* -------------------------------------------------------------- reading */

/* The record of the line at text[at..] (a checksummed JSON object), or
 * NULL; *next is where the following line starts (len when none does). */
static cJSON *record_at(const char *text, size_t len, size_t at, size_t *next)
{
    const char *line = text + at;
    const char *nl = memchr(line, '\n', len - at);
    *next = nl ? (size_t)(nl - text) + 1 : len;
    if (!nl || nl - line <= 9 || line[8] != ' ') return NULL;
    char hex[9];
    memcpy(hex, line, 8);
    hex[8] = '\0';
    char *end = NULL;
    unsigned long want = strtoul(hex, &end, 16);
    size_t json_len = (size_t)(nl - line) - 9;
    if (end != hex + 8 || crc32_of(line + 9, json_len) != (uint32_t)want) return NULL;
    cJSON *record = json_parse(line + 9, json_len);
    if (cJSON_IsObject(record)) return record;
    cJSON_Delete(record);
    return NULL;
}

/* Whether a whole record follows the line at `at`. */
static bool record_follows(const char *text, size_t len, size_t at)
{
    size_t next;
    record_at(text, len, at, &next);
    while (next < len) {
        cJSON *r = record_at(text, len, next, &next);
        if (r) {
            cJSON_Delete(r);
            return true;
        }
    }
    return false;
}

int state_log_read(const char *path, zm_state_apply_fn apply, void *ctx, size_t *dropped, char *err,
                   size_t errlen)
{
    size_t len = 0;
    *dropped = 0;
    char *text = file_read(path, 0, &len, NULL, err, errlen);
    if (!text) return -1;
    int rc = 0;
    for (size_t at = 0, next; at < len; at = next) {
        cJSON *record = record_at(text, len, at, &next);
        if (record) {
            apply(record, ctx);
            cJSON_Delete(record);
            continue;
        }
        if (record_follows(text, len, at)) {
            snprintf(err, errlen, "the record at byte offset %zu is damaged and whole records follow it "
                     "(not a torn last write): repair or remove the file", at);
            rc = -1;
        } else {
            *dropped = len - at;
        }
        break;
    }
    free(text);
    return rc;
}
