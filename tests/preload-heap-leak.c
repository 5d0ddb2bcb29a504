/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A heap leak inside a library, for the memory verdict's tests: loaded with
 * LD_PRELOAD, it wraps arv_camera_new () -- one call per camera session --
 * and leaks VIGIL_TEST_HEAP_LEAK_BYTES bytes of heap on every call (malloc,
 * written so the pages are real, and the pointer dropped).  Nothing in
 * Vigil records it: only the heap in use can show it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

typedef struct _ArvCamera ArvCamera;
typedef struct _GError GError;

ArvCamera *arv_camera_new (const char *name, GError **error);

/* volatile: the compiler may not drop the allocation as unused. */
static void *volatile last_leak;

ArvCamera *
arv_camera_new (const char  *name,
                GError     **error)
{
  static ArvCamera *(*real) (const char *, GError **);
  const char *bytes = getenv ("VIGIL_TEST_HEAP_LEAK_BYTES");
  size_t n = bytes != NULL ? strtoul (bytes, NULL, 10) : 0;

  if (real == NULL)
    real = (ArvCamera *(*) (const char *, GError **)) dlsym (RTLD_NEXT, "arv_camera_new");
  if (n > 0)
    {
      void *leak = malloc (n);

      if (leak != NULL)
        memset (leak, 0x5a, n);
      last_leak = leak;       /* dropped at the next call */
    }
  return real (name, error);
}
