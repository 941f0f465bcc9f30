/*
** http.h -- polite HTTP GETs with libcurl for `clerk sync`: a User-Agent
** naming Clerk, time-outs, a cap on body size, a delay between requests,
** retries with exponential back-off on 5xx and time-outs, and conditional
** requests (If-None-Match / If-Modified-Since) when the caller has them.
*/
#ifndef CLERK_HTTP_H
#define CLERK_HTTP_H

#include <stddef.h>

#define CLERK_HTTP_MAX_BODY (64u << 20)

typedef struct http_options {
  long delay_ms;          /* at least this long between two requests */
  long timeout_ms;        /* whole request; 0: 60 s */
  int retries;            /* extra attempts on 5xx / time-out; <0: 3 */
  long backoff_ms;        /* first back-off, doubled each retry; 0: 1000 */
} http_options;

typedef struct http_response {
  long status;            /* HTTP status; 304 when not modified */
  char *body; size_t len; /* malloc'd, NUL-terminated; NULL on 304 */
  char etag[256];
  char last_modified[128];
  char content_type[128];
  int attempts;           /* requests it took */
} http_response;

typedef struct http_client http_client;

int http_client_new(const http_options *opt, http_client **out);
void http_client_free(http_client *h);

/* GET url. etag / last_modified may be NULL or "". Returns 0 with *r filled
** for any HTTP status after retries (the caller judges it), or -1 with a
** one-line reason in err (network failure, time-out, body too large). */
int http_get(http_client *h, const char *url, const char *etag, const char *last_modified,
             http_response *r, char *err, size_t errsz);
void http_response_free(http_response *r);

#endif
