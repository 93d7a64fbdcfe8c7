/* record_file.c -- a JSON document on disk that grows by appending to its last array, O(1) per element and kill-safe */
#include "contract/record_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/file.h"
#include "util/json.h"

#define PAGE 4096
#define TRAILER "]}\n"
#define TRAILER_LEN 3

cJSON *record_file_parse(const char *text, size_t len, size_t *ignored, size_t *error_at)
{
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (ignored) *ignored = 0;
    if (!doc) {
        if (error_at) *error_at = end && end >= text ? (size_t)(end - text) : 0;
        return NULL;
    }
    size_t tail = 0;
    for (const char *p = end; p < text + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\0') tail++;
    if (ignored) *ignored = tail;
    return doc;
}

/* Writes all of buf at offset, retrying short writes. */
static int write_at(int fd, const char *buf, size_t n, off_t offset)
{
    while (n) {
        ssize_t w = pwrite(fd, buf, n, offset);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        buf += w;
        n -= (size_t)w;
        offset += w;
    }
    return 0;
}

/* Padding (0 or 1 space) so that a trailer written at offset does not
 * cross a page: its two bytes are then replaced by one atomic write. */
static size_t trailer_pad(off_t offset)
{
    return offset % PAGE == PAGE - 1 ? 1 : 0;
}

/* The whole document in the appendable layout: head's members, then the
 * array's elements one after another, then `]}`. Sets *trailer. */
static char *layout(const cJSON *doc, const char *array_name, off_t *trailer)
{
    cJSON *head = cJSON_Duplicate(doc, true);
    cJSON *array = cJSON_DetachItemFromObjectCaseSensitive(head, array_name);
    char *head_text = json_print_pretty(head);
    size_t hl = strlen(head_text);
    while (hl && head_text[hl - 1] != '}') hl--;
    if (hl) hl--;                       /* without its closing brace */
    while (hl && (head_text[hl - 1] == '\n' || head_text[hl - 1] == '\t')) hl--;
    size_t cap = hl + strlen(array_name) + 64, len = 0;
    char *out = xmalloc(cap);
    len = (size_t)snprintf(out, cap, "%.*s%s\t\"%s\":\t[", (int)hl, head_text, head->child ? ",\n" : "\n",
                           array_name);
    int i = 0;
    for (const cJSON *e = array ? array->child : NULL; e; e = e->next, i++) {
        char *text = json_print_pretty(e);
        size_t n = strlen(text);
        if (len + n + 8 > cap) out = xrealloc(out, cap = (len + n + 8) * 2);
        len += (size_t)snprintf(out + len, cap - len, "%s\n%s", i ? "," : "", text);
        free(text);
    }
    if (len + 8 > cap) out = xrealloc(out, cap = len + 8);
    out[len++] = '\n';
    if (trailer_pad((off_t)len)) out[len++] = ' ';
    *trailer = (off_t)len;
    memcpy(out + len, TRAILER, TRAILER_LEN + 1);
    free(head_text);
    cJSON_Delete(array);
    cJSON_Delete(head);
    return out;
}

/* Writes text to path through a temporary file and a rename. */
static int replace_file(const char *path, const char *text, char *err, size_t errlen)
{
    char *tmp = xasprintf("%s.tmp", path);
    FILE *out = fopen(tmp, "w");
    bool ok = out && fputs(text, out) >= 0;
    if (out && fclose(out) != 0) ok = false;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

/* The existing document when it can be continued; else NULL (a file that
 * does not parse is moved aside). */
static cJSON *load_existing(const char *path, const char *array_name)
{
    char why[256];
    size_t len = 0;
    char *text = file_read(path, 0, &len, NULL, why, sizeof why);
    if (!text) return NULL;
    cJSON *doc = record_file_parse(text, len, NULL, NULL);
    free(text);
    if (cJSON_IsObject(doc) && cJSON_IsArray(json_get(doc, array_name))) return doc;
    cJSON_Delete(doc);
    char *aside = xasprintf("%s.invalid", path);
    rename(path, aside);
    free(aside);
    return NULL;
}

int record_file_open(record_file *f, const char *path, const cJSON *head, const char *array_name,
                     cJSON **existing, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    cJSON *doc = load_existing(path, array_name);
    if (existing) *existing = doc;
    cJSON *fresh = NULL;
    if (!doc) {
        fresh = cJSON_Duplicate(head, true);
        cJSON_AddArrayToObject(fresh, array_name);
    }
    const cJSON *which = doc ? doc : fresh;
    f->count = (size_t)cJSON_GetArraySize(json_get(which, array_name));
    char *text = layout(which, array_name, &f->trailer);
    int rc = replace_file(path, text, err, errlen);
    free(text);
    cJSON_Delete(fresh);
    if (!existing) cJSON_Delete(doc);
    if (rc != 0) return -1;
    f->fd = open(path, O_WRONLY | O_CLOEXEC);
    if (f->fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

int record_file_append(record_file *f, const char *element, char *err, size_t errlen)
{
    if (f->fd < 0) {
        snprintf(err, errlen, "the file is not open");
        return -1;
    }
    size_t n = strlen(element);
    off_t end = f->trailer + TRAILER_LEN;
    off_t trailer = end + (off_t)n + 1;
    size_t pad = trailer_pad(trailer);
    trailer += (off_t)pad;
    char *buf = xmalloc(n + pad + TRAILER_LEN + 2);
    size_t len = 0;
    memcpy(buf + len, element, n);
    len += n;
    buf[len++] = '\n';
    if (pad) buf[len++] = ' ';
    memcpy(buf + len, TRAILER, TRAILER_LEN);
    len += TRAILER_LEN;
    /* First the element and a new end after the old one (the document
     * still ends at the old `]}`), then the old end becomes a separator. */
    int rc = write_at(f->fd, buf, len, end);
    if (rc == 0) rc = write_at(f->fd, f->count ? ", " : "  ", 2, f->trailer);
    free(buf);
    if (rc != 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        if (ftruncate(f->fd, end) != 0) { /* the old document stays first either way */ }
        return -1;
    }
    f->trailer = trailer;
    f->count++;
    return 0;
}

void record_file_close(record_file *f)
{
    if (f->fd >= 0) close(f->fd);
    f->fd = -1;
}
