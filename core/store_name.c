/*
** store_name.c -- the name key that makes "Cllr. O'Brien", "cllr obrien" and
** "CLLR  O’BRIEN" one person: lower case, punctuation dropped, spaces folded.
*/
#include "store.h"

#include <string.h>

/* Length of the UTF-8 sequence led by byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c) {
  if (c >= 0xf0 && c < 0xf8) return 4;
  if (c >= 0xe0) return c < 0xf0 ? 3 : 1;
  if (c >= 0xc0) return 2;
  return 1;
}

/* What one character contributes to a key. */
enum { KEEP, DROP, SPACE };

static int classify_char(const unsigned char *s, size_t n) {
  if (n == 1) {
    unsigned char c = s[0];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return SPACE;
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
      return KEEP;
    return DROP;                                /* ASCII punctuation and controls */
  }
  if (n == 2 && s[0] == 0xc2) {
    if (s[1] == 0xa0) return SPACE;             /* no-break space */
    if (s[1] < 0xc0) return DROP;               /* Latin-1 punctuation and symbols */
  }
  if (n == 3 && s[0] == 0xe2 && s[1] == 0x80) {
    if (s[2] <= 0x8b || s[2] == 0xaf) return SPACE;   /* U+2000..U+200B, U+202F spaces */
    if (s[2] <= 0xa7) return DROP;              /* dashes, curly quotes, bullets, ellipsis */
  }
  return KEEP;
}

void store_name_key(const char *name, char *out, size_t outsz) {
  if (!outsz) return;
  size_t o = 0;
  int pending_space = 0;
  const unsigned char *s = (const unsigned char *)(name ? name : "");
  while (*s) {
    size_t n = utf8_len(*s);
    for (size_t i = 1; i < n; i++)
      if ((s[i] & 0xc0) != 0x80) { n = 1; break; }   /* malformed: take one byte */
    int what = classify_char(s, n);
    if (what == SPACE) {
      pending_space = o > 0;                    /* leading spaces vanish */
    } else if (what == KEEP) {
      /* Stop rather than cut a character in half. */
      if (o + pending_space + n >= outsz) break;
      if (pending_space) out[o++] = ' ';
      pending_space = 0;
      for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (n == 1 && c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        /* Latin-1 capitals U+00C0..U+00DE (not U+00D7) lower-case by +0x20. */
        if (n == 2 && i == 1 && s[0] == 0xc3 && c >= 0x80 && c <= 0x9e && c != 0x97)
          c = (unsigned char)(c + 0x20);
        out[o++] = (char)c;
      }
    }
    s += n;
  }
  out[o] = '\0';
}

/* Titles that lead a name key and say nothing about who it is ("cllr
** selman" is "selman"). Lower case, as in keys. */
static const char *const honorifics[] = {
  "cllr", "councillor", "alderman", "mayor", "supt", "superintendent", "ch", "chief",
  "inspector", "insp", "ds", "di", "dci", "dcs", "dc", "detective", "sgt", "sergeant",
  "pc", "cdr", "commander", "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
  "sir", "dame", "lord", "lady", "rev", "revd", "reverend", "the", NULL };

const char *store_name_bare(const char *key) {
  const char *k = key;
  for (;;) {
    const char *sp = strchr(k, ' ');
    if (!sp) return k;                 /* never strip the last word */
    size_t n = (size_t)(sp - k);
    int hit = 0;
    for (int i = 0; honorifics[i]; i++)
      if (strlen(honorifics[i]) == n && memcmp(honorifics[i], k, n) == 0) { hit = 1; break; }
    if (!hit) return k;
    k = sp + 1;
  }
}
