/* testing.h -- what every cmocka test file includes. */
#ifndef CLERK_TESTING_H
#define CLERK_TESTING_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clerk.h"
#include "mem.h"
#endif
