/* file.c -- reading a whole file into memory, and writing one so that a crash leaves the old or the new */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

char *file_read(const char *path, size_t max_len, size_t *len, bool *too_large, char *why,
                size_t whylen)
{
    if (too_large) *too_large = false;
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        snprintf(why, whylen, "%s", strerror(path ? errno : EINVAL));
        return NULL;
    }
    size_t cap = 8192, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) buf = xrealloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (max_len && n > max_len) {
            snprintf(why, whylen, "larger than %zu bytes", max_len);
            if (too_large) *too_large = true;
            fclose(f);
            free(buf);
            return NULL;
        }
        if (got == 0) break;
    }
    bool failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        snprintf(why, whylen, "%s", strerror(saved));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

int file_sync_dir(const char *path)
{
    char *copy = xstrdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    free(copy);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int file_write_durable(const char *path, const void *data, size_t len, int mode, char *why, size_t whylen)
{
    char *tmp = xasprintf("%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    bool ok = fd >= 0;
    for (size_t done = 0; ok && done < len;) {
        ssize_t k = write(fd, (const char *)data + done, len - done);
        if (k < 0 && errno == EINTR) continue;
        ok = k > 0;
        if (ok) done += (size_t)k;
    }
    ok = ok && fsync(fd) == 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (ok && file_sync_dir(path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        snprintf(why, whylen, "%s", strerror(saved ? saved : EIO));
        unlink(tmp);
    }
    free(tmp);
    return ok ? 0 : -1;
}
