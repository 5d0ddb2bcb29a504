/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "gui-app.h"

/* The camera list follows the network (issue 19): a second simulated
 * camera started while Vigil runs appears in the chooser without F5;
 * killed, it is marked gone; started again, it is offered again.  Read
 * from the read-only window action "cameras" (state a(ssb): id, label,
 * present).  Runs inside isolate.sh --gui: the network namespace is this
 * test's, so it may put 127.0.0.2 on lo. */

#define WINDOW_PATH    GUI_APP_OBJECT_PATH "/window/1"
#define SECOND_ADDRESS "127.0.0.2"
#define SECOND_SERIAL  "DISC02"
#define APPEAR_S       10        /* the bound */
#define GONE_S         20        /* two missed rounds of 5 s + 1 s, and slack */

typedef enum
{
  ABSENT,
  PRESENT,
  GONE,
} Seen;

/* What the chooser says of the second camera now. */
static Seen
second_camera (GuiApp *app,
               char  **label_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = gui_app_call (app, WINDOW_PATH, "Describe", g_variant_new ("(s)", "cameras"),
                                            "((bgav))", &error);
  g_autoptr(GVariant) states = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *id, *label;
  gboolean present;

  g_assert_no_error (error);
  g_variant_get (reply, "((bg@av))", NULL, NULL, &states);
  g_assert_cmpuint (g_variant_n_children (states), ==, 1);
  g_variant_get_child (states, 0, "v", &state);
  g_assert_true (g_variant_is_of_type (state, G_VARIANT_TYPE ("a(ssb)")));
  g_variant_get (state, "a(ssb)", &iter);
  while (g_variant_iter_next (iter, "(&s&sb)", &id, &label, &present))
    if (g_str_equal (id, SECOND_ADDRESS))
      {
        if (label_out != NULL)
          *label_out = g_strdup (label);
        return present ? PRESENT : GONE;
      }
  return ABSENT;
}

/* Waits for @wanted; returns the seconds it took. */
static double
wait_for (GuiApp     *app,
          Seen        wanted,
          guint       timeout_s,
          const char *what)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *label = NULL;

  while (second_camera (app, NULL) != wanted)
    {
      if (g_get_monotonic_time () - start > (gint64) timeout_s * G_USEC_PER_SEC)
        g_error ("the second camera was not %s within %u s", what, timeout_s);
      g_usleep (100 * 1000);
    }
  second_camera (app, &label);
  g_test_message ("%s after %.1f s: “%s”", what, (g_get_monotonic_time () - start) / 1e6, label);
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
run_ip (const char *verb)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) ip = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                                "ip", "addr", verb, SECOND_ADDRESS "/8", "dev", "lo", NULL);

  g_assert_no_error (error);
  g_subprocess_wait_check (ip, NULL, &error);
  g_assert_no_error (error);
}

static GSubprocess *
start_second (void)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *camera = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                          &error, "arv-fake-gv-camera-0.8", "-i", SECOND_ADDRESS,
                                          "-s", SECOND_SERIAL, NULL);

  g_assert_no_error (error);
  return camera;
}

static void
stop_second (GSubprocess *camera)
{
  g_subprocess_force_exit (camera);
  g_subprocess_wait (camera, NULL, NULL);
}

static void
test_follows_network (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-discovery-XXXXXX");
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GSubprocess) again = NULL;
  g_autofree char *program = g_find_program_in_path ("arv-fake-gv-camera-0.8");
  double appeared, gone, back;

  if (program == NULL)
    {
      g_test_skip ("arv-fake-gv-camera-0.8 is not installed");
      return;
    }
  run_ip ("add");
  gui_app_launch (app, NULL);
  /* Vigil's first rounds, before the second camera exists. */
  g_usleep (2 * G_USEC_PER_SEC);
  g_assert_cmpint (second_camera (app, NULL), ==, ABSENT);

  second = start_second ();
  appeared = wait_for (app, PRESENT, APPEAR_S, "offered");
  g_assert_cmpfloat (appeared, <=, APPEAR_S);

  stop_second (second);
  gone = wait_for (app, GONE, GONE_S, "marked gone");
  {
    g_autofree char *label = NULL;

    g_assert_cmpint (second_camera (app, &label), ==, GONE);
    g_assert_nonnull (strstr (label, SECOND_ADDRESS));
  }

  again = start_second ();
  back = wait_for (app, PRESENT, APPEAR_S, "offered again");
  g_test_message ("appeared %.1f s, gone %.1f s, back %.1f s", appeared, gone, back);
  stop_second (again);

  gui_app_activate (app, "quit", NULL);
  gui_app_wait_exit (app, 20 * G_USEC_PER_SEC);
  run_ip ("del");
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/vigil/gui-discovery/follows-network", test_follows_network);
  return g_test_run ();
}
