/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil"

#include "config.h"

#include <locale.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include <arv.h>
#include <glib/gi18n.h>

#include "vigil-application.h"
#include "vigil-aravis-lock.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilApplication) app = NULL;
  const char *localedir;
  int ret;

  /* VIGIL_LOCALEDIR lets the tests use the catalogs of the build tree. */
  localedir = g_getenv ("VIGIL_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

#ifdef HAVE_MALLOC_TRIM
  /* A viewer that runs for weeks must not grow by reconnects.  With
   * glibc's defaults, private memory grew 30-120 kB a reconnect after 100
   * reconnects (gui-soak; [heap] +53 kB a reconnect) while the bytes in
   * use stayed flat: fragments, in the main heap and in the arenas the
   * per-session threads (Aravis's stream thread, the consumer) come and go
   * through.  One arena, as vigil-soak has (vigil-soak.c), and a fixed
   * mmap threshold, so frame-sized buffers are mapped and unmapped rather
   * than carved from the heap once glibc would have raised the threshold
   * after the first free of one: +1.1 kB a reconnect over 180 rounds. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
  mallopt (M_ARENA_MAX, 1);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = vigil_application_new ();
  ret = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);

  /* Releases Aravis's process-wide state, so leak checkers see a clean
   * exit -- after a discovery round still on its thread. */
  vigil_aravis_shutdown ();
  return ret;
}
