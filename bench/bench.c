/* bench.c -- load on a real zoho-mock over keep-alive connections: throughput, latency percentiles, peak memory */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONNECTIONS 4
#define REQUESTS_PER_CONNECTION 2500

static int server_port;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Reads one HTTP response (headers + Content-Length body). Returns the status. */
static int read_response(int fd)
{
    static __thread char buf[1 << 20];
    size_t len = 0;
    long content_length = -1;
    char *body = NULL;
    for (;;) {
        ssize_t n = read(fd, buf + len, sizeof buf - len - 1);
        if (n <= 0) return -1;
        len += (size_t)n;
        buf[len] = '\0';
        if (!body && (body = strstr(buf, "\r\n\r\n"))) {
            body += 4;
            char *cl = strcasestr(buf, "Content-Length:");
            content_length = cl ? strtol(cl + 15, NULL, 10) : 0;
        }
        if (body && (long)(len - (size_t)(body - buf)) >= content_length) break;
    }
    return atoi(buf + 9);
}

typedef struct worker {
    const char *request;        /* the whole request text */
    double *latencies;
    int count;
    int errors;
} worker;

static void *run_worker(void *arg)
{
    worker *w = arg;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)server_port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("connect");
        exit(1);
    }
    size_t rlen = strlen(w->request);
    for (int i = 0; i < w->count; i++) {
        double t0 = now_ms();
        if (write(fd, w->request, rlen) != (ssize_t)rlen) w->errors++;
        int status = read_response(fd);
        if (status < 200 || status >= 300) w->errors++;
        w->latencies[i] = now_ms() - t0;
    }
    close(fd);
    return NULL;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long peak_rss_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kb = strtol(line + 6, NULL, 10);
    if (f) fclose(f);
    return kb;
}

static void run_case(const char *name, const char *request)
{
    worker w[CONNECTIONS];
    pthread_t t[CONNECTIONS];
    double *all = malloc(sizeof(double) * CONNECTIONS * REQUESTS_PER_CONNECTION);
    double t0 = now_ms();
    for (int i = 0; i < CONNECTIONS; i++) {
        w[i] = (worker){request, all + i * REQUESTS_PER_CONNECTION, REQUESTS_PER_CONNECTION, 0};
        pthread_create(&t[i], NULL, run_worker, &w[i]);
    }
    int errors = 0;
    for (int i = 0; i < CONNECTIONS; i++) {
        pthread_join(t[i], NULL);
        errors += w[i].errors;
    }
    double elapsed = now_ms() - t0;
    int n = CONNECTIONS * REQUESTS_PER_CONNECTION;
    qsort(all, (size_t)n, sizeof *all, compare_double);
    printf("%-28s %6d req  %8.0f req/s  p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms  errors %d\n", name, n,
           n / (elapsed / 1000.0), all[n / 2], all[n * 99 / 100], all[n - 1], errors);
    free(all);
}

int main(int argc, char **argv)
{
    const char *binary = argc > 1 ? argv[1] : "build/zoho-mock";
    int out[2];
    if (pipe(out) != 0) return 1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        execl(binary, binary, "--port", "0", "--quiet", "--threads", "8", NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[512];
    if (!fgets(line, sizeof line, f) || !strstr(line, "127.0.0.1:")) {
        fprintf(stderr, "bench: server did not start\n");
        return 1;
    }
    server_port = atoi(strstr(line, "127.0.0.1:") + 10);
    printf("zoho-mock bench: %d keep-alive connections x %d requests, server pid %d\n", CONNECTIONS,
           REQUESTS_PER_CONNECTION, (int)pid);

    const char *auth = "Authorization: Zoho-oauthtoken 1000.full.john\r\n";
    char get_items[512], get_list[512], post_adj[1024];
    snprintf(get_items, sizeof get_items,
             "GET /inventory/v1/items/4815000000033024?organization_id=10234695 HTTP/1.1\r\nHost: b\r\n%s\r\n", auth);
    const char *body = "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                       "\"line_items\":[{\"item_id\":\"4815000000033024\",\"quantity_adjusted\":1}]}";
    snprintf(post_adj, sizeof post_adj,
             "POST /inventory/v1/inventoryadjustments?organization_id=10234695 HTTP/1.1\r\nHost: b\r\n%s"
             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
             auth, strlen(body), body);
    snprintf(get_list, sizeof get_list,
             "GET /inventory/v1/inventoryadjustments?organization_id=10234695&per_page=25 HTTP/1.1\r\nHost: b\r\n%s\r\n", auth);

    char post_count[1024];
    const char *count_body = "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033024\"}]}";
    snprintf(post_count, sizeof post_count,
             "POST /inventory/v1/inventorycounts?organization_id=10234695 HTTP/1.1\r\nHost: b\r\n%s"
             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
             auth, strlen(count_body), count_body);

    run_case("GET /items/{id}", get_items);
    run_case("POST /inventoryadjustments", post_adj);
    run_case("GET /inventoryadjustments", get_list);
    /* Every request first settles what fell due in its organization
     * (background actions, recurring profiles): its cost with many counts. */
    run_case("POST /inventorycounts", post_count);
    run_case("GET /items/{id} (10k counts)", get_items);
    printf("server peak RSS: %ld kB after %d adjustments and %d stock counts\n", peak_rss_kb(pid),
           CONNECTIONS * REQUESTS_PER_CONNECTION, CONNECTIONS * REQUESTS_PER_CONNECTION);
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
