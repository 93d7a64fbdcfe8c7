/* test_connections.c -- connections on a real socket: stalled, slow and idle clients, delays and hangs, framing, limits */
/* civetweb gives each connection a worker thread: these tests show the
 * pool, the deadlines and the cap on scenario waits keep every client
 * served (http/http.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http/http.h"
#include "http/server.h"
#include "http_client.h"
#include "raw_http.h"
#include "scenario_util.h"

#define HEALTH "GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
/* An upper bound in ms, longer under valgrind (ttime_scale). */
#define WITHIN(ms) ((ms) * ttime_scale())

static void stop(void) { tserver_stop(); }

TestSuite(connections, .fini = stop, .timeout = 60);

/* 0 for a timeout: the default, stretched under valgrind. */
static void start(int threads, int request_timeout_ms, int idle_timeout_ms)
{
    zm_server_options o = {
        .threads = threads,
        .request_timeout_ms = request_timeout_ms ? request_timeout_ms : (int)WITHIN(HTTP_REQUEST_TIMEOUT_MS),
        .idle_timeout_ms = idle_timeout_ms ? idle_timeout_ms : (int)WITHIN(HTTP_IDLE_TIMEOUT_MS),
    };
    tserver_start_opts(&o);
}

/* A connection that sent part of a request's head and then nothing. */
static int stalled_client(void)
{
    int fd = raw_connect();
    static const char part[] = HEALTH "X-Stalled: ";
    raw_write(fd, part, sizeof part - 1);
    return fd;
}

/* A new connection that sends text; its answer in res. The connection. */
static int ask_new(const char *text, raw_result *res)
{
    int fd = raw_connect();
    raw_ask(fd, text, strlen(text), (int)WITHIN(5000), res);
    return fd;
}

static bool still_open(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) == 0;
}

/* GET /__admin/health through libcurl; its time in ms. */
static double timed_health(void)
{
    double t0 = now_ms();
    tresponse r = treq("GET", "/__admin/health", NULL, NULL);
    double ms = now_ms() - t0;
    expect_ok(&r, 200, "ok");
    tresponse_free(&r);
    return ms;
}

/* -------------------------------------------------- slow and stalled */

Test(connections, a_hundred_stalled_clients_do_not_delay_a_normal_request)
{
    start(HTTP_DEFAULT_THREADS, 0, 0);      /* the defaults */
    int fds[100];
    for (int i = 0; i < 100; i++) fds[i] = stalled_client();
    double ms = timed_health();
    cr_assert_lt(ms, WITHIN(1000), "a normal request took %.0f ms behind 100 stalled clients", ms);
    /* They were really held, not dropped. */
    for (int i = 0; i < 100; i++) cr_assert(still_open(fds[i]), "stalled client %d was closed early", i);
    for (int i = 0; i < 100; i++) close(fds[i]);
}

Test(connections, a_head_not_in_within_the_request_timeout_is_dropped)
{
    start(4, 400, 10000);
    int fd = stalled_client();
    double ms = raw_closed_within(fd, (int)WITHIN(5000));
    cr_assert_geq(ms, 300, "dropped after %.0f ms, before its deadline", ms);
    close(fd);
    /* Dribbling a byte now and then does not keep it alive either: the
     * deadline counts from the first byte. */
    fd = raw_connect();
    double t0 = now_ms();
    bool closed = false;
    for (int i = 0; i < 40 && !closed; i++) {
        if (send(fd, "G", 1, MSG_NOSIGNAL) != 1) closed = true;
        struct pollfd p = {fd, POLLIN, 0};
        if (!closed && poll(&p, 1, 100) > 0) closed = true;
    }
    cr_assert(closed, "a client sending one byte per 100 ms stayed connected");
    cr_assert_lt(now_ms() - t0, WITHIN(2500));
    close(fd);
    cr_assert_lt(timed_health(), WITHIN(1000));
}

Test(connections, a_body_that_stops_coming_is_refused_and_dropped)
{
    start(4, 400, 10000);
    int fd = raw_connect();
    static const char req[] = "POST /__admin/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"clock\":";
    raw_write(fd, req, sizeof req - 1);
    double t0 = now_ms();
    raw_result *res = malloc(sizeof *res);
    raw_read(fd, (int)WITHIN(5000), res);
    cr_assert_geq(now_ms() - t0, 300);
    cr_assert(strstr(res->data, "HTTP/1.1 400"), "%s", res->data);
    cr_assert(strstr(raw_body(res), "stopped before its end"), "%s", res->data);
    cr_assert(raw_closed_within(fd, (int)WITHIN(5000)) >= 0);
    close(fd);
    free(res);
    /* Nothing was reset: the request never reached the admin API. */
    tresponse r = treq("GET", "/__admin/requests", NULL, NULL);
    cr_assert_null(strstr(r.body, "Fixtures have been restored"), "%s", r.body);
    tresponse_free(&r);
}

Test(connections, idle_keep_alive_connections_are_closed)
{
    start(4, 400, 400);
    int fd = raw_connect();
    static const char req[] = HEALTH "\r\n";
    raw_write(fd, req, sizeof req - 1);
    raw_result *res = malloc(sizeof *res);
    raw_read(fd, (int)WITHIN(5000), res);
    cr_assert(strstr(res->data, "HTTP/1.1 200 OK"), "%s", res->data);
    cr_assert_null(strcasestr(res->data, "Connection: close"), "keep-alive was refused: %s", res->data);
    double ms = raw_closed_within(fd, (int)WITHIN(5000));
    cr_assert_geq(ms, 300, "closed after %.0f ms idle", ms);
    close(fd);
    /* A connection that never sends anything goes at the request timeout. */
    fd = raw_connect();
    ms = raw_closed_within(fd, (int)WITHIN(5000));
    cr_assert_geq(ms, 300, "closed after %.0f ms idle", ms);
    close(fd);
    free(res);
}

/* --------------------------------------------------- delays and hangs */

Test(connections, delays_and_hangs_never_take_the_workers_others_need)
{
    start(8, 0, 0);     /* at most 4 waits at once */
    scenario_source("stuck", NULL,
                    "function on_request(req)\n"
                    "  if req.route == 'users.list' then return {fault = 'hang', delay_ms = 30000} end\n"
                    "  if req.route == 'locations.list' then return {delay_ms = 1500} end\n"
                    "end\n");
    int hung[6];
    for (int i = 0; i < 6; i++) hung[i] = raw_send(V1 "/users" QA, JOHN);
    cr_assert(wait_for_number("stuck", NULL, "calls", 6));
    /* Four hang; the two past the limit were closed at once. */
    bool gone[6] = {false};
    int closed = 0;
    for (double end = now_ms() + WITHIN(3000); closed < 2 && now_ms() < end;) {
        for (int i = 0; i < 6; i++) {
            struct pollfd p = {hung[i], POLLIN, 0};
            char c;
            if (!gone[i] && poll(&p, 1, 0) > 0 && recv(hung[i], &c, 1, 0) <= 0) gone[i] = true, closed++;
        }
        poll_pause();
    }
    cr_assert_eq(closed, 2, "%d of 6 hanging requests were closed at once", closed);
    for (int i = 0; i < 6; i++) cr_assert(gone[i] || still_open(hung[i]));
    /* Normal requests still find workers. */
    cr_assert_lt(timed_health(), WITHIN(1000));
    double t0 = now_ms();
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    cr_assert_lt(now_ms() - t0, WITHIN(1000), "a model request waited behind delays and hangs");
    /* A delay that finds no place left is answered at once, saying so. */
    t0 = now_ms();
    r = treq("GET", V1 "/locations" QA, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_lt(now_ms() - t0, WITHIN(1000));
    char buf[128];
    cr_assert_not_null(header_value(&r, "X-Zoho-Mock-Delay-Skipped", buf, sizeof buf), "%s", r.headers);
    tresponse_free(&r);
    /* Once the hanging clients give up, delays wait again. */
    for (int i = 0; i < 6; i++) close(hung[i]);
    bool delayed = false;
    for (double end = now_ms() + WITHIN(10000); !delayed && now_ms() < end;) {
        t0 = now_ms();
        r = treq("GET", V1 "/locations" QA, JOHN, NULL);
        delayed = !header_value(&r, "X-Zoho-Mock-Delay-Skipped", buf, sizeof buf);
        if (delayed) cr_assert_geq(now_ms() - t0, 1400, "the delay was not waited");
        tresponse_free(&r);
    }
    cr_assert(delayed, "the places of the hangs never came back");
}

/* ------------------------------------------------------------ framing */

Test(connections, pipelined_requests_are_answered_in_order)
{
    start(4, 0, 0);
    int fd = raw_connect();
    static const char two[] = HEALTH "\r\n"
                              "GET /__admin/clock?organization_id=" ORG_B " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    raw_write(fd, two, sizeof two - 1);
    static char all[16384];
    size_t len = 0;
    for (ssize_t k; len < sizeof all - 1 && (k = recv(fd, all + len, sizeof all - 1 - len, 0)) > 0;) len += (size_t)k;
    all[len] = '\0';
    const char *first = strstr(all, "\"healthy\""), *second = strstr(all, "\"clock\"");
    cr_assert(first && second && first < second, "%s", all);
    cr_assert(strcasestr(second - 200 > all ? second - 200 : all, "Connection: close"), "%s", all);
    close(fd);
}

Test(connections, chunked_bodies_and_100_continue)
{
    start(4, 0, 0);
    static const char json[] = "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                               "\"line_items\":[{\"item_id\":\"4815000000033024\",\"quantity_adjusted\":-1}]}";
    char req[2048];
    int half = (int)(sizeof json - 1) / 2;
    int n = snprintf(req, sizeof req,
                     "POST " V1 "/inventoryadjustments" QA " HTTP/1.1\r\nHost: x\r\n"
                     "Authorization: Zoho-oauthtoken " JOHN "\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n%x\r\n%.*s\r\n%zx\r\n%s\r\n0\r\n\r\n",
                     half, half, json, sizeof json - 1 - (size_t)half, json + half);
    int fd = raw_connect();
    raw_write(fd, req, (size_t)n);
    raw_result *res = malloc(sizeof *res);
    raw_read(fd, (int)WITHIN(5000), res);
    cr_assert(strstr(res->data, "HTTP/1.1 201"), "%s", res->data);
    cr_assert(strstr(raw_body(res), "\"quantity_adjusted\":-1"), "%s", res->data);

    /* Expect: 100-continue: the go-ahead comes before the body is sent. */
    n = snprintf(req, sizeof req,
                 "POST " V1 "/inventoryadjustments" QA " HTTP/1.1\r\nHost: x\r\n"
                 "Authorization: Zoho-oauthtoken " JOHN "\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: %zu\r\n\r\n", sizeof json - 1);
    close(fd);
    fd = raw_connect();
    raw_ask(fd, req, (size_t)n, (int)WITHIN(5000), res);
    cr_assert(strncmp(res->data, "HTTP/1.1 100 Continue\r\n\r\n", 25) == 0, "%s", res->data);
    raw_ask(fd, json, sizeof json - 1, (int)WITHIN(5000), res);
    cr_assert(strstr(res->data, "HTTP/1.1 201"), "%s", res->data);
    close(fd);
    free(res);
}

Test(connections, http_1_0_closes_unless_asked_to_keep_alive)
{
    start(4, 0, 0);
    raw_result *res = malloc(sizeof *res);
    int fd = ask_new("GET /__admin/health HTTP/1.0\r\n\r\n", res);
    cr_assert(strcasestr(res->data, "Connection: close"), "%s", res->data);
    cr_assert(raw_closed_within(fd, (int)WITHIN(3000)) >= 0, "HTTP/1.0 connection left open");
    close(fd);
    static const char kept[] = "GET /__admin/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    fd = ask_new(kept, res);
    cr_assert(strcasestr(res->data, "Connection: keep-alive"), "%s", res->data);
    raw_ask(fd, kept, sizeof kept - 1, (int)WITHIN(5000), res);
    cr_assert(strstr(res->data, "\"healthy\""), "the kept connection did not answer again: %s", res->data);
    close(fd);
    free(res);
}

Test(connections, head_requests_get_headers_only)
{
    start(4, 0, 0);
    raw_result *res = malloc(sizeof *res);
    int fd = ask_new("HEAD /__admin/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", res);
    cr_assert(res->eof, "no close after the headers");
    cr_assert_str_eq(raw_body(res), "", "a HEAD answer carried a body: %s", res->data);
    cr_assert_gt(raw_content_length(res), 0);
    close(fd);
    free(res);
}

/* ------------------------------------------------------------- limits */

Test(connections, past_the_worker_pool_new_clients_wait_for_a_free_worker)
{
    start(3, 0, 10000);
    int idle[3];
    static const char req[] = HEALTH "\r\n";
    raw_result *res = malloc(sizeof *res);
    for (int i = 0; i < 3; i++) {
        idle[i] = raw_connect();
        raw_ask(idle[i], req, sizeof req - 1, (int)WITHIN(5000), res);
        cr_assert(strstr(res->data, "200 OK"));
    }
    int late = raw_connect();       /* queued: every worker holds an idle connection */
    raw_ask(late, req, sizeof req - 1, 300, res);
    cr_assert(res->timed_out, "a fourth connection was served: %s", res->data);
    close(idle[0]);
    raw_read(late, (int)WITHIN(5000), res);
    cr_assert(strstr(res->data, "200 OK"), "the waiting client was not served once a connection closed");
    close(late);
    close(idle[1]);
    close(idle[2]);
    free(res);
}

Test(connections, a_body_past_the_limit_is_refused_before_it_is_read)
{
    start(4, 0, 0);
    int fd = raw_connect();
    static const char req[] = "POST /inventory/v1/inventoryadjustments HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: application/json\r\nContent-Length: 40000000\r\n\r\n{";
    raw_write(fd, req, sizeof req - 1);
    raw_result *res = malloc(sizeof *res);
    raw_read(fd, (int)WITHIN(5000), res);
    cr_assert(strstr(res->data, "HTTP/1.1 413"), "%s", res->data);
    cr_assert(strcasestr(res->data, "Connection: close"), "%s", res->data);
    cJSON *j = cJSON_Parse(raw_body(res));
    cr_assert_eq(tjson_num(j, "code"), 4, "%s", res->data);
    cr_assert_str_eq(tjson_str(j, "message"), "The request body is larger than 33554432 bytes.");
    cJSON_Delete(j);
    cr_assert(raw_closed_within(fd, (int)WITHIN(3000)) >= 0);
    close(fd);
    free(res);
}

Test(connections, stopping_with_stalled_and_idle_clients_is_quick)
{
    start(64, 0, 0);
    int fds[50];
    for (int i = 0; i < 50; i++) fds[i] = i % 2 ? stalled_client() : raw_connect();
    cr_assert_lt(timed_health(), WITHIN(1000));
    double t0 = now_ms();
    tserver_stop();
    cr_assert_lt(now_ms() - t0, WITHIN(5000), "stopping took %.0f ms", now_ms() - t0);
    for (int i = 0; i < 50; i++) {
        cr_assert(raw_closed_within(fds[i], (int)WITHIN(2000)) >= 0, "client %d still connected after the stop", i);
        close(fds[i]);
    }
}
