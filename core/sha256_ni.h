/*
** sha256_ni.h -- SHA-256 blocks on the processor's SHA instructions, for
** sha256.c. Call sha256_ni_blocks only when sha256_ni_available() says 1.
*/
#ifndef CLERK_SHA256_NI_H
#define CLERK_SHA256_NI_H

#include <stddef.h>
#include <stdint.h>

/* The round constants (FIPS 180-4, 4.2.2), defined in sha256.c. */
extern const uint32_t sha256_k[64];

int sha256_ni_available(void);
/* Hashes n 64-byte blocks at p into the state h (FIPS 180-4, 6.2.2). */
void sha256_ni_blocks(uint32_t h[8], const unsigned char *p, size_t n);

#endif
