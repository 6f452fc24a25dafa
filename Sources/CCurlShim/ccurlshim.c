#include "ccurlshim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// libcurl's own prototypes (curl.h), with CURL, CURLoption, CURLINFO and CURLcode spelt as
// the types they are at the ABI level: an opaque pointer and three int-sized enums.
typedef cronops_curl_easy *(*easy_init_fn)(void);
typedef void (*easy_cleanup_fn)(cronops_curl_easy *);
typedef int (*easy_perform_fn)(cronops_curl_easy *);
typedef const char *(*easy_strerror_fn)(int);
typedef int (*easy_setopt_fn)(cronops_curl_easy *, int, ...);
typedef int (*easy_getinfo_fn)(cronops_curl_easy *, int, ...);
typedef int (*global_init_fn)(long);
typedef cronops_curl_slist *(*slist_append_fn)(cronops_curl_slist *, const char *);
typedef void (*slist_free_all_fn)(cronops_curl_slist *);

// CURL_GLOBAL_ALL: SSL and Win32 sockets.
static const long global_all = 3;

// Written once, inside `open_libcurl`, and only read after pthread_once has returned, which
// orders those writes before every read on every thread.
static struct {
    int usable;
    easy_init_fn easy_init;
    easy_cleanup_fn easy_cleanup;
    easy_perform_fn easy_perform;
    easy_strerror_fn easy_strerror;
    easy_setopt_fn easy_setopt;
    easy_getinfo_fn easy_getinfo;
    slist_append_fn slist_append;
    slist_free_all_fn slist_free_all;
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void open_libcurl(void) {
    void *handle = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_LOCAL);
    if (handle == NULL) {
        return;
    }
    global_init_fn global_init = (global_init_fn)dlsym(handle, "curl_global_init");
    curl.easy_init = (easy_init_fn)dlsym(handle, "curl_easy_init");
    curl.easy_cleanup = (easy_cleanup_fn)dlsym(handle, "curl_easy_cleanup");
    curl.easy_perform = (easy_perform_fn)dlsym(handle, "curl_easy_perform");
    curl.easy_strerror = (easy_strerror_fn)dlsym(handle, "curl_easy_strerror");
    curl.easy_setopt = (easy_setopt_fn)dlsym(handle, "curl_easy_setopt");
    curl.easy_getinfo = (easy_getinfo_fn)dlsym(handle, "curl_easy_getinfo");
    curl.slist_append = (slist_append_fn)dlsym(handle, "curl_slist_append");
    curl.slist_free_all = (slist_free_all_fn)dlsym(handle, "curl_slist_free_all");
    if (global_init == NULL || curl.easy_init == NULL || curl.easy_cleanup == NULL || curl.easy_perform == NULL
        || curl.easy_strerror == NULL || curl.easy_setopt == NULL || curl.easy_getinfo == NULL
        || curl.slist_append == NULL || curl.slist_free_all == NULL) {
        return;
    }
    // curl_global_init is not thread-safe; pthread_once runs it exactly once.
    curl.usable = global_init(global_all) == CRONOPS_CURLE_OK;
}

int cronops_curl_load(void) {
    pthread_once(&once, open_libcurl);
    return curl.usable;
}

cronops_curl_easy *cronops_curl_easy_init(void) { return curl.easy_init(); }

void cronops_curl_easy_cleanup(cronops_curl_easy *easy) { curl.easy_cleanup(easy); }

int cronops_curl_easy_perform(cronops_curl_easy *easy) { return curl.easy_perform(easy); }

const char *cronops_curl_easy_strerror(int code) { return curl.easy_strerror(code); }

// The kind of an option is its number rounded down to a multiple of 10000 (curl.h's CURLOPTTYPE).
static int kind_of(cronops_curl_option option) { return (int)option - (int)option % 10000; }

int cronops_curl_setopt_long(cronops_curl_easy *easy, cronops_curl_option option, long value) {
    if (kind_of(option) != CRONOPS_CURLOPTTYPE_LONG) {
        return CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT;
    }
    return curl.easy_setopt(easy, (int)option, value);
}

int cronops_curl_setopt_string(cronops_curl_easy *easy, cronops_curl_option option, const char *value) {
    if (kind_of(option) != CRONOPS_CURLOPTTYPE_OBJECTPOINT) {
        return CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT;
    }
    return curl.easy_setopt(easy, (int)option, value);
}

int cronops_curl_setopt_pointer(cronops_curl_easy *easy, cronops_curl_option option, void *value) {
    if (kind_of(option) != CRONOPS_CURLOPTTYPE_OBJECTPOINT) {
        return CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT;
    }
    return curl.easy_setopt(easy, (int)option, value);
}

int cronops_curl_setopt_off_t(cronops_curl_easy *easy, cronops_curl_option option, int64_t value) {
    if (kind_of(option) != CRONOPS_CURLOPTTYPE_OFF_T) {
        return CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT;
    }
    return curl.easy_setopt(easy, (int)option, value);
}

int cronops_curl_setopt_writefn(cronops_curl_easy *easy, cronops_curl_option option, cronops_curl_write_callback value) {
    if (kind_of(option) != CRONOPS_CURLOPTTYPE_FUNCTIONPOINT) {
        return CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT;
    }
    return curl.easy_setopt(easy, (int)option, value);
}

int cronops_curl_getinfo_long(cronops_curl_easy *easy, cronops_curl_info info, long *value) {
    if (((int)info & CRONOPS_CURLINFO_TYPEMASK) != CRONOPS_CURLINFO_LONG) {
        return CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT;
    }
    return curl.easy_getinfo(easy, (int)info, value);
}

cronops_curl_slist *cronops_curl_slist_append(cronops_curl_slist *list, const char *line) {
    return curl.slist_append(list, line);
}

void cronops_curl_slist_free_all(cronops_curl_slist *list) { curl.slist_free_all(list); }
