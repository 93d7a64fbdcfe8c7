/* curl_lazy.c -- libcurl loaded on first use: a server that never calls out (no --proxy, no verify --target) starts without it */
#include "util/curl_lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static zm_curl_api api;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

/* dlsym's void * to a function pointer, without a cast the standard frowns on. */
static void take(void *lib, const char *name, void *slot, size_t size)
{
    void *fn = dlsym(lib, name);
    if (!fn) {
        fprintf(stderr, "zoho-mock: libcurl.so.4 has no %s\n", name);
        exit(2);
    }
    memcpy(slot, &fn, size);
}

static void load(void)
{
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
        fprintf(stderr, "zoho-mock: cannot load libcurl (apt-get install libcurl4): %s\n", dlerror());
        exit(2);
    }
#define TAKE(field, name) take(lib, name, &api.field, sizeof api.field)
    TAKE(global_init, "curl_global_init");
    TAKE(global_cleanup, "curl_global_cleanup");
    TAKE(easy_init, "curl_easy_init");
    TAKE(easy_setopt, "curl_easy_setopt");
    TAKE(easy_perform, "curl_easy_perform");
    TAKE(easy_getinfo, "curl_easy_getinfo");
    TAKE(easy_reset, "curl_easy_reset");
    TAKE(easy_cleanup, "curl_easy_cleanup");
    TAKE(easy_strerror, "curl_easy_strerror");
    TAKE(easy_escape, "curl_easy_escape");
    TAKE(free, "curl_free");
    TAKE(slist_append, "curl_slist_append");
    TAKE(slist_free_all, "curl_slist_free_all");
#undef TAKE
}

const zm_curl_api *zm_curl(void)
{
    pthread_once(&loaded, load);
    return &api;
}
