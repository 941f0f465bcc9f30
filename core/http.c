/*
** http.c -- libcurl behind http.h's rules.
*/
#include "http.h"
#include "clerk.h"
#include "mem.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct http_client {
  CURL *curl;
  http_options opt;
  struct timespec last;   /* end of the previous request */
  int have_last;
};

static const char USER_AGENT[] = "Clerk/" CLERK_VERSION " (+minutes importer)";

static void sleep_ms(long ms) {
  if (ms <= 0) return;
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) != 0) {}
}

static long ms_since(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - t->tv_sec) * 1000L + (now.tv_nsec - t->tv_nsec) / 1000000L;
}

int http_client_new(const http_options *opt, http_client **out) {
  static int global_done;
  *out = NULL;
  if (!global_done) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) return -1;
    global_done = 1;
  }
  http_client *h = clerk_calloc(1, sizeof *h);
  if (!h) return -1;
  if (opt) h->opt = *opt;
  if (h->opt.timeout_ms <= 0) h->opt.timeout_ms = 60000;
  if (h->opt.retries < 0) h->opt.retries = 3;
  if (h->opt.backoff_ms <= 0) h->opt.backoff_ms = 1000;
  h->curl = curl_easy_init();
  if (!h->curl) { clerk_mfree(h); return -1; }
  *out = h;
  return 0;
}

void http_client_free(http_client *h) {
  if (!h) return;
  curl_easy_cleanup(h->curl);
  clerk_mfree(h);
}

typedef struct body_buf { char *p; size_t n, cap; int too_big, nomem; } body_buf;

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud) {
  body_buf *b = ud;
  size_t n = size * nmemb;
  if (b->n + n > CLERK_HTTP_MAX_BODY) { b->too_big = 1; return 0; }
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 16384;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = clerk_realloc(b->p, cap);
    if (!p) { b->nomem = 1; return 0; }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, data, n);
  b->n += n;
  b->p[b->n] = '\0';
  return n;
}

/* Keeps ETag, Last-Modified and Content-Type (values trimmed, bounded). */
static size_t on_header(char *data, size_t size, size_t nmemb, void *ud) {
  http_response *r = ud;
  size_t n = size * nmemb;
  static const struct { const char *name; size_t off, cap; } want[] = {
    { "etag:", offsetof(http_response, etag), sizeof ((http_response *)0)->etag },
    { "last-modified:", offsetof(http_response, last_modified), sizeof ((http_response *)0)->last_modified },
    { "content-type:", offsetof(http_response, content_type), sizeof ((http_response *)0)->content_type },
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    size_t k = strlen(want[i].name);
    if (n > k && strncasecmp(data, want[i].name, k) == 0) {
      const char *v = data + k, *e = data + n;
      while (v < e && (*v == ' ' || *v == '\t')) v++;
      while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ')) e--;
      size_t len = (size_t)(e - v);
      if (len >= want[i].cap) len = want[i].cap - 1;
      char *dst = (char *)r + want[i].off;
      memcpy(dst, v, len);
      dst[len] = '\0';
    }
  }
  return n;
}

static int retryable(CURLcode rc, long status) {
  if (rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR ||
      rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING || rc == CURLE_PARTIAL_FILE)
    return 1;
  return rc == CURLE_OK && status >= 500 && status <= 599;
}

int http_get(http_client *h, const char *url, const char *etag, const char *last_modified,
             http_response *r, char *err, size_t errsz) {
  memset(r, 0, sizeof *r);
  long backoff = h->opt.backoff_ms;
  for (int attempt = 0;; attempt++) {
    if (h->have_last) sleep_ms(h->opt.delay_ms - ms_since(&h->last));
    body_buf b = { NULL, 0, 0, 0, 0 };
    struct curl_slist *hdrs = NULL;
    char line[400];
    if (etag && *etag) {
      snprintf(line, sizeof line, "If-None-Match: %s", etag);
      hdrs = curl_slist_append(hdrs, line);
    }
    if (last_modified && *last_modified) {
      snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
      hdrs = curl_slist_append(hdrs, line);
    }
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_USERAGENT, USER_AGENT);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->opt.timeout_ms < 15000 ? h->opt.timeout_ms : 15000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->opt.timeout_ms);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)CLERK_HTTP_MAX_BODY);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    if (hdrs) curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    r->etag[0] = r->last_modified[0] = r->content_type[0] = '\0';
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(hdrs);
    clock_gettime(CLOCK_MONOTONIC, &h->last);
    h->have_last = 1;
    r->attempts = attempt + 1;
    if (b.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
      clerk_mfree(b.p);
      snprintf(err, errsz, "%s: response larger than %u bytes", url, CLERK_HTTP_MAX_BODY);
      return -1;
    }
    if (b.nomem) { clerk_mfree(b.p); snprintf(err, errsz, "%s: out of memory", url); return -1; }
    if (retryable(rc, status) && attempt < h->opt.retries) {
      clerk_mfree(b.p);
      sleep_ms(backoff);
      backoff *= 2;
      continue;
    }
    if (rc != CURLE_OK) {
      clerk_mfree(b.p);
      snprintf(err, errsz, "%s: %s (after %d attempt%s)", url, curl_easy_strerror(rc), attempt + 1,
               attempt ? "s" : "");
      return -1;
    }
    r->status = status;
    if (!b.p && status != 304) {   /* an empty body is still a body */
      b.p = clerk_malloc(1);
      if (!b.p) { snprintf(err, errsz, "%s: out of memory", url); return -1; }
      b.p[0] = '\0';
    }
    r->body = b.p;
    r->len = b.n;
    return 0;
  }
}

void http_response_free(http_response *r) {
  if (!r) return;
  clerk_mfree(r->body);
  r->body = NULL;
  r->len = 0;
}
