/* cli_sync.c -- the 'sync' command. (Placeholder while it is built.) */
#include "cli.h"

int cli_sync(cli *c) {
  (void)c;
  cli_error("'sync' is not built yet");
  return EXIT_INPUT;
}
