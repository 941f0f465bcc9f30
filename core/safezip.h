/*
** safezip.h -- a safe reader of zip archives held in memory (a .docx is one).
** (Named safezip.h, not zip.h: core/ is on the include path and would hide
** libzip's own <zip.h>.)
** Every limit is checked from the central directory before anything is
** inflated, and again while inflating, because headers can lie.
*/
#ifndef CLERK_SAFEZIP_H
#define CLERK_SAFEZIP_H

#include <stddef.h>
#include <stdint.h>

typedef struct safezip safezip;

typedef struct safezip_limits {
  uint64_t max_entries;      /* entries in the central directory */
  uint64_t max_entry_size;   /* uncompressed bytes of one entry */
  uint64_t max_total_size;   /* uncompressed bytes of every entry together */
  uint64_t max_ratio;        /* uncompressed / compressed, per entry */
} safezip_limits;

/* The limits a .docx reader uses: 10000 entries, 256 MiB an entry, 1 GiB in
** all, a compression ratio of 200. */
extern const safezip_limits safezip_default_limits;

/* Opens the archive in data[0..len) (borrowed: it must outlive the handle).
** limits NULL means the defaults. On failure returns a CLERK_* code, sets
** *out to NULL and writes a one-line reason into err. */
int safezip_open(const void *data, size_t len, const safezip_limits *limits,
                 safezip **out, char *err, size_t errsz);
void safezip_close(safezip *z);   /* NULL is a no-op */

/* Number of entries, and the name of entry i (owned by the handle). */
size_t safezip_count(const safezip *z);
const char *safezip_name(const safezip *z, size_t i);
/* Index of the entry called name, or -1. */
long safezip_find(const safezip *z, const char *name);

/* Inflates entry i into a new NUL-terminated buffer (*out, caller frees with
** clerk_mfree; *len excludes the NUL). Refuses an encrypted entry, one larger
** than its header said, and anything past the limits. */
int safezip_read(safezip *z, size_t i, char **out, size_t *len, char *err, size_t errsz);

#endif
