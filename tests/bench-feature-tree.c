/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench-util.h"
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "vigil-diagnostics.h"
#include "vigil-feature-client.h"
#include "vigil-feature-model.h"
#include "vigil-feature-tree.h"
#include "vigil-features-window-private.h"
#include "vigil-sim-camera.h"
#include "vigil-supervisor.h"
#include "feature-xml.h"

/* The Features view over 2,000 features in 50 categories (issue 18).
 *
 * Without GTK and without a camera: walking the node tree (what the worker
 * does when the view opens) and filtering the model (the view's own part
 * of a keystroke).
 *
 * In process, under isolate.sh --gui, against arv-fake-gv-camera-0.8
 * serving the generated XML (-g FILE), after a first plain window (GTK's
 * own start-up, which the application's main window pays): the view
 * opened OPENS times (the first open, which also makes its widget
 * classes, printed apart),
 * each time measured from vigil_features_window_new () until the rows are
 * listed and until the first frame painted after that, the features read
 * once it settled, then the search typed a letter at a time, each
 * keystroke measured until the list is complete (the filter is
 * synchronous: no incremental model) and until the next frame painted.
 *
 * Run: meson test -C _build --benchmark --verbose bench-feature-tree.
 * Prints medians. */

#define RUNS  21
#define OPENS 9
#define ADDRESS "127.0.0.1"

static const char * const typed[] = { "s", "se", "set", "sett", "setti", "settin", "setting", "setting 1",
                                      "setting 12", "setting 12 ", "setting 12 of", "" };

static void
bench_model (const char *path)
{
  g_autofree char *xml = NULL;
  g_autoptr(ArvGc) genicam = NULL;
  g_autoptr(VigilFeatureTree) tree = NULL;
  g_autoptr(VigilFeatureModel) model = NULL;
  gdouble walk[RUNS], filter[RUNS * G_N_ELEMENTS (typed)];
  gsize length = 0;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &xml, &length, NULL));
  genicam = arv_gc_new (NULL, xml, length);
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = now_ns ();

      g_clear_pointer (&tree, vigil_feature_tree_unref);
      tree = vigil_feature_tree_build (genicam, NULL);
      walk[i] = (now_ns () - start) / 1000.0;
    }
  model = vigil_feature_model_new (tree);
  for (guint r = 0; r < RUNS; r++)
    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        gint64 start = now_ns ();

        vigil_feature_model_set_filter (model, VIGIL_FEATURE_VISIBILITY_GURU, typed[i]);
        filter[n++] = (now_ns () - start) / 1000.0;
      }
  g_print ("tree walk of %u nodes (no camera): median %.0f µs\n", vigil_feature_tree_get_nodes (tree)->len,
           median (walk, RUNS));
  g_print ("model filter alone (search as you type, Guru level): median %.0f µs per keystroke\n", median (filter, n));
}

/* ---- The view, in process ------------------------------------------------ */

static guint painted;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  painted++;
}

static gboolean
wait_for (gboolean (*done) (gpointer),
          gpointer   data,
          guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  return TRUE;
}

static gboolean
is_streaming (gpointer data)
{
  return vigil_supervisor_get_state (data) == VIGIL_SUPERVISOR_STREAMING;
}

static gboolean
has_rows (gpointer data)
{
  VigilFeaturesWindow *window = data;

  return g_list_model_get_n_items (G_LIST_MODEL (window->selection)) > 0;
}

static guint paint_mark;

static gboolean
painted_since_mark (gpointer data)
{
  return painted != paint_mark;
}

static gboolean
is_settled (gpointer data)
{
  return !vigil_features_window_is_busy (data);
}

/* Waits for the next frame painted; returns when it was, in µs since @start. */
static gdouble
until_painted (gint64 start)
{
  paint_mark = painted;
  g_assert_true (wait_for (painted_since_mark, NULL, 10000));
  return (g_get_monotonic_time () - start) / 1.0;
}

static void
settle (VigilFeaturesWindow *window)
{
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_true (wait_for (is_settled, window, 20000));
}

typedef struct
{
  GArray *open_made, *open_listed, *open_painted, *open_reads, *key_listed, *key_painted;
} Figures;

static void
open_once (VigilSupervisor *supervisor,
           Figures         *figures,
           gboolean         first)
{
  gint64 start = g_get_monotonic_time ();
  guint64 reads = vigil_feature_client_get_reads ();
  VigilFeaturesWindow *window;
  gdouble made, listed, shown, n_read;
  gulong handler;

  window = g_object_ref_sink (VIGIL_FEATURES_WINDOW (vigil_features_window_new (NULL, supervisor)));
  gtk_window_set_default_size (GTK_WINDOW (window), 980, 560);
  gtk_window_present (GTK_WINDOW (window));
  made = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_true (wait_for (has_rows, window, 20000));
  listed = (g_get_monotonic_time () - start) / 1000.0;
  handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                              G_CALLBACK (on_after_paint), NULL);
  shown = until_painted (start) / 1000.0;
  settle (window);
  n_read = vigil_feature_client_get_reads () - reads;
  if (first)
    g_print ("first open: window made in %.0f ms, rows listed in %.0f ms, painted in %.0f ms, %.0f features read\n",
             made, listed, shown, n_read);
  else
    {
      g_array_append_val (figures->open_made, made);
      g_array_append_val (figures->open_listed, listed);
      g_array_append_val (figures->open_painted, shown);
      g_array_append_val (figures->open_reads, n_read);
    }
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      gint64 key = g_get_monotonic_time ();
      gdouble t;

      vigil_features_window_set_filter (window, VIGIL_FEATURE_VISIBILITY_GURU, typed[i]);
      t = (g_get_monotonic_time () - key) / 1000.0;
      g_array_append_val (figures->key_listed, t);
      t = until_painted (key) / 1000.0;
      g_array_append_val (figures->key_painted, t);
    }
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), handler);
  gtk_window_destroy (GTK_WINDOW (window));
  settle (window);
  g_object_unref (window);
}

static gdouble
median_of (GArray *values)
{
  return median ((gdouble *) (gpointer) values->data, values->len);
}

/* The application's main window is up when the view opens: GTK's own
 * start-up (theme, fonts) is not the view's. */
static GtkWidget *
warm_up (void)
{
  GtkWidget *window = gtk_window_new ();
  gint64 start = g_get_monotonic_time ();
  gulong handler;

  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Vigil"));
  gtk_window_present (GTK_WINDOW (window));
  handler = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), NULL);
  g_print ("GTK's start-up (a first window painted): %.0f ms\n", until_painted (start) / 1000.0);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), handler);
  return window;
}

static void
bench_view (const char *path)
{
  g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "FEAT03");
  g_autoptr(VigilDiagnostics) diagnostics = NULL;
  g_autoptr(VigilSupervisor) supervisor = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *main_window;
  Figures figures;

  vigil_sim_camera_set_genicam (sim, path);
  g_assert_true (vigil_sim_camera_start (sim, &error));
  g_assert_no_error (error);
  diagnostics = vigil_diagnostics_new ();
  supervisor = vigil_supervisor_new (diagnostics);
  vigil_supervisor_open (supervisor, ADDRESS);
  g_assert_true (wait_for (is_streaming, supervisor, 15000));

  main_window = warm_up ();
  figures.open_made = g_array_new (FALSE, FALSE, sizeof (gdouble));
  figures.open_listed = g_array_new (FALSE, FALSE, sizeof (gdouble));
  figures.open_painted = g_array_new (FALSE, FALSE, sizeof (gdouble));
  figures.open_reads = g_array_new (FALSE, FALSE, sizeof (gdouble));
  figures.key_listed = g_array_new (FALSE, FALSE, sizeof (gdouble));
  figures.key_painted = g_array_new (FALSE, FALSE, sizeof (gdouble));
  for (guint i = 0; i < OPENS; i++)
    open_once (supervisor, &figures, i == 0);
  g_print ("open again (median of %u): window made in %.0f ms, rows listed in %.0f ms, painted in %.0f ms, "
           "%.0f features read\n", figures.open_listed->len, median_of (figures.open_made),
           median_of (figures.open_listed), median_of (figures.open_painted),
           median_of (figures.open_reads));
  g_print ("keystroke (median of %u): list complete in %.1f ms, painted in %.1f ms\n",
           figures.key_listed->len, median_of (figures.key_listed), median_of (figures.key_painted));
  g_array_unref (figures.open_made);
  g_array_unref (figures.open_listed);
  g_array_unref (figures.open_painted);
  g_array_unref (figures.open_reads);
  g_array_unref (figures.key_listed);
  g_array_unref (figures.key_painted);
  gtk_window_destroy (GTK_WINDOW (main_window));
  g_assert_true (vigil_supervisor_shutdown (supervisor, 20000));
  vigil_sim_camera_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;

  g_setenv ("G_TEST_SRCDIR", SOURCE_TESTS_DIR, FALSE);
  g_test_init (&argc, &argv, NULL);
  path = feature_xml_generate_large ();
  bench_model (path);
  if (g_strcmp0 (g_getenv ("VIGIL_ISOLATED"), "1") != 0 || vigil_sim_camera_find_program () == NULL ||
      !gtk_init_check ())
    g_print ("the view: not measured (needs isolate.sh --gui and arv-fake-gv-camera-0.8)\n");
  else
    bench_view (path);
  g_unlink (path);
  return 0;
}
