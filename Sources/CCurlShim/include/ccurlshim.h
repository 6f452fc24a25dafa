#ifndef CRONOPS_CCURLSHIM_H
#define CRONOPS_CCURLSHIM_H

// libcurl for Swift, opened lazily with dlopen and called through its real C prototypes.
//
// `curl_easy_setopt` and `curl_easy_getinfo` are variadic. Swift cannot call a variadic C
// function through a function pointer, and calling one through a fixed prototype is undefined
// behaviour (it happens to work on x86-64 and AArch64 Linux for integers and pointers, and
// breaks where the variadic convention differs, as on Apple's arm64, which passes variadic
// arguments on the stack). So the variadic calls happen here, in C, with
// the argument type curl documents for each kind of option, and Swift sees one fixed,
// non-variadic function per kind. Each setter refuses an option of another kind
// (CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT), so a mismatch cannot reach libcurl.
//
// No libcurl headers are needed: the few types and constants used are declared below, with
// the values of curl.h (they are part of libcurl's stable ABI).

#include <stddef.h>
#include <stdint.h>

typedef struct cronops_curl_easy cronops_curl_easy;   // CURL
typedef struct cronops_curl_slist cronops_curl_slist; // struct curl_slist

// curl_write_callback, also the prototype of the header callback.
typedef size_t (*cronops_curl_write_callback)(char *data, size_t size, size_t count, void *user);

// CURLoption numbers: the option's kind (its argument type) plus its number.
enum {
    CRONOPS_CURLOPTTYPE_LONG = 0,
    CRONOPS_CURLOPTTYPE_OBJECTPOINT = 10000,
    CRONOPS_CURLOPTTYPE_FUNCTIONPOINT = 20000,
    CRONOPS_CURLOPTTYPE_OFF_T = 30000,
    CRONOPS_CURLOPTTYPE_BLOB = 40000,
};

typedef enum cronops_curl_option {
    CRONOPS_CURLOPT_WRITEDATA = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 1,
    CRONOPS_CURLOPT_URL = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 2,
    CRONOPS_CURLOPT_ERRORBUFFER = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 10,
    CRONOPS_CURLOPT_WRITEFUNCTION = CRONOPS_CURLOPTTYPE_FUNCTIONPOINT + 11,
    CRONOPS_CURLOPT_POSTFIELDS = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 15,
    CRONOPS_CURLOPT_HTTPHEADER = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 23,
    CRONOPS_CURLOPT_HEADERDATA = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 29,
    CRONOPS_CURLOPT_CUSTOMREQUEST = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 36,
    CRONOPS_CURLOPT_POST = CRONOPS_CURLOPTTYPE_LONG + 47,
    CRONOPS_CURLOPT_HEADERFUNCTION = CRONOPS_CURLOPTTYPE_FUNCTIONPOINT + 79,
    CRONOPS_CURLOPT_HTTPGET = CRONOPS_CURLOPTTYPE_LONG + 80,
    CRONOPS_CURLOPT_CAINFO = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 65,
    CRONOPS_CURLOPT_CAPATH = CRONOPS_CURLOPTTYPE_OBJECTPOINT + 97,
    CRONOPS_CURLOPT_NOSIGNAL = CRONOPS_CURLOPTTYPE_LONG + 99,
    CRONOPS_CURLOPT_POSTFIELDSIZE_LARGE = CRONOPS_CURLOPTTYPE_OFF_T + 120,
    CRONOPS_CURLOPT_TIMEOUT_MS = CRONOPS_CURLOPTTYPE_LONG + 155,
    CRONOPS_CURLOPT_CONNECTTIMEOUT_MS = CRONOPS_CURLOPTTYPE_LONG + 156,
} cronops_curl_option;

// CURLINFO numbers: the result's type in the top bits plus its number.
enum {
    CRONOPS_CURLINFO_LONG = 0x200000,
    CRONOPS_CURLINFO_TYPEMASK = 0xf00000,
};

typedef enum cronops_curl_info {
    CRONOPS_CURLINFO_RESPONSE_CODE = CRONOPS_CURLINFO_LONG + 2,
} cronops_curl_info;

// CURLcode values the shim itself returns.
enum {
    CRONOPS_CURLE_OK = 0,
    CRONOPS_CURLE_FAILED_INIT = 2,
    CRONOPS_CURLE_BAD_FUNCTION_ARGUMENT = 43,
};

// curl's own size of an error buffer (CURL_ERROR_SIZE).
enum { CRONOPS_CURL_ERROR_SIZE = 256 };

/// Opens libcurl.so.4 (RTLD_LAZY | RTLD_LOCAL) and runs curl_global_init the first time it is
/// called, from whichever thread, exactly once; 1 when libcurl is usable, 0 when it is not
/// installed or lacks an entry point. Every other function requires a prior result of 1.
int cronops_curl_load(void);

cronops_curl_easy *cronops_curl_easy_init(void);
void cronops_curl_easy_cleanup(cronops_curl_easy *easy);
int cronops_curl_easy_perform(cronops_curl_easy *easy);
const char *cronops_curl_easy_strerror(int code);

/// Options of kind LONG.
int cronops_curl_setopt_long(cronops_curl_easy *easy, cronops_curl_option option, long value);
/// Options of kind OBJECTPOINT that take a C string (NULL resets the option).
int cronops_curl_setopt_string(cronops_curl_easy *easy, cronops_curl_option option, const char *value);
/// Options of kind OBJECTPOINT that take any other pointer (user data, buffers, lists).
int cronops_curl_setopt_pointer(cronops_curl_easy *easy, cronops_curl_option option, void *value);
/// Options of kind OFF_T (curl_off_t: a signed 64-bit integer on every platform curl builds for).
int cronops_curl_setopt_off_t(cronops_curl_easy *easy, cronops_curl_option option, int64_t value);
/// Options of kind FUNCTIONPOINT that take a write or header callback.
int cronops_curl_setopt_writefn(cronops_curl_easy *easy, cronops_curl_option option, cronops_curl_write_callback value);

/// Infos of type LONG.
int cronops_curl_getinfo_long(cronops_curl_easy *easy, cronops_curl_info info, long *value);

cronops_curl_slist *cronops_curl_slist_append(cronops_curl_slist *list, const char *line);
void cronops_curl_slist_free_all(cronops_curl_slist *list);

#endif
