/* docx_bare.c -- the benchmark's floor: libzip + libxml2's streaming reader
** over the parts `clerk text` reads (document, styles, numbering, notes,
** headers, footers, comments), counting nodes; no interpretation at all.
** Built by scripts/bench/docx.sh. Usage: docx_bare FILE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>
#include <zip.h>

static int wanted(const char *n) {
  return strcmp(n, "word/document.xml") == 0 || strcmp(n, "word/styles.xml") == 0 ||
         strcmp(n, "word/numbering.xml") == 0 || strcmp(n, "word/footnotes.xml") == 0 ||
         strcmp(n, "word/endnotes.xml") == 0 || strcmp(n, "word/comments.xml") == 0 ||
         strncmp(n, "word/header", 11) == 0 || strncmp(n, "word/footer", 11) == 0;
}

int main(int argc, char **argv) {
  long nodes = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { perror(argv[i]); return 1; }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)len);
    if (!data || fread(data, 1, (size_t)len, f) != (size_t)len) return 1;
    fclose(f);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, (zip_uint64_t)len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) { fprintf(stderr, "%s: not a zip\n", argv[i]); return 1; }
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t k = 0; k < n; k++) {
      zip_stat_t st;
      if (zip_stat_index(za, (zip_uint64_t)k, 0, &st) != 0 || !wanted(st.name)) continue;
      char *xml = malloc(st.size + 1);
      zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)k, 0);
      zip_int64_t got = zf ? zip_fread(zf, xml, st.size) : -1;
      if (zf) zip_fclose(zf);
      if (got >= 0) {
        xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)got, NULL, NULL, XML_PARSE_NONET);
        while (r && xmlTextReaderRead(r) == 1) nodes++;
        if (r) xmlFreeTextReader(r);
      }
      free(xml);
    }
    zip_discard(za);
    zip_error_fini(&ze);
    free(data);
  }
  printf("%ld nodes\n", nodes);
  return 0;
}
