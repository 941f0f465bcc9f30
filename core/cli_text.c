/* cli_text.c -- the 'text' command: the plain text of documents. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "mem.h"

#define TEXT_MAX_FILE ((size_t)512 << 20)

static int slurp(const char *path, char **data, size_t *len) {
  *data = NULL;
  *len = 0;
  struct stat sb;
  if (stat(path, &sb) != 0) { cli_error("%s: %s", path, strerror(errno)); return EXIT_INPUT; }
  if (S_ISDIR(sb.st_mode)) { cli_error("%s: is a folder, not a file", path); return EXIT_INPUT; }
  if ((uint64_t)sb.st_size > TEXT_MAX_FILE) { cli_error("%s: too large", path); return EXIT_INPUT; }
  FILE *f = fopen(path, "rb");
  if (!f) { cli_error("%s: %s", path, strerror(errno)); return EXIT_INPUT; }
  size_t cap = (size_t)sb.st_size + 1;
  char *buf = clerk_malloc(cap);
  if (!buf) { fclose(f); cli_error("%s: out of memory", path); return EXIT_INPUT; }
  size_t n = fread(buf, 1, cap - 1, f);
  int bad = ferror(f);
  fclose(f);
  if (bad) { clerk_mfree(buf); cli_error("%s: read error", path); return EXIT_INPUT; }
  *data = buf;
  *len = n;
  return EXIT_OK;
}

int cli_text(cli *c) {
  int flags = 0, first = 0;
  for (; first < c->argc && c->argv[first][0] == '-' && c->argv[first][1]; first++) {
    if (strcmp(c->argv[first], "--all") == 0) flags |= CLERK_TEXT_ALL;
    else if (strcmp(c->argv[first], "--") == 0) { first++; break; }
    else return cli_usage("text", "unknown option '%s'", c->argv[first]);
  }
  if (first >= c->argc) return cli_usage("text", "no file given");
  int status = EXIT_OK;
  for (int i = first; i < c->argc; i++) {
    char *data, *text, *err;
    size_t len, tlen;
    if (slurp(c->argv[i], &data, &len) != EXIT_OK) { status = EXIT_INPUT; continue; }
    int rc = clerk_text_buffer(data, len, flags, &text, &tlen, &err);
    clerk_mfree(data);
    if (rc != CLERK_OK) {
      cli_error("%s: %s", c->argv[i], err ? err : clerk_errstr(rc));
      clerk_free(err);
      status = EXIT_INPUT;
      continue;
    }
    fwrite(text, 1, tlen, stdout);
    if (tlen && text[tlen - 1] != '\n') fputc('\n', stdout);
    clerk_free(text);
  }
  return status;
}
