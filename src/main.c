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
   * through.  So: one arena, as vigil-soak has (vigil-soak.c), and fixed
   * thresholds instead of glibc's sliding ones, at the top of glibc's
   * range.  Every frame GTK's cairo drawing allocates and frees a paint
   * surface the size of the picture (2.2 MB at 1100×900): it must come
   * from the heap again, not be mapped and faulted in anew (with a fixed
   * 128 kB mmap threshold that was ~1,200 page faults a frame and 8× the
   * CPU: gui-frame-cost), and freeing it must not trim the heap it came
   * from.  The supervisor hands free pages back with malloc_trim () at
   * every reconnect.  gui-soak: +0.7 to +2.2 kB a reconnect over 300
   * rounds, +1.7 kB over 500 (with the 128 kB threshold: +0.8 to +1.3). */
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
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
