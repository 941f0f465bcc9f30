/* cli_text.c -- the 'text' command. (Placeholder while it is built.) */
#include "cli.h"

int cli_text(cli *c) {
  (void)c;
  cli_error("'text' is not built yet");
  return EXIT_INPUT;
}
