/* xml_reader.c -- the baseline of bench/xml.sh: libxml2's own streaming
** parse (xmlTextReader) of each file named, touching every node. Prints
** the bytes read and seconds taken. */
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv) {
  struct timespec a, b;
  long long bytes = 0, nodes = 0;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 1; i < argc; i++) {
    xmlTextReaderPtr r = xmlReaderForFile(argv[i], NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    if (!r) { fprintf(stderr, "cannot read %s\n", argv[i]); return 1; }
    while (xmlTextReaderRead(r) == 1) nodes++;
    bytes += xmlTextReaderByteConsumed(r);
    xmlFreeTextReader(r);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%lld %.6f %lld\n", bytes, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9, nodes);
  return 0;
}
