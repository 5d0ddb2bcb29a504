/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gui-app.h"

/* The GUI over hundreds of reconnects (issue 16): `vigil --simulate`
 * with the fastest reconnect settings (backoff 10 ms, a 2-interval frame
 * watchdog, a 50 ms control probe) and a 64x64 camera at 100 fps, driven
 * over D-Bus through N rounds (VIGIL_GUI_SOAK_RECONNECTS, 800 by default:
 * issue 16 asks for 300, but with frame-sized blocks in the heap (the
 * GUI's malloc settings, src/main.c) the slope read 0.7 to 2.2 kB a
 * reconnect from run to run of the same build over 300 rounds, and 1.1 to
 * 2.0 kB over 500; 800 give it 700 samples instead of 200; about 5 min
 * alone on 2 cores), one in
 * UNPLUG_EVERY an unplug and replug of the simulated camera, the others
 * an injected control-lost; a round ends when the viewer streams again.
 * The event ring is set to 2,000 so that it, like the ledger's 100 ended
 * sessions, is full before the judged window.  The verdict the GUI shows
 * must end PASS, and its own per-reconnect samples (taken at quiesce
 * points, after malloc_trim) must show private memory and the heap in use
 * growing by less than 2 kB a reconnect after the warm-up, with fds and
 * threads back at their level.  Runs inside isolate.sh --gui. */

#define UNPLUG_EVERY      20
#define WARMUP            100          /* reconnects: the ledger's 100 ended sessions fill */
#define MAX_GROWTH        2048.0       /* bytes per reconnect */
#define RECOVER_TIMEOUT_S 30

/* Reads the JSON-lines log as it grows and counts some phases. */
typedef struct
{
  FILE    *file;
  GString *pending;                    /* an incomplete last line */
  guint    starts;                     /* ReconnectStart */
  guint    stalls;                     /* TimeoutDetected, or the session lost */
  guint    done;                       /* ReconnectDone */
} LogTail;

static void
log_tail_poll (LogTail *tail)
{
  char buffer[65536];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, tail->file)) > 0)
    {
      char *line, *end;

      g_string_append_len (tail->pending, buffer, (gssize) n);
      line = tail->pending->str;
      while ((end = strchr (line, '\n')) != NULL)
        {
          *end = '\0';
          if (strstr (line, "\"phase\":\"ReconnectStart\"") != NULL)
            tail->starts++;
          else if (strstr (line, "\"phase\":\"TimeoutDetected\"") != NULL ||
                   strstr (line, "\"operation\":\"lost\"") != NULL)
            tail->stalls++;
          else if (strstr (line, "\"phase\":\"ReconnectDone\"") != NULL)
            tail->done++;
          line = end + 1;
        }
      g_string_erase (tail->pending, 0, line - tail->pending->str);
    }
  clearerr (tail->file);
}

static void
wait_count (LogTail *tail,
            guint   *counter,
            guint    above)
{
  gint64 deadline = g_get_monotonic_time () + RECOVER_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      log_tail_poll (tail);
      if (*counter > above)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * 1000);
    }
}

static void
write_settings (const char *config_home)
{
  g_autofree char *dir = g_build_filename (config_home, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;
  const char *text =
    "[io/github/vigilcam/Vigil]\n"
    "backoff-initial-ms=10\n"
    "backoff-max-ms=100\n"
    "watchdog-frame-intervals=2\n"
    "watchdog-margin-ms=100\n"
    "liveness-probe-interval-ms=50\n"
    "event-ring-size=2000\n"
    "auto-snapshot-on-leak=false\n";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble da = *(const gdouble *) a, db = *(const gdouble *) b;

  return (da > db) - (da < db);
}

/* Theil–Sen: the median of the slopes between every two points. */
static gdouble
theil_sen (GArray *x,
           GArray *y)
{
  g_autoptr(GArray) slopes = g_array_new (FALSE, FALSE, sizeof (gdouble));

  for (guint i = 0; i < x->len; i++)
    for (guint j = i + 1; j < x->len; j++)
      {
        gdouble dx = g_array_index (x, gdouble, j) - g_array_index (x, gdouble, i);
        gdouble slope;

        if (dx <= 0)
          continue;
        slope = (g_array_index (y, gdouble, j) - g_array_index (y, gdouble, i)) / dx;
        g_array_append_val (slopes, slope);
      }
  g_assert_cmpuint (slopes->len, >, 0);
  g_array_sort (slopes, compare_doubles);
  return g_array_index (slopes, gdouble, slopes->len / 2);
}

/* The per-reconnect points after the warm-up: @metric against the
 * reconnect count, as the lower envelope -- the smallest value of each
 * block of BLOCK consecutive samples -- and its Theil–Sen slope.  The heap
 * in use alternates between two levels about 4 MB apart from one sample to
 * the next (one window-sized image of the cairo renderer, allocated or not
 * at that moment); under load the share of high samples drifted and the
 * slope over every sample read +7 kB a reconnect with the first and last
 * values 312 kB apart.  Growth that stays shows in every block's minimum.
 * The slope over every sample is returned in @all, the first and last
 * values in @first and @last. */
#define BLOCK 5

static gdouble
slope_after_warmup (JsonArray  *points,
                    const char *metric,
                    gdouble    *all,
                    gint64     *first,
                    gint64     *last)
{
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr(GArray) bx = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr(GArray) by = g_array_new (FALSE, FALSE, sizeof (gdouble));

  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);
      gdouble reconnects = (gdouble) json_object_get_int_member (point, "reconnects");
      gdouble value;

      if (reconnects < WARMUP || json_object_get_null_member (point, metric))
        continue;
      value = (gdouble) json_object_get_int_member (point, metric);
      if (x->len == 0)
        *first = (gint64) value;
      *last = (gint64) value;
      g_array_append_val (x, reconnects);
      g_array_append_val (y, value);
    }
  g_assert_cmpuint (x->len, >=, 30);
  for (guint start = 0; start + BLOCK <= x->len; start += BLOCK)
    {
      gdouble mid = (g_array_index (x, gdouble, start) + g_array_index (x, gdouble, start + BLOCK - 1)) / 2;
      gdouble low = g_array_index (y, gdouble, start);

      for (guint i = start + 1; i < start + BLOCK; i++)
        low = MIN (low, g_array_index (y, gdouble, i));
      g_array_append_val (bx, mid);
      g_array_append_val (by, low);
    }
  *all = theil_sen (x, y);
  return theil_sen (bx, by);
}

static JsonNode *
export_snapshot (GuiApp     *app,
                 const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  gui_app_activate (app, "export-snapshot", g_variant_new_string (path));
  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
check_memory (JsonNode *document,
              guint     rounds)
{
  JsonObject *root = json_node_get_object (document);
  JsonObject *verdict = json_object_get_object_member (root, "verdict");
  JsonObject *memory = json_object_get_object_member (verdict, "memory");
  JsonArray *points = json_object_get_array_member (json_object_get_object_member (root, "series"),
                                                    "per_reconnect");
  gint64 first_private = 0, last_private = 0, first_heap = 0, last_heap = 0;
  gint64 first_fds = 0, last_fds = 0, first_threads = 0, last_threads = 0;
  gdouble private_all, heap_all, fds_all, threads_all;
  gdouble private_slope = slope_after_warmup (points, "private_bytes", &private_all, &first_private, &last_private);
  gdouble heap_slope = slope_after_warmup (points, "heap_bytes", &heap_all, &first_heap, &last_heap);
  gdouble fds_slope = slope_after_warmup (points, "open_fds", &fds_all, &first_fds, &last_fds);
  gdouble threads_slope = slope_after_warmup (points, "threads", &threads_all, &first_threads, &last_threads);

  g_test_message ("%u rounds, %" G_GINT64_FORMAT " reconnects; verdict %s (memory: %s, %s)", rounds,
                  json_object_get_int_member (verdict, "reconnects"),
                  json_object_get_string_member (verdict, "status"),
                  json_object_get_string_member (memory, "decided_by"),
                  json_object_get_string_member (memory, "reason"));
  g_test_message ("after %d reconnects, Theil–Sen per reconnect of the lower envelope (of every sample): "
                  "private %+.1f B (%+.1f B; %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT "), "
                  "heap in use %+.1f B (%+.1f B; %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT "), "
                  "fds %+.3f (%+.3f; %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT "), "
                  "threads %+.3f (%+.3f; %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT ")",
                  WARMUP, private_slope, private_all, first_private, last_private,
                  heap_slope, heap_all, first_heap, last_heap,
                  fds_slope, fds_all, first_fds, last_fds,
                  threads_slope, threads_all, first_threads, last_threads);

  g_assert_cmpstr (json_object_get_string_member (verdict, "status"), ==, "PASS");
  g_assert_cmpfloat (private_slope, <, MAX_GROWTH);
  g_assert_cmpfloat (heap_slope, <, MAX_GROWTH);
  g_assert_cmpfloat (fds_all, <=, 0);
  g_assert_cmpfloat (threads_all, <=, 0);
}

static void
test_reconnects (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-soak-XXXXXX");
  g_autofree char *log_path = g_build_filename (app->tmpdir, "events.jsonl", NULL);
  g_autofree char *config_home = g_build_filename (app->tmpdir, "config", NULL);
  g_autofree char *snapshot = g_build_filename (app->tmpdir, "soak.json", NULL);
  g_autoptr(JsonNode) document = NULL;
  const char *env = g_getenv ("VIGIL_GUI_SOAK_RECONNECTS");
  guint rounds = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 800;
  LogTail tail = { NULL, g_string_new (NULL), 0, 0, 0 };
  gint64 start, took_us;

  g_assert_cmpuint (rounds, >, WARMUP + 30);
  /* Settings from a key file of this test's own (the others run on the
   * memory backend with the defaults). */
  write_settings (config_home);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  /* Private memory per reconnect is measured: no 32 MB packet-socket ring
   * coming and going with the sessions (README "The GUI over hundreds of
   * reconnects"). */
  g_setenv ("VIGIL_PLAIN_UDP_ON_LOOPBACK", "1", TRUE);
  gui_app_launch (app, "--log-file", log_path, NULL);
  gui_wait_events (log_path, "\"phase\":\"FirstFrame\"", 1, 20);
  gui_app_activate (app, "set-feature", g_variant_new_string ("Width=64"));
  gui_app_activate (app, "set-feature", g_variant_new_string ("Height=64"));
  gui_app_activate (app, "set-feature", g_variant_new_string ("AcquisitionFrameRate=100"));
  tail.file = fopen (log_path, "r");
  g_assert_nonnull (tail.file);

  start = g_get_monotonic_time ();
  for (guint i = 1; i <= rounds; i++)
    {
      guint done = tail.done;

      if (i % UNPLUG_EVERY == 0)
        {
          guint stalls = tail.stalls;

          /* The camera process is killed; once the viewer has seen its
           * frames stop, a new one starts on the same address (it does not
           * take the old session as its controller). */
          gui_app_activate (app, "simulate", g_variant_new_string ("unplug"));
          wait_count (&tail, &tail.stalls, stalls);
          gui_app_activate (app, "simulate", g_variant_new_string ("replug"));
        }
      else
        gui_app_activate (app, "simulate", g_variant_new_string ("control-lost"));
      wait_count (&tail, &tail.done, done);
      if (i % 50 == 0)
        g_test_message ("%u rounds in %.1f s", i, (g_get_monotonic_time () - start) / 1e6);
    }
  took_us = g_get_monotonic_time () - start;
  g_test_message ("%u rounds (%u reconnect starts) in %.1f s: %.0f ms a round", rounds, tail.starts,
                  took_us / 1e6, took_us / 1e3 / rounds);

  document = export_snapshot (app, snapshot);
  if (g_getenv ("VIGIL_GUI_SOAK_SCREENSHOT") != NULL)
    {
      gui_app_activate (app, "screenshot", g_variant_new_string (g_getenv ("VIGIL_GUI_SOAK_SCREENSHOT")));
      g_usleep (2 * G_USEC_PER_SEC);
    }
  check_memory (document, rounds);

  gui_app_activate (app, "quit", NULL);
  gui_app_wait_exit (app, 30 * G_USEC_PER_SEC);
  fclose (tail.file);
  g_string_free (tail.pending, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return g_test_run ();

  g_test_add_func ("/vigil/gui-soak/reconnects", test_reconnects);

  return g_test_run ();
}
