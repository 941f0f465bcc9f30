/*
** zip.c -- the safe zip reader over libzip. libzip parses the directory;
** this file decides what may be inflated and stops a lying entry midway.
*/
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "clerk.h"
#include "mem.h"
#include "safezip.h"

const safezip_limits safezip_default_limits = {
  10000, 256u << 20, (uint64_t)1 << 30, 200 };

typedef struct entry {
  char *name;
  uint64_t size, comp_size;
} entry;

struct safezip {
  zip_t *za;
  entry *entries;
  size_t n;
  safezip_limits lim;
  uint64_t inflated;     /* bytes inflated so far, against max_total_size */
};

static int fail(char *err, size_t errsz, int code, const char *msg) {
  if (err && errsz) snprintf(err, errsz, "%s", msg);
  return code;
}

static int ratio_ok(const safezip_limits *lim, uint64_t size, uint64_t comp) {
  if (size <= 4096) return 1;                 /* tiny entries compress as they like */
  if (comp == 0) return 0;
  return size / comp <= lim->max_ratio;
}

/* What the first bytes say when libzip finds no archive. */
static const char *not_zip_reason(const unsigned char *p, size_t len) {
  if (len >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    return "an old Word document (.doc) or an encrypted Office file, not a .docx; "
           "open it in Word and save it as .docx without a password";
  if (len >= 4 && memcmp(p, "PK\3\4", 4) == 0)
    return "a damaged or truncated zip archive (no central directory)";
  return "not a zip archive, so not a .docx";
}

static int check_directory(safezip *z, char *err, size_t errsz) {
  zip_int64_t n = zip_get_num_entries(z->za, 0);
  if (n < 0) return fail(err, errsz, CLERK_FORMAT, "unreadable zip directory");
  if ((uint64_t)n > z->lim.max_entries)
    return fail(err, errsz, CLERK_TOOBIG, "zip archive has too many entries");
  z->entries = clerk_calloc((size_t)n ? (size_t)n : 1, sizeof *z->entries);
  if (!z->entries) return fail(err, errsz, CLERK_NOMEM, "out of memory");
  uint64_t total = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
      return fail(err, errsz, CLERK_FORMAT, "unreadable zip directory entry");
    entry *e = &z->entries[z->n++];
    e->name = clerk_strdup(st.name);
    if (!e->name) return fail(err, errsz, CLERK_NOMEM, "out of memory");
    e->size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e->comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if (e->size > z->lim.max_entry_size) {
      if (err && errsz) snprintf(err, errsz, "zip entry '%.100s' is too large (%llu bytes)",
                                 e->name, (unsigned long long)e->size);
      return CLERK_TOOBIG;
    }
    if (!ratio_ok(&z->lim, e->size, e->comp_size)) {
      if (err && errsz) snprintf(err, errsz, "zip entry '%.100s' is compressed suspiciously well "
                                 "(a zip bomb?)", e->name);
      return CLERK_TOOBIG;
    }
    total += e->size;
    if (total > z->lim.max_total_size)
      return fail(err, errsz, CLERK_TOOBIG, "zip archive would inflate past the total size limit");
  }
  return CLERK_OK;
}

int safezip_open(const void *data, size_t len, const safezip_limits *limits,
                 safezip **out, char *err, size_t errsz) {
  *out = NULL;
  if (!data || len < 22) return fail(err, errsz, CLERK_FORMAT,
                                     len >= 4 && memcmp(data, "PK\3\4", 4) == 0
                                     ? "a truncated zip archive" : not_zip_reason(data, len));
  safezip *z = clerk_calloc(1, sizeof *z);
  if (!z) return fail(err, errsz, CLERK_NOMEM, "out of memory");
  z->lim = limits ? *limits : safezip_default_limits;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    clerk_mfree(z);
    return fail(err, errsz, CLERK_NOMEM, "out of memory");
  }
  z->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!z->za) {
    int code = zip_error_code_zip(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    clerk_mfree(z);
    if (code == ZIP_ER_MEMORY) return fail(err, errsz, CLERK_NOMEM, "out of memory");
    return fail(err, errsz, CLERK_FORMAT, not_zip_reason(data, len));
  }
  zip_error_fini(&ze);
  int rc = check_directory(z, err, errsz);
  if (rc != CLERK_OK) {
    safezip_close(z);
    return rc;
  }
  *out = z;
  return CLERK_OK;
}

void safezip_close(safezip *z) {
  if (!z) return;
  if (z->za) zip_discard(z->za);
  for (size_t i = 0; i < z->n; i++) clerk_mfree(z->entries[i].name);
  clerk_mfree(z->entries);
  clerk_mfree(z);
}

size_t safezip_count(const safezip *z) { return z->n; }

const char *safezip_name(const safezip *z, size_t i) {
  return i < z->n ? z->entries[i].name : NULL;
}

long safezip_find(const safezip *z, const char *name) {
  for (size_t i = 0; i < z->n; i++)
    if (strcmp(z->entries[i].name, name) == 0) return (long)i;
  return -1;
}

int safezip_read(safezip *z, size_t i, char **out, size_t *len, char *err, size_t errsz) {
  *out = NULL;
  *len = 0;
  if (i >= z->n) return fail(err, errsz, CLERK_NOTFOUND, "no such zip entry");
  entry *e = &z->entries[i];
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z->za, i, 0, &st) == 0 && (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
      st.encryption_method != ZIP_EM_NONE) {
    if (err && errsz) snprintf(err, errsz, "zip entry '%.100s' is encrypted; save the document "
                               "without a password", e->name);
    return CLERK_FORMAT;
  }
  uint64_t room = z->lim.max_total_size - z->inflated;
  if (e->size > room) return fail(err, errsz, CLERK_TOOBIG, "zip archive would inflate past the total size limit");
  zip_file_t *f = zip_fopen_index(z->za, i, 0);
  if (!f) {
    int code = zip_error_code_zip(zip_get_error(z->za));
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP)
      return fail(err, errsz, CLERK_FORMAT, "an encrypted zip entry; save the document without a password");
    if (code == ZIP_ER_MEMORY) return fail(err, errsz, CLERK_NOMEM, "out of memory");
    if (err && errsz) snprintf(err, errsz, "zip entry '%.100s' cannot be read (%s)", e->name,
                               zip_strerror(z->za));
    return CLERK_FORMAT;
  }
  /* Read one byte past the declared size: a longer stream is a lie. */
  size_t want = (size_t)e->size;
  char *buf = clerk_malloc(want + 2);
  if (!buf) {
    zip_fclose(f);
    return fail(err, errsz, CLERK_NOMEM, "out of memory");
  }
  size_t got = 0;
  int rc = CLERK_OK;
  for (;;) {
    zip_int64_t r = zip_fread(f, buf + got, want + 1 - got);
    if (r < 0) {
      if (err && errsz) snprintf(err, errsz, "zip entry '%.100s' is damaged (%s)", e->name,
                                 zip_file_strerror(f));
      rc = CLERK_FORMAT;
      break;
    }
    if (r == 0) break;
    got += (size_t)r;
    if (got > want) {
      if (err && errsz) snprintf(err, errsz, "zip entry '%.100s' inflates past its declared size",
                                 e->name);
      rc = CLERK_TOOBIG;
      break;
    }
  }
  zip_fclose(f);
  if (rc == CLERK_OK && got != want) {
    if (err && errsz) snprintf(err, errsz, "zip entry '%.100s' is truncated", e->name);
    rc = CLERK_FORMAT;
  }
  if (rc != CLERK_OK) {
    clerk_mfree(buf);
    return rc;
  }
  buf[got] = '\0';
  z->inflated += got;
  *out = buf;
  *len = got;
  return CLERK_OK;
}
