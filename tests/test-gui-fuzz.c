/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gui-app.h"

/* A fuzz pass over every D-Bus action parameter of Vigil (issue 16): random
 * lengths (0-100,000), random characters and the numbers that break
 * parsers (NaN, ±inf, 2^64, …), wrong parameter types, for a bounded time
 * (VIGIL_FUZZ_SECONDS, default 45).  After every call the app must be alive
 * and answer a D-Bus round trip; the slowest round trip is reported and
 * must stay under a generous bound (CI is loaded; the target is
 * 100 ms, see the test log for the measured figures).  Reproduce a run
 * with --seed=<the seed in the log>.  Run inside isolate.sh --gui. */

#define ROUND_TRIP_BOUND_US (2 * G_USEC_PER_SEC)

static const char * const numbers[] = {
  "nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e309", "-1e309", "18446744073709551616",
  "18446744073709551615", "-9223372036854775809", "9223372036854775808", "-1", "0", "0x10",
  "1e-400", "4294967296", "", " ", "5 ", " 5",
};

static const char * const shapes[] = {
  "%s", "loss:%s", "loss: %s", "loss:%s%%", "open.device=%s", "open.device=every:%s",
  "open.device=probability:%s", "open.device=probability:%s,seed=%s", "seed=%s", "%s=once",
  "frame.timeout=%s,control.lost=%s", "=%s", ",%s,", "%s=%s=%s",
};

static const char * const words[] = {
  "freeze", "thaw", "loss", "control-lost", "off", "once", "persistent", "every", "probability",
  "open.device", "stream.create", "buffers.alloc", "acquisition.start", "callback.register",
  "close.stop-acquisition", "frame.timeout", "control.lost", "open.after-device",
};

/* Random text of random length: mostly short, sometimes up to 100,000
 * characters; any Unicode scalar value but NUL (D-Bus strings are UTF-8). */
static char *
random_text (void)
{
  guint kind = g_test_rand_int_range (0, 10);
  gsize length;
  GString *text;

  if (kind < 3)
    {
      const char *shape = shapes[g_test_rand_int_range (0, G_N_ELEMENTS (shapes))];
      const char *a = numbers[g_test_rand_int_range (0, G_N_ELEMENTS (numbers))];
      const char *b = numbers[g_test_rand_int_range (0, G_N_ELEMENTS (numbers))];
      const char *c = words[g_test_rand_int_range (0, G_N_ELEMENTS (words))];

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      return g_strdup_printf (shape, kind == 0 ? c : a, b, a);
#pragma GCC diagnostic pop
    }
  if (kind == 3)
    return g_strdup (words[g_test_rand_int_range (0, G_N_ELEMENTS (words))]);

  /* Lengths spread over 0 … 100,000, about evenly per power of ten. */
  {
    static const gint32 tops[] = { 10, 100, 1000, 10000, 100001 };

    length = g_test_rand_int_range (0, tops[g_test_rand_int_range (0, G_N_ELEMENTS (tops))]);
  }
  text = g_string_sized_new (length);
  for (gsize i = 0; i < length; i++)
    {
      gunichar c;

      switch (g_test_rand_int_range (0, 4))
        {
        case 0:  c = g_test_rand_int_range (1, 0x80); break;                  /* ASCII, controls too */
        case 1:  c = g_test_rand_int_range (0x80, 0x800); break;
        case 2:  c = g_test_rand_int_range (0x800, 0xd800); break;
        default: c = g_test_rand_int_range (0xe000, 0x110000); break;
        }
      if (c >= 0xfdd0 && c <= 0xfdef)
        c = 'x';
      g_string_append_unichar (text, c);
    }
  return g_string_free (text, FALSE);
}

/* A parameter of a random wrong type, or NULL. */
static GVariant *
random_wrong_type (void)
{
  switch (g_test_rand_int_range (0, 7))
    {
    case 0:  return g_variant_new_double (NAN);
    case 1:  return g_variant_new_double (INFINITY);
    case 2:  return g_variant_new_uint64 (G_MAXUINT64);
    case 3:  return g_variant_new_int32 (-1);
    case 4:  return g_variant_new_boolean (TRUE);
    case 5:  return g_variant_new_strv (NULL, 0);
    default: return NULL;
    }
}

/* Calls org.gtk.Actions.@method; a D-Bus error is fine (a refused
 * parameter), a dead or silent app is not. */
static void
call_action (GuiApp     *app,
             const char *object_path,
             const char *method,
             const char *action,
             GVariant   *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantBuilder) params = g_variant_builder_new (G_VARIANT_TYPE ("av"));

  if (g_str_equal (method, "SetState"))
    reply = gui_app_call (app, object_path, method,
                          g_variant_new ("(sva{sv})", action, value ? value : g_variant_new_string (""), NULL),
                          NULL, &error);
  else
    {
      if (value != NULL)
        g_variant_builder_add (params, "v", value);
      reply = gui_app_call (app, object_path, method, g_variant_new ("(sava{sv})", action, params, NULL),
                            NULL, &error);
    }
  if (error != NULL)
    {
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
      g_assert_false (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY));
      g_assert_false (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN));
      g_assert_false (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER));
    }
}

static gint64
round_trip_us (GuiApp *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 start = g_get_monotonic_time ();

  reply = gui_app_call (app, GUI_APP_OBJECT_PATH, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  return g_get_monotonic_time () - start;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
test_actions (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-fuzz-XXXXXX");
  g_autofree char *snapshots = g_build_filename (app->tmpdir, "snapshots", NULL);
  g_autoptr(GArray) trips = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GVariant) listed = NULL;
  g_autoptr(GPtrArray) fault_actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *seconds_env = g_getenv ("VIGIL_FUZZ_SECONDS");
  gint64 budget = (seconds_env ? g_ascii_strtoll (seconds_env, NULL, 10) : 45) * G_USEC_PER_SEC;
  gint64 start, worst = 0;
  guint calls = 0;
  g_auto(GStrv) names = NULL;

  gui_app_launch (app, "--snapshot-dir", snapshots, NULL);
  round_trip_us (app);
  listed = gui_app_call (app, GUI_APP_OBJECT_PATH, "List", NULL, "(as)", &error);
  g_assert_no_error (error);
  g_variant_get (listed, "(^as)", &names);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], "fault-"))
      g_ptr_array_add (fault_actions, g_strdup (names[i]));
  g_assert_cmpuint (fault_actions->len, >, 0);

  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < budget)
    {
      g_autofree char *text = random_text ();
      g_autofree char *in_tmp = g_build_filename (app->tmpdir, "x", text, NULL);
      guint which = g_test_rand_int_range (0, 11);
      gint64 trip;

      switch (which)
        {
        case 0: case 1:
          call_action (app, GUI_APP_OBJECT_PATH, "Activate", "simulate", g_variant_new_string (text));
          break;
        case 2: case 3:
          call_action (app, GUI_APP_OBJECT_PATH, "Activate", "arm-fault", g_variant_new_string (text));
          break;
        case 4:   /* paths: relative ones stay in the snapshot folder; absolute ones under tmpdir */
          call_action (app, GUI_APP_OBJECT_PATH, "Activate", "export-snapshot",
                       g_variant_new_string (g_test_rand_bit () ? in_tmp : text));
          break;
        case 5:
          call_action (app, GUI_APP_OBJECT_PATH, "Activate", "screenshot", g_variant_new_string (in_tmp));
          break;
        case 6:
          call_action (app, GUI_APP_OBJECT_PATH, "SetState",
                       g_ptr_array_index (fault_actions, g_test_rand_int_range (0, fault_actions->len)),
                       g_variant_new_string (text));
          break;
        case 7:
          call_action (app, GUI_APP_OBJECT_PATH, "SetState", "leak-demo",
                       g_test_rand_bit () ? g_variant_new_boolean (g_test_rand_bit ()) : g_variant_new_string (text));
          break;
        case 8:
          {
            static const char * const typed[] = { "simulate", "arm-fault", "export-snapshot", "screenshot",
                                                  "leak-demo", "no-such-action", "quit-not" };

            call_action (app, GUI_APP_OBJECT_PATH, g_test_rand_bit () ? "Activate" : "SetState",
                         typed[g_test_rand_int_range (0, G_N_ELEMENTS (typed))], random_wrong_type ());
          }
          break;
        case 9:
          call_action (app, GUI_APP_OBJECT_PATH "/window/1", "SetState",
                       g_test_rand_bit () ? "reconnects" : "show-panel",
                       g_test_rand_bit () ? g_variant_new_uint64 (g_test_rand_int ()) : random_wrong_type ());
          break;
        default:
          call_action (app, GUI_APP_OBJECT_PATH, "Activate", text, NULL);      /* a random action name */
          break;
        }
      trip = round_trip_us (app);
      g_array_append_val (trips, trip);
      worst = MAX (worst, trip);
      calls++;
      if (trip > 100 * 1000)
        g_test_message ("over 100 ms after case %u with %u characters: %.1f ms", which,
                        (guint) g_utf8_strlen (text, -1), trip / 1000.0);
      g_assert_cmpint (trip, <, ROUND_TRIP_BOUND_US);
    }

  g_array_sort (trips, compare_gint64);
  g_test_message ("%u calls in %.0f s; D-Bus round trip after each: median %.1f ms, 99th percentile %.1f ms, worst %.1f ms",
                  calls, (g_get_monotonic_time () - start) / 1e6,
                  g_array_index (trips, gint64, trips->len / 2) / 1000.0,
                  g_array_index (trips, gint64, trips->len * 99 / 100) / 1000.0, worst / 1000.0);

  /* Still quits cleanly (a frozen camera closes within 8 s). */
  call_action (app, GUI_APP_OBJECT_PATH, "Activate", "quit", NULL);
  gui_app_wait_exit (app, 15 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (app->vigil));
  g_assert_cmpint (g_subprocess_get_exit_status (app->vigil), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-fuzz/actions", test_actions);
  return g_test_run ();
}
