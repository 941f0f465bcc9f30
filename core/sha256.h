/*
** sha256.h -- SHA-256 (FIPS 180-4), used to recognise a source whose bytes
** were imported before. One-shot and incremental forms.
*/
#ifndef CLERK_SHA256_H
#define CLERK_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
  uint32_t h[8];            /* running hash state */
  uint64_t total;           /* bytes hashed so far */
  unsigned char block[64];  /* a partial block waiting for more bytes */
  size_t used;              /* bytes held in block */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* Finish: 32 raw bytes. The context must be re-initialised before reuse. */
void sha256_final(sha256_ctx *c, unsigned char digest[32]);
/* Finish: 64 lower-case hex digits and a NUL. */
void sha256_final_hex(sha256_ctx *c, char out[65]);

/* The hash of `len` bytes at `data` as 64 lower-case hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#ifdef CLERK_TESTING
/* Test builds: 1 makes every hash use the portable code, even where the
** processor has SHA instructions; 0 goes back to the fastest. */
void sha256_test_portable(int on);
#endif

#endif
