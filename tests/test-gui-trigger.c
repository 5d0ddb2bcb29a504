/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gui-app.h"

/* A real `vigil --simulate` switched to software-trigger mode over D-Bus
 * (app.set-feature) and triggered over D-Bus (app.trigger), as a script on
 * a production line would (issue 15): each trigger brings exactly one
 * frame, the quiet camera waits without a reconnect or a stream restart,
 * and the snapshot counts the triggers.  Runs inside isolate.sh --gui. */

#define TRIGGERS 10

typedef struct
{
  gint64      received;
  gint64      displayed;
  gint64      reconnects;
  gint64      stream_restarts;
  gint64      triggers;
  const char *state;       /* static copies below */
  char       *liveness;
} Seen;

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->liveness, g_free);
}

static void
look (GuiApp *app,
      Seen   *seen)
{
  g_autoptr(JsonNode) document = gui_app_export_snapshot (app, 10 * G_USEC_PER_SEC);
  JsonObject *camera = gui_snapshot_member (document, "camera");
  JsonObject *supervisor = gui_snapshot_member (document, "supervisor");
  JsonNode *stream = json_object_get_member (camera, "stream");

  seen_clear (seen);
  seen->received = seen->displayed = 0;
  if (stream != NULL && JSON_NODE_HOLDS_OBJECT (stream))
    {
      seen->received = json_object_get_int_member (json_node_get_object (stream), "received");
      seen->displayed = json_object_get_int_member (json_node_get_object (stream), "displayed");
    }
  seen->reconnects = json_object_get_int_member (supervisor, "reconnects");
  seen->stream_restarts = json_object_get_int_member_with_default (supervisor, "stream_restarts", -1);
  seen->triggers = json_object_get_int_member_with_default (supervisor, "triggers", -1);
  seen->state = g_strcmp0 (json_object_get_string_member_with_default (supervisor, "state", ""), "Streaming") == 0
                ? "Streaming" : "other";
  seen->liveness = g_strdup (json_object_get_string_member_with_default (supervisor, "liveness", ""));
}

/* Whether the app action @action is enabled (org.gtk.Actions.Describe). */
static gboolean
action_enabled (GuiApp     *app,
                const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = gui_app_call (app, GUI_APP_OBJECT_PATH, "Describe", g_variant_new ("(s)", action),
                                            "((bgav))", &error);
  gboolean enabled = FALSE;

  g_assert_no_error (error);
  g_variant_get (reply, "((bg@av))", &enabled, NULL, NULL);
  return enabled;
}

static void
wait_liveness (GuiApp     *app,
               Seen       *seen,
               const char *liveness,
               guint       timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  for (look (app, seen); g_strcmp0 (seen->state, "Streaming") != 0 || g_strcmp0 (seen->liveness, liveness) != 0;
       look (app, seen))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("waited %u s for %s, saw %s/%s", timeout_s, liveness, seen->state, seen->liveness);
      g_usleep (100 * 1000);
    }
}

static void
test_trigger_over_dbus (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-trigger-XXXXXX");
  Seen seen = { 0 };
  gint64 quiet, quiet_displayed;

  gui_app_launch (app, NULL);
  wait_liveness (app, &seen, "Streaming", 20);
  g_assert_false (action_enabled (app, "trigger"));

  gui_app_activate (app, "set-feature", g_variant_new_string ("TriggerMode=On"));
  gui_app_activate (app, "set-feature", g_variant_new_string ("TriggerSource=Software"));
  wait_liveness (app, &seen, "WaitingForTrigger", 10);
  /* The action follows the camera's mode (controls re-read after the write). */
  for (gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; !action_enabled (app, "trigger");)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  /* Quiet: no frame without a trigger (a frame in flight at the switch
   * may still land, so the count is taken after a pause). */
  g_usleep (1500 * 1000);
  look (app, &seen);
  quiet = seen.received;
  quiet_displayed = seen.displayed;
  g_usleep (2000 * 1000);
  look (app, &seen);
  g_assert_cmpint (seen.received, ==, quiet);
  g_assert_cmpint (seen.triggers, ==, 0);

  for (guint i = 1; i <= TRIGGERS; i++)
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      gui_app_activate (app, "trigger", NULL);
      /* Not polled faster: each export is a D-Bus call and a JSON document
       * on the main thread, and back-to-back exports kept the frame's
       * hand-off to the picture waiting (the next frame is then skipped,
       * latest frame wins). */
      g_usleep (200 * 1000);
      for (look (app, &seen); seen.received < quiet + i || seen.triggers < i; look (app, &seen))
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("trigger %u: %" G_GINT64_FORMAT " frames and %" G_GINT64_FORMAT " triggers after 5 s",
                     i, seen.received - quiet, seen.triggers);
          g_usleep (200 * 1000);
        }
      /* One frame per trigger, never more. */
      g_assert_cmpint (seen.received, ==, quiet + i);
      g_assert_cmpint (seen.triggers, ==, i);
    }
  g_usleep (1000 * 1000);
  look (app, &seen);
  g_test_message ("%u triggers: %" G_GINT64_FORMAT " frames received, %" G_GINT64_FORMAT " shown, liveness %s",
                  TRIGGERS, seen.received - quiet, seen.displayed - quiet_displayed, seen.liveness);
  g_assert_cmpint (seen.displayed, ==, quiet_displayed + TRIGGERS);
  g_assert_cmpint (seen.received, ==, quiet + TRIGGERS);
  g_assert_cmpint (seen.triggers, ==, TRIGGERS);
  g_assert_cmpint (seen.reconnects, ==, 0);
  g_assert_cmpint (seen.stream_restarts, ==, 0);
  g_assert_cmpstr (seen.state, ==, "Streaming");
  g_assert_cmpstr (seen.liveness, ==, "WaitingForTrigger");

  /* Back to free-running: frames flow again, the trigger is disabled. */
  gui_app_activate (app, "set-feature", g_variant_new_string ("TriggerMode=Off"));
  wait_liveness (app, &seen, "Streaming", 10);
  g_assert_cmpint (seen.reconnects, ==, 0);
  for (gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; action_enabled (app, "trigger");)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  seen_clear (&seen);

  gui_app_activate (app, "quit", NULL);
  gui_app_wait_exit (app, 20 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/vigil/gui-trigger/trigger-over-dbus", test_trigger_over_dbus);
  return g_test_run ();
}
