/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "bench-util.h"
#include "vigil-snapshot-compare.h"
#include "vigil-snapshot-load.h"
#include "vigil-snapshot-models.h"

/* What opening a snapshot in the viewer costs, outside GTK: read and
 * parse (vigil_snapshot_load), build the panel's models
 * (vigil_snapshot_models_new), and compare with itself.  On a file given
 * as argument, or on a synthetic snapshot as large as Vigil's rings let
 * one be: 10,000 events, 3,600 periodic and 4,096 per-reconnect points,
 * 100 ended sessions of 8 resources (1 unpaired each) and 65,536 fds.
 * Prints the medians of --reps runs (default 5).
 *   _build/tests/bench-snapshot-open [--reps N] [FILE] */

static void
add_point (GString *text,
           guint    i,
           gboolean first)
{
  g_string_append_printf (text, "%s{\"wall_us\": %" G_GINT64_FORMAT ", \"reconnects\": %u, \"open_fds\": %u,"
                          " \"threads\": 12, \"ledger_open\": 1, \"private_bytes\": %u}",
                          first ? "" : ", ", (gint64) 1795634080000000 + (gint64) i * 1000000, i / 10, 20 + i / 10,
                          50000000 + i * 100);
}

static void
add_session (GString *text,
             guint    s)
{
  static const char *kinds[] = { "Device", "Stream", "Buffers", "SignalHandler", "Thread", "Timer", "Event", "Subprocess" };

  g_string_append_printf (text, "%s{\"id\": %u, \"camera\": \"127.0.0.1\", \"opened_us\": 1795634080000000,"
                          " \"closed_us\": 1795634081000000, \"state\": \"ended\", \"phase\": \"CloseDone\", \"open\": 1,"
                          " \"resources\": [", s > 1 ? ", " : "", s);
  for (guint r = 0; r < 8; r++)
    g_string_append_printf (text, "%s{\"id\": %u, \"kind\": \"%s\", \"name\": \"resource %u\", \"owner\": \"vigil-session\","
                            " \"create_action\": \"Create\", \"close_action\": \"Close\", \"create_phase\": \"DeviceOpened\","
                            " \"created_us\": 1795634080000000, \"closed\": %s, \"close_phase\": \"CloseStart\","
                            " \"closed_us\": 1795634081000000, \"os_handle\": %u, \"os_target\": \"anon_inode:[eventfd]\"}",
                            r > 0 ? ", " : "", s * 10 + r, kinds[r], r, r == 6 ? "false" : "true", 20 + r);
  g_string_append_printf (text, "], \"pairs\": {\"Event\": {\"created\": 1, \"closed\": 0, \"open\": 1}},"
                          " \"unpaired\": [{\"id\": %u, \"kind\": \"Event\", \"create_phase\": \"CallbackRegistered\"}],"
                          " \"orphans\": []}", s * 10 + 6);
}

static char *
synthetic (gsize *length)
{
  GString *text = g_string_new ("{\"schema\": \"vigil-snapshot/1\", \"created_us\": 1795640000000000,"
                                " \"host\": {\"hostname\": \"lab-pc\"}, \"process\": {\"open_fds\": 65536, \"fds\": [");

  for (guint i = 0; i < 65536; i++)
    g_string_append_printf (text, "%s{\"fd\": %u, \"kind\": \"eventfd\", \"target\": \"anon_inode:[eventfd]\"}",
                            i > 0 ? ", " : "", i);
  g_string_append (text, "]}, \"series\": {\"periodic\": [");
  for (guint i = 0; i < 3600; i++)
    add_point (text, i, i == 0);
  g_string_append (text, "], \"per_reconnect\": [");
  for (guint i = 0; i < 4096; i++)
    add_point (text, 5000 + i, i == 0);
  g_string_append (text, "]}, \"sessions\": [");
  for (guint s = 1; s <= 100; s++)
    add_session (text, s);
  g_string_append (text, "], \"events\": [");
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (text, "%s{\"ts\": %" G_GINT64_FORMAT ", \"event\": \"CameraResource\", \"session\": %u,"
                            " \"camera\": \"127.0.0.1\", \"operation\": \"open\", \"reconnects\": %u, \"phase\": \"DeviceOpened\","
                            " \"resource\": %u, \"kind\": \"Device\", \"name\": \"Fake\", \"action\": \"Open\", \"os_handle\": 14,"
                            " \"owner\": \"vigil-session\", \"error_domain\": null, \"error_code\": null, \"error_message\": null,"
                            " \"errno\": null, \"timeout_ms\": null, \"open_fds\": 22, \"threads\": 12, \"private_bytes\": 50000000}",
                            i > 0 ? ", " : "", (gint64) 1795634080000000 + i * 1000, 1 + i / 100, i / 100, i);
  g_string_append (text, "]}");
  *length = text->len;
  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  guint reps = 5;
  const char *path = NULL;
  g_autofree char *made = NULL;
  g_autofree gdouble *load_ms = NULL;
  g_autofree gdouble *models_ms = NULL;
  g_autofree gdouble *compare_ms = NULL;
  gsize length = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--reps") == 0 && i + 1 < argc)
        {
          reps = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
          reps = MAX (reps, 1);
        }
      else
        path = argv[i];
    }
  if (path == NULL)
    {
      g_autofree char *text = synthetic (&length);
      g_autoptr(GError) error = NULL;

      made = g_build_filename (g_get_tmp_dir (), "bench-snapshot-open.json", NULL);
      if (!g_file_set_contents (made, text, length, &error))
        g_error ("%s", error->message);
      path = made;
    }

  load_ms = g_new0 (gdouble, reps);
  models_ms = g_new0 (gdouble, reps);
  compare_ms = g_new0 (gdouble, reps);
  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = now_ns ();
      g_autoptr(JsonNode) document = vigil_snapshot_load (path, &error);
      gint64 t1 = now_ns ();
      g_autoptr(VigilSnapshotModels) models = document ? vigil_snapshot_models_new (document, &error) : NULL;
      gint64 t2 = now_ns ();
      g_autoptr(VigilSnapshotDiff) diff = NULL;

      if (models == NULL)
        g_error ("%s", error->message);
      diff = vigil_snapshot_compare (vigil_snapshot_models_get_root (models), vigil_snapshot_models_get_root (models),
                                     &error);
      load_ms[r] = (t1 - t0) / 1e6;
      models_ms[r] = (t2 - t1) / 1e6;
      compare_ms[r] = (now_ns () - t2) / 1e6;
    }
  {
    GStatBuf st;

    g_stat (path, &st);
    g_print ("%s: %.1f MB; medians of %u: load %.0f ms, models %.0f ms, compare %.0f ms\n", path,
             st.st_size / 1e6, reps, median (load_ms, reps), median (models_ms, reps), median (compare_ms, reps));
  }
  if (made != NULL)
    g_unlink (made);
  return 0;
}
