/* test_ui_files.c -- /__admin/ui: the dashboard's files from the binary, their types and caching, outside the journal */
#include <dirent.h>

#include "scenario_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(ui, .init = start, .fini = stop);

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    return NULL;
}

static int ui_file(const struct dirent *d) { return d->d_name[0] != '.' && strrchr(d->d_name, '.') && type_of(d->d_name); }

Test(ui, every_file_of_ui_is_served_as_it_is_with_its_type)
{
    struct dirent **files;
    int n = scandir("ui", &files, ui_file, alphasort);
    cr_assert_gt(n, 4);
    for (int i = 0; i < n; i++) {
        char url[300], path[300], buf[256];
        snprintf(url, sizeof url, "/__admin/ui/%s", files[i]->d_name);
        snprintf(path, sizeof path, "ui/%s", files[i]->d_name);
        size_t len;
        const char *want = read_file(path, &len);
        tresponse r = treq("GET", url, NULL, NULL);
        cr_assert_eq(r.status, 200, "%s: %ld", url, r.status);
        cr_assert_str_eq(header_value(&r, "Content-Type", buf, sizeof buf), type_of(files[i]->d_name), "%s", url);
        cr_assert_eq(header_long(&r, "Content-Length"), (long)len);
        cr_assert_eq(strcmp(r.body, want), 0, "%s differs from the checkout", url);
        cr_assert_str_eq(header_value(&r, "Cache-Control", buf, sizeof buf), "no-cache");
        cr_assert_not_null(header_value(&r, "ETag", buf, sizeof buf));
        cr_assert_not_null(strstr(header_value(&r, "Content-Security-Policy", buf, sizeof buf), "default-src 'self'"));
        cr_assert_str_eq(header_value(&r, "X-Content-Type-Options", buf, sizeof buf), "nosniff");
        tresponse_free(&r);
        free(files[i]);
    }
    free(files);
}

Test(ui, the_page_is_at_ui_and_ui_slash)
{
    size_t len;
    const char *index = read_file("ui/index.html", &len);
    for (int i = 0; i < 2; i++) {
        tresponse r = treq("GET", i ? "/__admin/ui/" : "/__admin/ui", NULL, NULL);
        cr_assert_eq(r.status, 200);
        cr_assert_str_eq(r.body, index);
        tresponse_free(&r);
    }
}

Test(ui, a_browser_revalidates_and_gets_304)
{
    char etag[64], buf[64];
    tresponse r = treq("GET", "/__admin/ui/app.js", NULL, NULL);
    cr_assert_not_null(header_value(&r, "ETag", etag, sizeof etag));
    tresponse_free(&r);
    char line[128];
    snprintf(line, sizeof line, "If-None-Match: %s", etag);
    const char *const same[] = {line, NULL};
    r = treq_headers("GET", "/__admin/ui/app.js", NULL, NULL, NULL, same);
    cr_assert_eq(r.status, 304);
    cr_assert_str_eq(r.body, "");
    cr_assert_str_eq(header_value(&r, "ETag", buf, sizeof buf), etag);
    tresponse_free(&r);
    const char *const other[] = {"If-None-Match: \"0000\"", NULL};
    r = treq_headers("GET", "/__admin/ui/app.js", NULL, NULL, NULL, other);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
    /* Another file has another tag. */
    r = treq("GET", "/__admin/ui/style.css", NULL, NULL);
    cr_assert_str_neq(header_value(&r, "ETag", buf, sizeof buf), etag);
    tresponse_free(&r);
}

Test(ui, head_answers_the_headers_alone)
{
    size_t len;
    read_file("ui/style.css", &len);
    tresponse r = treq("HEAD", "/__admin/ui/style.css", NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(header_long(&r, "Content-Length"), (long)len);
    cr_assert_str_eq(r.body, "");
    tresponse_free(&r);
}

Test(ui, anything_else_is_a_zoho_error)
{
    static const char *const missing[] = {"/__admin/ui/nothing.js", "/__admin/ui/%2e%2e/fixtures/default.json",
                                          "/__admin/ui/..%2fMakefile", "/__admin/ui/index.html/x"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        tresponse r = treq("GET", missing[i], NULL, NULL);
        expect_error(&r, 404, 5, "Invalid URL Passed");
        tresponse_free(&r);
    }
    tresponse r = treq("POST", "/__admin/ui/", NULL, "{}");
    expect_error(&r, 405, 37, "The HTTP method POST is not allowed for the requested resource");
    char buf[64];
    cr_assert_str_eq(header_value(&r, "Allow", buf, sizeof buf), "GET, HEAD");
    tresponse_free(&r);
    /* Only the folder: /__admin/uix is the API's unknown path. */
    r = treq("GET", "/__admin/uix", NULL, NULL);
    expect_error(&r, 404, 5, "Invalid URL Passed");
    tresponse_free(&r);
}

Test(ui, the_page_and_its_calls_close_their_connections)
{
    char buf[64];
    tresponse r = treq("GET", "/__admin/ui/", NULL, NULL);
    cr_assert_str_eq(header_value(&r, "Connection", buf, sizeof buf), "close");
    tresponse_free(&r);
    /* The page's admin calls say who they are and are closed too; others keep theirs. */
    const char *const marked[] = {"X-Zoho-Mock-Dashboard: 1", NULL};
    r = treq_headers("GET", "/__admin/requests", NULL, NULL, NULL, marked);
    cr_assert_str_eq(header_value(&r, "Connection", buf, sizeof buf), "close");
    tresponse_free(&r);
    r = treq("GET", "/__admin/requests", NULL, NULL);
    cr_assert_null(header_value(&r, "Connection", buf, sizeof buf));
    tresponse_free(&r);
}
