#ifndef CMSCHED_CCURL_SHIM_H
#define CMSCHED_CCURL_SHIM_H
/* curl_easy_setopt/getinfo are variadic, which Swift cannot call: typed wrappers. */
#include <curl/curl.h>

typedef size_t (*cmsched_curl_data_cb)(char *, size_t, size_t, void *);

static inline CURLcode cmsched_curl_set_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode cmsched_curl_set_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode cmsched_curl_set_pointer(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode cmsched_curl_set_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode cmsched_curl_set_data_callback(CURL *h, CURLoption o, cmsched_curl_data_cb v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode cmsched_curl_set_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode cmsched_curl_get_long(CURL *h, CURLINFO i, long *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode cmsched_curl_get_double(CURL *h, CURLINFO i, double *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode cmsched_curl_get_string(CURL *h, CURLINFO i, char **v) {
    return curl_easy_getinfo(h, i, v);
}
typedef int (*cmsched_curl_debug_cb)(CURL *, curl_infotype, char *, size_t, void *);
static inline CURLcode cmsched_curl_set_debug_callback(CURL *h, cmsched_curl_debug_cb v) {
    return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, v);
}
/* Macros Swift cannot import. */
static const long cmsched_curlauth_basic = (long)CURLAUTH_BASIC;
#endif
