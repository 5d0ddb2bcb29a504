/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil"

#include "config.h"

#include <locale.h>

#include <arv.h>
#include <glib/gi18n.h>

#include "vigil-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilApplication) app = NULL;
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = vigil_application_new ();
  ret = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);

  /* Releases Aravis's process-wide state, so leak checkers see a clean exit. */
  arv_shutdown ();
  return ret;
}
