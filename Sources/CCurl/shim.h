#ifndef NEWSWATCH_CCURL_SHIM_H
#define NEWSWATCH_CCURL_SHIM_H
#include <curl/curl.h>

/*
 * Typed, non-variadic wrappers for libcurl's variadic calls, so that Swift can call them.
 * Each wrapper passes exactly the argument type libcurl expects for that family of options.
 */

/* curl_global_init(CURL_GLOBAL_ALL): the macro is not importable as a constant. */
static inline CURLcode ccurl_global_init_all(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

/* Options taking a long (CURLOPTTYPE_LONG). */
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking a C string (CURLOPTTYPE_STRINGPOINT); libcurl copies the string. */
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking a curl_off_t (CURLOPTTYPE_OFF_T). */
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking an opaque pointer (CURLOPTTYPE_OBJECTPOINT / CBPOINT), e.g. WRITEDATA, ERRORBUFFER. */
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/* Options taking a struct curl_slist * (CURLOPTTYPE_SLISTPOINT), e.g. HTTPHEADER. */
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* WRITEFUNCTION and HEADERFUNCTION share the curl_write_callback signature. */
static inline CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/* READFUNCTION (an upload's body, e.g. an SMTP message). */
static inline CURLcode ccurl_easy_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURLINFO_LONG infos. */
static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* CURLINFO_STRING infos; the string is owned by the easy handle. */
static inline CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* CURLINFO_OFF_T infos. */
static inline CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* Multi options taking a long. */
static inline CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

#endif
