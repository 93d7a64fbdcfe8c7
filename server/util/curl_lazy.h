/* curl_lazy.h -- libcurl loaded on first use: a server that never calls out (no --proxy, no verify --target) starts without it */
#ifndef ZM_CURL_LAZY_H
#define ZM_CURL_LAZY_H

/* Linking libcurl made every start load some thirty libraries and run
 * their constructors (TLS and crypto set-up): most of a start's 14 ms.
 * Files that call out include this header instead of <curl/curl.h>; the
 * curl_* calls below then go through pointers that the first call fills
 * with dlopen("libcurl.so.4") (Debian's libcurl4, installed by make deps).
 * When it cannot be loaded the call prints one line and exits 2. */

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

typedef struct zm_curl_api {
    CURLcode (*global_init)(long flags);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *curl);
    CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
    void (*easy_reset)(CURL *curl);
    void (*easy_cleanup)(CURL *curl);
    const char *(*easy_strerror)(CURLcode code);
    char *(*easy_escape)(CURL *curl, const char *string, int length);
    void (*free)(void *p);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
} zm_curl_api;

/* The loaded functions (loads them on the first call; thread-safe). */
const zm_curl_api *zm_curl(void);

#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init(flags) (zm_curl()->global_init(flags))
#define curl_global_cleanup() (zm_curl()->global_cleanup())
#define curl_easy_init() (zm_curl()->easy_init())
#define curl_easy_setopt(...) (zm_curl()->easy_setopt(__VA_ARGS__))
#define curl_easy_perform(c) (zm_curl()->easy_perform(c))
#define curl_easy_getinfo(...) (zm_curl()->easy_getinfo(__VA_ARGS__))
#define curl_easy_reset(c) (zm_curl()->easy_reset(c))
#define curl_easy_cleanup(c) (zm_curl()->easy_cleanup(c))
#define curl_easy_strerror(code) (zm_curl()->easy_strerror(code))
#define curl_easy_escape(c, s, n) (zm_curl()->easy_escape((c), (s), (n)))
#define curl_free(p) (zm_curl()->free(p))
#define curl_slist_append(l, s) (zm_curl()->slist_append((l), (s)))
#define curl_slist_free_all(l) (zm_curl()->slist_free_all(l))

#endif
