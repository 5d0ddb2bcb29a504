/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/resource.h>

#include <gtk/gtk.h>

#include "vigil-chart.h"
#include "vigil-diagnostics.h"

/* The cost of one panel sample with full charts: a probe sample into the
 * history, one point pushed into each of the four chart models holding
 * 3,600 points (a 1 h window at 1 s), and the charts drawn (cairo
 * renderer, offscreen, at the panel's sizes).  Needs a display: run under
 * tests/isolate.sh --gui or xvfb-run.  The panel's CPU share at 1 s
 * samples is the time per sample over one second. */

#define N_POINTS  3600
#define N_SAMPLES 200
#define WIDTH     620

static gdouble
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilDiagnostics) diagnostics = NULL;
  VigilChartModel *models[4] = { NULL };
  g_autoptr(GskRenderer) renderer = NULL;
  GtkWidget *window, *box;
  VigilChart *charts[4];
  gint64 t0 = g_get_real_time () - (gint64) N_POINTS * G_USEC_PER_SEC;
  gdouble start, elapsed;
  g_autoptr(GError) error = NULL;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_init ();

  diagnostics = vigil_diagnostics_new ();
  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_window_set_child (GTK_WINDOW (window), box);
  for (guint c = 0; c < 4; c++)
    {
      models[c] = vigil_chart_model_new (c == 0 ? VIGIL_N_FD_KINDS : 1, 3 * N_POINTS);
      vigil_chart_model_set_window (models[c], (gint64) 3600 * G_USEC_PER_SEC);
      charts[c] = vigil_chart_new ();
      g_object_set (charts[c], "title", "chart", "unit", "fds", NULL);
      gtk_widget_set_size_request (GTK_WIDGET (charts[c]), WIDTH, c == 0 ? 120 : 62);
      vigil_chart_set_model (charts[c], models[c]);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (charts[c]));
    }

  /* A full hour of points with steps, like a leaking run. */
  for (guint i = 0; i < N_POINTS; i++)
    {
      gdouble fds[VIGIL_N_FD_KINDS] = { 12, 4 + i / 300, 2, 3, 5, 1, 1 };
      gdouble one = 10 + (i % 7);

      vigil_chart_model_push (models[0], t0 + (gint64) i * G_USEC_PER_SEC, fds);
      for (guint c = 1; c < 4; c++)
        vigil_chart_model_push (models[c], t0 + (gint64) i * G_USEC_PER_SEC, &one);
    }

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (charts[3])) || gtk_widget_get_width (GTK_WIDGET (charts[3])) == 0)
    g_main_context_iteration (NULL, TRUE);
  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, &error))
    g_error ("%s", error->message);

  start = cpu_seconds ();
  for (guint s = 0; s < N_SAMPLES; s++)
    {
      g_autoptr(VigilProbeSample) sample = vigil_probe_sample (vigil_diagnostics_get_probe (diagnostics),
                                                               VIGIL_PROBE_DEFAULT);
      gint64 now = t0 + (gint64) (N_POINTS + s) * G_USEC_PER_SEC;

      vigil_history_add_sample (vigil_diagnostics_get_history (diagnostics), sample,
                                vigil_ledger_count_open (vigil_diagnostics_get_ledger (diagnostics)));
      for (guint c = 0; c < 4; c++)
        {
          gdouble fds[VIGIL_N_FD_KINDS] = { 12, 16, 2, 3, 5, 1, 1 };
          gdouble one = (gdouble) sample->threads;

          vigil_chart_model_push (models[c], now, c == 0 ? fds : &one);
        }
      for (guint c = 0; c < 4; c++)
        {
          GtkWidget *widget = GTK_WIDGET (charts[c]);
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;
          g_autoptr(GdkTexture) texture = NULL;
          int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

          /* What GTK calls on a redraw, then what the cairo renderer does. */
          GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          g_assert_nonnull (node);
          texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
        }
    }
  elapsed = cpu_seconds () - start;

  g_print ("panel sample with 4 full charts (%u points, %d px wide): %.2f ms CPU per sample = %.2f %% of one core at 1 s\n",
           N_POINTS, WIDTH, 1000 * elapsed / N_SAMPLES, 100 * elapsed / N_SAMPLES);

  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint c = 0; c < 4; c++)
    g_object_unref (models[c]);
  return 0;
}
