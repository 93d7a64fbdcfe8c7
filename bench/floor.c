/* floor.c -- the floor of make bench: a bare civetweb handler answering one fixed body, with zoho-mock's options and headers */
#include <civetweb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What zoho-mock would answer, minus zoho-mock: the same civetweb
 * options, the same headers, the body read once from a file, one write. */
static char *response;
static size_t response_len;

static int answer(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    mg_write(conn, response, response_len);
    return 200;
}

static volatile sig_atomic_t stopping;
static void on_signal(int sig) { (void)sig; stopping = 1; }

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor PORT BODY_FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    static char body[1 << 20];
    size_t body_len = fread(body, 1, sizeof body, f);
    fclose(f);
    response = malloc(body_len + 256);
    if (!response) return 2;
    response_len = (size_t)snprintf(response, 256,
                                    "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\n"
                                    "Content-Length: %zu\r\nCache-Control: no-cache\r\n\r\n", body_len);
    memcpy(response + response_len, body, body_len);
    response_len += body_len;

    char ports[32];
    snprintf(ports, sizeof ports, "127.0.0.1:%s", argv[1]);
    const char *options[] = {"listening_ports", ports, "num_threads", "32", "enable_keep_alive", "yes",
                             "keep_alive_timeout_ms", "30000", "tcp_nodelay", "1", NULL};
    mg_init_library(0);
    struct mg_callbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    struct mg_context *ctx = mg_start(&callbacks, NULL, options);
    if (!ctx) {
        fprintf(stderr, "floor: cannot listen on %s\n", ports);
        return 2;
    }
    mg_set_request_handler(ctx, "/", answer, NULL);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    printf("floor listening on %s\n", ports);
    fflush(stdout);
    while (!stopping) pause();
    mg_stop(ctx);
    mg_exit_library();
    free(response);
    return 0;
}
