/* cli_action.c -- the 'action' command. (Placeholder while it is built.) */
#include "cli.h"

int cli_action(cli *c) {
  (void)c;
  cli_error("'action' is not built yet");
  return EXIT_INPUT;
}
