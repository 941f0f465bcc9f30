/*
** sha256_ni.c -- SHA-256 blocks with the x86 SHA extensions (Intel's SHA
** New Instructions, in AMD processors since Zen), when the processor has
** them. About ten times the portable code's rate: hashing is what a
** re-import of unchanged files mostly does.
**
** The hash state lives in two registers in the order the instructions want:
** ABEF and CDGH (A in the high lane). Each SHA256RNDS2 does two rounds and
** leaves the new ABEF; the old ABEF is then the new CDGH, so the two
** registers swap roles every two rounds. SHA256MSG1/MSG2 extend the message
** schedule four words at a time (FIPS 180-4, 6.2.2 step 1).
*/
#include "sha256_ni.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>

/* -1 not yet asked, 0 no, 1 yes. Threads may ask at once: all get the same answer. */
static atomic_int has_ni = -1;

int sha256_ni_available(void) {
  int v = atomic_load_explicit(&has_ni, memory_order_relaxed);
  if (v >= 0) return v;
  unsigned a, b, c, d;
  v = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1) &&
      __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA))
    v = 1;
  atomic_store_explicit(&has_ni, v, memory_order_relaxed);
  return v;
}

__attribute__((target("sha,sse4.1,ssse3")))
void sha256_ni_blocks(uint32_t h[8], const unsigned char *p, size_t n) {
  /* message words are big-endian: reverse the bytes of each 32-bit lane */
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  /* h[0..3] = A B C D and h[4..7] = E F G H -> ABEF and CDGH */
  __m128i dcba = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);
  __m128i badc = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(badc, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, badc, 0xF0);
  for (; n > 0; n--, p += 64) {
    __m128i save_abef = abef, save_cdgh = cdgh;
    __m128i w[4];   /* the last 16 schedule words, four to a register */
    for (int i = 0; i < 4; i++)
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)), swap);
    for (int r = 0; r < 16; r++) {   /* four rounds each */
      if (r >= 4) {   /* W[t..t+3] from W[t-16..t-1] */
        __m128i t = _mm_sha256msg1_epu32(w[r & 3], w[(r + 1) & 3]);
        t = _mm_add_epi32(t, _mm_alignr_epi8(w[(r + 3) & 3], w[(r + 2) & 3], 4));
        w[r & 3] = _mm_sha256msg2_epu32(t, w[(r + 3) & 3]);
      }
      __m128i wk = _mm_add_epi32(w[r & 3], _mm_loadu_si128((const __m128i *)(const void *)&sha256_k[4 * r]));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);   /* cdgh now holds the new ABEF */
      wk = _mm_shuffle_epi32(wk, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);   /* and back */
    }
    abef = _mm_add_epi32(abef, save_abef);
    cdgh = _mm_add_epi32(cdgh, save_cdgh);
  }
  /* back to A B C D and E F G H */
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)(void *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)(void *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else   /* not x86-64: the portable code does it all */

int sha256_ni_available(void) { return 0; }
void sha256_ni_blocks(uint32_t h[8], const unsigned char *p, size_t n) { (void)h; (void)p; (void)n; }

#endif
