/* SPDX-License-Identifier: GPL-3.0-or-later */
/* leak-preload: an LD_PRELOAD library that leaks from inside library calls,
 * where no ledger entry sees it (issue 14).  VIGIL_TEST_LEAK selects, comma
 * separated:
 *   udp      a dup () of each UDP socket made inside arv_camera_new ()
 *            (the device open: GVCP)
 *   stream   a dup () of each socket made inside arv_camera_create_stream ()
 *   eventfd  an eventfd made inside arv_camera_get_payload () (the session
 *            reads the payload to allocate its buffers)
 *   thread   a thread that never ends, started inside
 *            arv_camera_start_acquisition ()
 * Nothing is leaked when the variable is unset. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <arv.h>

#define EXPORT __attribute__ ((visibility ("default")))

static __thread int in_device_open;
static __thread int in_stream_create;

static int
wanted (const char *what)
{
  const char *list = getenv ("VIGIL_TEST_LEAK");
  size_t len = strlen (what);

  for (const char *p = list; p != NULL && *p != '\0';)
    {
      const char *end = strchr (p, ',');
      size_t n = end != NULL ? (size_t) (end - p) : strlen (p);

      if (n == len && strncmp (p, what, len) == 0)
        return 1;
      p = end != NULL ? end + 1 : NULL;
    }
  return 0;
}

static void *
next (const char *symbol)
{
  void *fn = dlsym (RTLD_NEXT, symbol);

  if (fn == NULL)
    abort ();
  return fn;
}

EXPORT int
socket (int domain,
        int type,
        int protocol)
{
  static int (*real) (int, int, int);
  int fd;

  if (real == NULL)
    real = (int (*) (int, int, int)) next ("socket");
  fd = real (domain, type, protocol);
  if (fd < 0)
    return fd;
  if (in_device_open && (domain == AF_INET || domain == AF_INET6) && (type & 0xf) == SOCK_DGRAM &&
      wanted ("udp"))
    (void) dup (fd);
  if (in_stream_create && wanted ("stream"))
    (void) dup (fd);
  return fd;
}

EXPORT ArvCamera *
arv_camera_new (const char  *name,
                GError     **error)
{
  static ArvCamera *(*real) (const char *, GError **);
  ArvCamera *camera;

  if (real == NULL)
    real = (ArvCamera *(*) (const char *, GError **)) next ("arv_camera_new");
  in_device_open++;
  camera = real (name, error);
  in_device_open--;
  return camera;
}

EXPORT ArvStream *
arv_camera_create_stream (ArvCamera          *camera,
                          ArvStreamCallback   callback,
                          void               *user_data,
                          GError            **error)
{
  static ArvStream *(*real) (ArvCamera *, ArvStreamCallback, void *, GError **);
  ArvStream *stream;

  if (real == NULL)
    real = (ArvStream *(*) (ArvCamera *, ArvStreamCallback, void *, GError **)) next ("arv_camera_create_stream");
  in_stream_create++;
  stream = real (camera, callback, user_data, error);
  in_stream_create--;
  return stream;
}

EXPORT guint
arv_camera_get_payload (ArvCamera  *camera,
                        GError    **error)
{
  static guint (*real) (ArvCamera *, GError **);

  if (real == NULL)
    real = (guint (*) (ArvCamera *, GError **)) next ("arv_camera_get_payload");
  if (wanted ("eventfd"))
    (void) eventfd (0, EFD_CLOEXEC);
  return real (camera, error);
}

static void *
sleep_forever (void *data)
{
  for (;;)
    pause ();
  return NULL;
}

EXPORT void
arv_camera_start_acquisition (ArvCamera  *camera,
                              GError    **error)
{
  static void (*real) (ArvCamera *, GError **);

  if (real == NULL)
    real = (void (*) (ArvCamera *, GError **)) next ("arv_camera_start_acquisition");
  if (wanted ("thread"))
    {
      pthread_t thread;

      if (pthread_create (&thread, NULL, sleep_forever, NULL) == 0)
        {
          pthread_setname_np (thread, "leaky-worker");
          pthread_detach (thread);
        }
    }
  real (camera, error);
}
