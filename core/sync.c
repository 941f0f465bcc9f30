/*
** sync.c -- clerk_sync: committees -> meetings -> each meeting from a
** ModernGov web service, each response imported through the same path as a
** file (clerk_import_buffer, the moderngov importer), one transaction each.
** The fetch table remembers each URL's sha256, ETag and Last-Modified, and
** for a meeting its index entry and whether it was final (minutes
** published, or cancelled): a final meeting whose index entry has not
** changed is not asked for again; any other is asked conditionally.
*/
#include "clerk.h"
#include "http.h"
#include "lua_clerk.h"
#include "mem.h"
#include "sha256.h"
#include "store.h"
#include "xml.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct sync_run {
  clerk *db;
  http_client *http;
  const clerk_sync_options *opt;
  clerk_sync_cb progress;
  void *ud;
  clerk_sync_result *res;
  const char *stage;
  int done;
} sync_run;

static void report(sync_run *s, const char *url, const char *outcome) {
  s->done++;
  if (!s->progress) return;
  clerk_sync_progress p = { s->stage, url, s->done, s->res->requests, outcome };
  s->progress(&p, s->ud);
}

/* -- the little XML reading sync needs (ids and dates) ------------------- */

static xmlNodePtr child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) return c;
  return NULL;
}

/* Trimmed text of child `name` into buf ("" when absent). */
static const char *field(xmlNodePtr n, const char *name, char *buf, size_t cap) {
  buf[0] = '\0';
  xmlNodePtr c = child(n, name);
  if (!c) return buf;
  xmlChar *t = xmlNodeGetContent(c);
  if (!t) return buf;
  const char *a = (const char *)t, *e = a + strlen(a);
  while (*a == ' ' || *a == '\n' || *a == '\r' || *a == '\t') a++;
  while (e > a && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r' || e[-1] == '\t')) e--;
  snprintf(buf, cap, "%.*s", (int)(e - a), a);
  xmlFree(t);
  return buf;
}

/* "21/11/2025" -> "2025-11-21" in iso[11]; 0 when unreadable. */
static int iso_date(const char *dmy, char iso[11]) {
  int d, m, y;
  if (sscanf(dmy, "%d/%d/%d", &d, &m, &y) != 3 || d < 1 || d > 31 || m < 1 || m > 12 || y < 1000 || y > 9999)
    return 0;
  snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
  return 1;
}

/* An id safe to put in a URL: digits only (ModernGov ids are integers). */
static int good_id(const char *s) {
  if (!*s || strlen(s) > 18) return 0;
  for (; *s; s++) if (*s < '0' || *s > '9') return 0;
  return 1;
}

/* -- one request ------------------------------------------------------------ */

typedef struct fetched {
  http_response r;
  int ok;                 /* a 200 body is in r */
  int not_modified;
} fetched;

/* GET url (conditionally when `conditional` and we have validators). */
static void get(sync_run *s, const char *url, int conditional, fetched *f) {
  memset(f, 0, sizeof *f);
  store_fetch_rec old;
  int found = 0;
  if (conditional && store_fetch_get(clerk__store(s->db), url, &old, &found) != CLERK_OK) found = 0;
  char err[512];
  s->res->requests++;
  if (http_get(s->http, url, found ? old.etag : NULL, found ? old.last_modified : NULL, &f->r, err,
               sizeof err) != 0) {
    char msg[600];
    snprintf(msg, sizeof msg, "failed: %s", err);
    s->res->failed++;
    report(s, url, msg);
    return;
  }
  if (f->r.status == 304) { f->not_modified = 1; return; }
  if (f->r.status != 200) {
    char msg[200];
    snprintf(msg, sizeof msg, "failed: HTTP %ld%s", f->r.status,
             f->r.attempts > 1 ? " after retries" : "");
    s->res->failed++;
    report(s, url, msg);
    http_response_free(&f->r);
    return;
  }
  f->ok = 1;
}

/* Import f's body under url and remember it; reports the outcome. */
static int import_and_remember(sync_run *s, const char *url, fetched *f, const char *listing,
                               int complete) {
  clerk_import_result ir;
  int rc = clerk_import_buffer(s->db, url, f->r.body, f->r.len, "moderngov", &ir);
  if (rc != CLERK_OK) {
    char msg[1200];
    snprintf(msg, sizeof msg, "failed: %s", clerk_errmsg(s->db));
    s->res->failed++;
    report(s, url, msg);
    return rc;
  }
  store_fetch_rec rec;
  memset(&rec, 0, sizeof rec);
  sha256_hex(f->r.body, f->r.len, rec.sha256);
  snprintf(rec.etag, sizeof rec.etag, "%s", f->r.etag);
  snprintf(rec.last_modified, sizeof rec.last_modified, "%s", f->r.last_modified);
  snprintf(rec.listing, sizeof rec.listing, "%s", listing ? listing : "");
  rec.complete = complete;
  if (store_fetch_put(clerk__store(s->db), url, &rec) != CLERK_OK) {
    s->res->failed++;
    report(s, url, "failed: could not record the fetch");
    return CLERK_DB;
  }
  if (ir.unchanged) { s->res->unchanged++; report(s, url, "unchanged"); }
  else { s->res->imported++; report(s, url, ir.replaced ? "imported (replaced)" : "imported"); }
  return CLERK_OK;
}

/* -- the three stages ---------------------------------------------------- */

static int in_range(const sync_run *s, const char *iso) {
  if (s->opt->since && *s->opt->since && strcmp(iso, s->opt->since) < 0) return 0;
  if (s->opt->until && *s->opt->until && strcmp(iso, s->opt->until) > 0) return 0;
  return 1;
}

/* Is this GetMeeting response final: minutes published, or cancelled? */
static int final_meeting(xmlNodePtr root) {
  char buf[64];
  if (strcasecmp(field(root, "minutepublished", buf, sizeof buf), "true") == 0) return 1;
  return strncasecmp(field(root, "meetingstatus", buf, sizeof buf), "cancelled", 9) == 0;
}

static void sync_meeting(sync_run *s, const char *base, const char *id, const char *listing) {
  char url[1200];
  snprintf(url, sizeof url, "%s/mgWebService.asmx/GetMeeting?lMeetingId=%s", base, id);
  store_fetch_rec old;
  int found = 0;
  if (store_fetch_get(clerk__store(s->db), url, &old, &found) == CLERK_OK && found && old.complete &&
      strcmp(old.listing, listing) == 0) {
    s->res->skipped++;
    report(s, url, "skipped (final, and unchanged in the index)");
    return;
  }
  fetched f;
  get(s, url, 1, &f);
  if (f.not_modified) { s->res->not_modified++; report(s, url, "not modified"); return; }
  if (!f.ok) return;
  int complete = 0;
  char err[256];
  xmlDocPtr doc = clerk_xml_read(f.r.body, f.r.len, err, sizeof err);
  if (doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    complete = root && strcmp((const char *)root->name, "meeting") == 0 && final_meeting(root);
    clerk_xml_free(doc);
  }
  import_and_remember(s, url, &f, listing, complete);   /* reports any error itself */
  http_response_free(&f.r);
}

/* dd/mm/yyyy for the query string, slashes escaped. */
static void query_date(const char *iso, char out[16]) {
  int y, m, d;
  if (iso && sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3) snprintf(out, 16, "%02d%%2F%02d%%2F%04d", d, m, y);
  else out[0] = '\0';
}

static void sync_committee(sync_run *s, const char *base, const char *cid) {
  char url[1200], from[16], to[16];
  query_date(s->opt->since && *s->opt->since ? s->opt->since : "2000-01-01", from);
  if (s->opt->until && *s->opt->until) query_date(s->opt->until, to);
  else {
    time_t now = time(NULL) + 366L * 86400;
    struct tm tm;
    gmtime_r(&now, &tm);
    char iso[11];
    strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
    query_date(iso, to);
  }
  snprintf(url, sizeof url, "%s/mgWebService.asmx/GetMeetings?lCommitteeId=%s&sFromDate=%s&sToDate=%s",
           base, cid, from, to);
  s->stage = "meetings";
  fetched f;
  get(s, url, 0, &f);
  if (!f.ok) return;
  char err[256];
  xmlDocPtr doc = clerk_xml_read(f.r.body, f.r.len, err, sizeof err);
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  /* list the meetings first: an empty list is no error, just nothing to import */
  typedef struct { char id[24], listing[128]; } entry;
  entry *list = NULL;
  size_t n = 0, cap = 0;
  if (root && strcmp((const char *)root->name, "getmeetings") == 0) {
    for (xmlNodePtr c = root->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "committee") != 0) continue;
      for (xmlNodePtr m = child(child(c, "committeemeetings"), "meeting") ; m; m = m->next) {
        if (m->type != XML_ELEMENT_NODE || strcmp((const char *)m->name, "meeting") != 0) continue;
        char id[64], date[64], iso[11], tm[64], st[64];
        field(m, "meetingid", id, sizeof id);
        if (!good_id(id) || !iso_date(field(m, "meetingdate", date, sizeof date), iso) || !in_range(s, iso))
          continue;
        if (n == cap) {
          size_t nc = cap ? cap * 2 : 16;
          entry *p = clerk_realloc(list, nc * sizeof *p);
          if (!p) break;
          list = p;
          cap = nc;
        }
        snprintf(list[n].id, sizeof list[n].id, "%.23s", id);
        snprintf(list[n].listing, sizeof list[n].listing, "%.10s|%.50s|%.60s", iso,
                 field(m, "meetingtime", tm, sizeof tm), field(m, "meetingstatus", st, sizeof st));
        n++;
      }
    }
  }
  clerk_xml_free(doc);
  if (doc && n == 0) {
    report(s, url, "no meetings in range");
  } else {
    import_and_remember(s, url, &f, NULL, 0);     /* errors (HTML, truncated) name the URL */
  }
  http_response_free(&f.r);
  s->stage = "meeting";
  for (size_t i = 0; i < n; i++) sync_meeting(s, base, list[i].id, list[i].listing);
  clerk_mfree(list);
}

int clerk_sync(clerk *db, const char *url, const clerk_sync_options *options,
               clerk_sync_cb progress, void *ud, clerk_sync_result *result) {
  if (!db) return CLERK_MISUSE;
  clerk_sync_result local;
  if (!result) result = &local;
  memset(result, 0, sizeof *result);
  clerk_sync_options opt = { NULL, NULL, NULL, 1000, 0, -1, 0 };
  if (options) opt = *options;
  if (opt.delay_ms < 0) opt.delay_ms = 1000;
  if (!url || (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0))
    return clerk__fail(db, CLERK_MISUSE, "sync: '%s' is not an http:// or https:// URL", url ? url : "");
  if (opt.committee && !good_id(opt.committee))
    return clerk__fail(db, CLERK_MISUSE, "sync: committee id '%s' is not a number", opt.committee);
  char iso[11];
  const char *bounds[2] = { opt.since, opt.until };
  for (int i = 0; i < 2; i++) {
    int y, m, d;
    char extra;
    if (bounds[i] && (sscanf(bounds[i], "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 || d > 31))
      return clerk__fail(db, CLERK_MISUSE, "sync: date '%s' is not YYYY-MM-DD", bounds[i]);
  }
  (void)iso;
  char base[1024];
  size_t len = strlen(url);
  if (len >= sizeof base - 64) return clerk__fail(db, CLERK_MISUSE, "sync: URL too long");
  memcpy(base, url, len + 1);
  while (len && base[len - 1] == '/') base[--len] = '\0';
  static const char asmx[] = "/mgWebService.asmx";
  if (len >= sizeof asmx - 1 && strcasecmp(base + len - (sizeof asmx - 1), asmx) == 0)
    base[len -= sizeof asmx - 1] = '\0';

  http_options ho = { opt.delay_ms, opt.timeout_ms, opt.retries, opt.backoff_ms };
  sync_run s = { db, NULL, &opt, progress, ud, result, "committees", 0 };
  if (http_client_new(&ho, &s.http) != 0) return clerk__fail(db, CLERK_NOMEM, "sync: cannot start libcurl");

  int rc = CLERK_OK;
  if (opt.committee) {
    sync_committee(&s, base, opt.committee);
  } else {
    char curl_[1200];
    snprintf(curl_, sizeof curl_, "%s/mgWebService.asmx/GetCommittees", base);
    fetched f;
    get(&s, curl_, 0, &f);
    if (!f.ok) {
      rc = clerk__fail(db, CLERK_IO, "sync: could not read the committee list at %s", curl_);
    } else if (import_and_remember(&s, curl_, &f, NULL, 0) != CLERK_OK) {
      rc = clerk__fail(db, CLERK_FORMAT, "sync: the committee list at %s could not be imported", curl_);
    } else {
      char err[256];
      xmlDocPtr doc = clerk_xml_read(f.r.body, f.r.len, err, sizeof err);
      xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
      /* ids first: the document goes before the requests start */
      char (*ids)[24] = NULL;
      size_t n = 0, cap = 0;
      for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
        char id[64], flag[16];
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "committee") != 0) continue;
        if (!good_id(field(c, "committeeid", id, sizeof id))) continue;
        if (strcasecmp(field(c, "committeedeleted", flag, sizeof flag), "true") == 0) continue;
        if (n == cap) {
          size_t nc = cap ? cap * 2 : 32;
          void *p = clerk_realloc(ids, nc * sizeof *ids);
          if (!p) break;
          ids = p;
          cap = nc;
        }
        snprintf(ids[n++], sizeof ids[0], "%.23s", id);   /* good_id: at most 18 digits */
      }
      clerk_xml_free(doc);
      for (size_t i = 0; i < n; i++) sync_committee(&s, base, ids[i]);
      clerk_mfree(ids);
    }
    http_response_free(&f.r);
  }
  http_client_free(s.http);
  return rc;
}
