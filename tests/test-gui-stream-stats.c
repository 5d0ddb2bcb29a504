/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gui-app.h"

/* The stream statistics of a real `vigil --simulate`, read back from the
 * snapshots it exports over D-Bus (the popover shows the same figures):
 * in software-trigger mode the camera sends exactly one frame a trigger,
 * so Aravis's completed-buffer count must rise by exactly the triggers
 * sent and match the frames the consumer took; with packet loss the
 * missing packets count up and the alert says so.  Runs inside
 * isolate.sh --gui. */

#define N_TRIGGERS 5

typedef struct
{
  GuiApp *app;
  guint   n_exports;
} Fixture;

static JsonNode *
export (Fixture *fixture)
{
  g_autofree char *name = g_strdup_printf ("export-%u.json", fixture->n_exports++);
  g_autofree char *path = g_build_filename (fixture->app->tmpdir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gui_app_activate (fixture->app, "export-snapshot", g_variant_new_string (path));
  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
camera_member (JsonNode   *document,
               const char *name)
{
  JsonObject *camera = json_object_get_object_member (json_node_get_object (document), "camera");
  JsonNode *node = json_object_get_member (camera, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
stream_stat (JsonNode   *document,
             const char *name)
{
  JsonObject *stats = camera_member (document, "stream_statistics");

  return stats != NULL ? json_object_get_int_member_with_default (stats, name, -1) : -1;
}

static gint64
sink_count (JsonNode   *document,
            const char *name)
{
  JsonObject *stream = camera_member (document, "stream");

  return stream != NULL ? json_object_get_int_member_with_default (stream, name, -1) : -1;
}

/* Exports until the completed count stayed the same for 2.5 s (the
 * statistics are read every second), within @timeout_s. */
static JsonNode *
export_settled (Fixture *fixture,
                guint    timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  g_autoptr(JsonNode) last = export (fixture);
  gint64 since = g_get_monotonic_time ();

  for (;;)
    {
      g_autoptr(JsonNode) next = NULL;

      g_usleep (250 * 1000);
      next = export (fixture);
      if (stream_stat (next, "completed") != stream_stat (last, "completed") || stream_stat (next, "completed") < 0)
        since = g_get_monotonic_time ();
      else if (g_get_monotonic_time () - since >= 2500 * 1000)
        return g_steal_pointer (&next);
      g_clear_pointer (&last, json_node_unref);
      last = g_steal_pointer (&next);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static void
test_counts (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-stream-stats-XXXXXX");
  Fixture fixture = { .app = app };
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *stats;
  gint64 deadline;

  gui_app_launch (app, NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonNode) first = export (&fixture);
      JsonObject *supervisor = json_object_get_object_member (json_node_get_object (first), "supervisor");

      if (g_strcmp0 (json_object_get_string_member_with_default (supervisor, "state", ""), "Streaming") == 0 &&
          stream_stat (first, "completed") > 0)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (250 * 1000);
    }

  /* Software trigger: the stream goes quiet. */
  gui_app_activate (app, "set-feature", g_variant_new_string ("TriggerSelector=FrameStart"));
  gui_app_activate (app, "set-feature", g_variant_new_string ("TriggerMode=On"));
  gui_app_activate (app, "set-feature", g_variant_new_string ("TriggerSource=Software"));
  before = export_settled (&fixture, 30);
  g_assert_cmpint (stream_stat (before, "completed"), >, 0);
  g_test_message ("before: completed %" G_GINT64_FORMAT ", the consumer took %" G_GINT64_FORMAT,
                  stream_stat (before, "completed"), sink_count (before, "received"));

  for (guint i = 0; i < N_TRIGGERS; i++)
    {
      gui_app_activate (app, "trigger", NULL);
      g_usleep (400 * 1000);
    }
  after = export_settled (&fixture, 30);
  g_test_message ("after %d triggers: completed %" G_GINT64_FORMAT ", the consumer took %" G_GINT64_FORMAT,
                  N_TRIGGERS, stream_stat (after, "completed"), sink_count (after, "received"));

  /* The same stream, exactly one buffer a trigger, as the consumer saw them. */
  g_assert_cmpint (stream_stat (after, "session"), ==, stream_stat (before, "session"));
  g_assert_cmpint (stream_stat (after, "stream_restarts"), ==, 0);
  g_assert_cmpint (stream_stat (after, "completed") - stream_stat (before, "completed"), ==, N_TRIGGERS);
  g_assert_cmpint (sink_count (after, "received") - sink_count (before, "received"), ==, N_TRIGGERS);
  g_assert_cmpint (stream_stat (after, "failed"), ==, sink_count (after, "failed"));
  g_assert_cmpint (stream_stat (after, "underrun"), ==, 0);
  g_assert_cmpint (stream_stat (after, "missing_packets"), ==, 0);
  stats = camera_member (after, "stream_statistics");
  g_assert_cmpstr (json_object_get_string_member (stats, "transport"), ==, "GigE Vision");
  g_assert_cmpstr (json_object_get_string_member (stats, "alert"), ==, "none");

  /* Free-running again, with 0.2 % of the packets lost (the simulated
   * camera is started anew): missing packets count up, and say so. */
  gui_app_activate (app, "set-feature", g_variant_new_string ("TriggerMode=Off"));
  gui_app_activate (app, "simulate", g_variant_new_string ("loss:2"));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonNode) lossy = export (&fixture);

      stats = camera_member (lossy, "stream_statistics");
      if (stats != NULL && stream_stat (lossy, "missing_packets") > 0 &&
          g_str_equal (json_object_get_string_member (stats, "alert"), "packet-loss"))
        {
          g_test_message ("with loss: missing %" G_GINT64_FORMAT ", resent %" G_GINT64_FORMAT
                          ", the consumer's count over every session %" G_GINT64_FORMAT,
                          stream_stat (lossy, "missing_packets"), stream_stat (lossy, "resent_packets"),
                          sink_count (lossy, "missing_packets"));
          g_assert_cmpint (sink_count (lossy, "missing_packets"), >=, 0);
          g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stats, "last_minute"),
                                                       "missing_packets"), >, 0);
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (500 * 1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-stream-stats/counts", test_counts);

  return g_test_run ();
}
