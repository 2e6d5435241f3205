#ifndef CMSCHED_CCURL_SHIM_H
#define CMSCHED_CCURL_SHIM_H
/* libcurl is opened on first use (dlopen), not linked: a command that makes no request and reads no
   URL with it (most of them) never loads libcurl and the 30 libraries it needs, about 5 ms of every
   start (bench/RESULTS.md). Each function is looked up once; every call goes through these
   wrappers (cmsched_curl_NAME for curl_NAME). curl_easy_setopt/getinfo are variadic, which Swift
   cannot call: typed wrappers. */
#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

/* The library, opened once; NULL when it cannot be (cmsched_curl_error says why). */
static inline void *cmsched_curl_library(void) {
    static void *library;
    void *loaded = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
    if (loaded == NULL) {
        loaded = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (loaded != NULL) __atomic_store_n(&library, loaded, __ATOMIC_RELEASE);
    }
    return loaded;
}

/* Why the library could not be opened (dlerror's text), or NULL. */
static inline const char *cmsched_curl_error(void) {
    return cmsched_curl_library() == NULL ? dlerror() : NULL;
}

/* `name` in the library, looked up once into `slot`; NULL when it cannot be. */
static inline void *cmsched_curl_function(void **slot, const char *name) {
    void *function = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (function == NULL) {
        void *library = cmsched_curl_library();
        function = library == NULL ? NULL : dlsym(library, name);
        if (function != NULL) __atomic_store_n(slot, function, __ATOMIC_RELEASE);
    }
    return function;
}

/* `function`: `name` from the library, with the type curl.h declares for it (typeof does not
   refer to the symbol itself, so nothing is linked). */
#define CMSCHED_CURL_FUNCTION(name) \
    static void *slot; \
    __typeof__(&name) function = (__typeof__(&name))cmsched_curl_function(&slot, #name)

static inline CURLcode cmsched_curl_global_init(long flags) {
    CMSCHED_CURL_FUNCTION(curl_global_init);
    return function ? function(flags) : CURLE_FAILED_INIT;
}
static inline CURL *cmsched_curl_easy_init(void) {
    CMSCHED_CURL_FUNCTION(curl_easy_init);
    return function ? function() : NULL;
}
static inline void cmsched_curl_easy_cleanup(CURL *h) {
    CMSCHED_CURL_FUNCTION(curl_easy_cleanup);
    if (function) function(h);
}
static inline void cmsched_curl_easy_reset(CURL *h) {
    CMSCHED_CURL_FUNCTION(curl_easy_reset);
    if (function) function(h);
}
static inline CURLcode cmsched_curl_easy_perform(CURL *h) {
    CMSCHED_CURL_FUNCTION(curl_easy_perform);
    return function ? function(h) : CURLE_FAILED_INIT;
}
static inline const char *cmsched_curl_easy_strerror(CURLcode code) {
    CMSCHED_CURL_FUNCTION(curl_easy_strerror);
    return function ? function(code) : "libcurl is not loaded";
}
static inline struct curl_slist *cmsched_curl_slist_append(struct curl_slist *list, const char *text) {
    CMSCHED_CURL_FUNCTION(curl_slist_append);
    return function ? function(list, text) : NULL;
}
static inline void cmsched_curl_slist_free_all(struct curl_slist *list) {
    CMSCHED_CURL_FUNCTION(curl_slist_free_all);
    if (function) function(list);
}
static inline CURLU *cmsched_curl_url(void) {
    CMSCHED_CURL_FUNCTION(curl_url);
    return function ? function() : NULL;
}
static inline void cmsched_curl_url_cleanup(CURLU *url) {
    CMSCHED_CURL_FUNCTION(curl_url_cleanup);
    if (function) function(url);
}
static inline CURLUcode cmsched_curl_url_set(CURLU *url, CURLUPart part, const char *content, unsigned int flags) {
    CMSCHED_CURL_FUNCTION(curl_url_set);
    return function ? function(url, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}
static inline CURLUcode cmsched_curl_url_get(CURLU *url, CURLUPart part, char **content, unsigned int flags) {
    CMSCHED_CURL_FUNCTION(curl_url_get);
    return function ? function(url, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}
static inline void cmsched_curl_free(void *pointer) {
    CMSCHED_CURL_FUNCTION(curl_free);
    if (function) function(pointer);
}

typedef size_t (*cmsched_curl_data_cb)(char *, size_t, size_t, void *);

typedef CURLcode (*cmsched_curl_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*cmsched_curl_getinfo_fn)(CURL *, CURLINFO, ...);
static inline cmsched_curl_setopt_fn cmsched_curl_setopt(void) {
    CMSCHED_CURL_FUNCTION(curl_easy_setopt);
    return function;
}
static inline cmsched_curl_getinfo_fn cmsched_curl_getinfo(void) {
    CMSCHED_CURL_FUNCTION(curl_easy_getinfo);
    return function;
}
#define CMSCHED_SETOPT(h, o, v) (cmsched_curl_setopt() ? cmsched_curl_setopt()(h, o, v) : CURLE_FAILED_INIT)
#define CMSCHED_GETINFO(h, i, v) (cmsched_curl_getinfo() ? cmsched_curl_getinfo()(h, i, v) : CURLE_FAILED_INIT)

static inline CURLcode cmsched_curl_set_long(CURL *h, CURLoption o, long v) { return CMSCHED_SETOPT(h, o, v); }
static inline CURLcode cmsched_curl_set_string(CURL *h, CURLoption o, const char *v) { return CMSCHED_SETOPT(h, o, v); }
static inline CURLcode cmsched_curl_set_pointer(CURL *h, CURLoption o, void *v) { return CMSCHED_SETOPT(h, o, v); }
static inline CURLcode cmsched_curl_set_slist(CURL *h, CURLoption o, struct curl_slist *v) { return CMSCHED_SETOPT(h, o, v); }
static inline CURLcode cmsched_curl_set_data_callback(CURL *h, CURLoption o, cmsched_curl_data_cb v) { return CMSCHED_SETOPT(h, o, v); }
static inline CURLcode cmsched_curl_set_off(CURL *h, CURLoption o, curl_off_t v) { return CMSCHED_SETOPT(h, o, v); }
static inline CURLcode cmsched_curl_get_long(CURL *h, CURLINFO i, long *v) { return CMSCHED_GETINFO(h, i, v); }
static inline CURLcode cmsched_curl_get_double(CURL *h, CURLINFO i, double *v) { return CMSCHED_GETINFO(h, i, v); }
static inline CURLcode cmsched_curl_get_string(CURL *h, CURLINFO i, char **v) { return CMSCHED_GETINFO(h, i, v); }
typedef int (*cmsched_curl_debug_cb)(CURL *, curl_infotype, char *, size_t, void *);
static inline CURLcode cmsched_curl_set_debug_callback(CURL *h, cmsched_curl_debug_cb v) {
    return CMSCHED_SETOPT(h, CURLOPT_DEBUGFUNCTION, v);
}
/* Macros Swift cannot import. */
static const long cmsched_curlauth_basic = (long)CURLAUTH_BASIC;
#endif
