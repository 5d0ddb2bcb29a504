/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil"

#include "config.h"

#include <locale.h>

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
