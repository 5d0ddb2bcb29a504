/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-stream-stats-button"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-stream-stats-button.h"

/* The status line's stream statistics: a button that says in words when
 * the stream underruns or loses packets, and a popover with Aravis's
 * counts of the current stream and their rise over the last minute.  Reads
 * what the session worker published (vigil_supervisor_get_stream_stats ()),
 * never the camera.  Main thread. */

#define REFRESH_MS 1000

struct _VigilStreamStatsButton
{
  GtkWidget         parent_instance;

  GtkMenuButton    *button;
  GtkPopover       *popover;
  GtkLabel         *summary_label;
  GtkGrid          *grid;
  GtkLabel         *caption_label;
  GtkLabel         *cells[VIGIL_STREAM_N_STATS][4];   /* name, count, last minute, per minute */

  VigilSupervisor  *supervisor;
  guint             refresh_source;
};

G_DEFINE_FINAL_TYPE (VigilStreamStatsButton, vigil_stream_stats_button, GTK_TYPE_WIDGET)

static gboolean
is_packets (VigilStreamStat stat)
{
  return stat == VIGIL_STREAM_STAT_MISSING_PACKETS || stat == VIGIL_STREAM_STAT_RESENT_PACKETS;
}

static GtkLabel *
add_cell (VigilStreamStatsButton *self,
          const char             *text,
          int                     column,
          int                     row)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
  return GTK_LABEL (label);
}

static void
build_grid (VigilStreamStatsButton *self)
{
  GtkLabel *heading;

  heading = add_cell (self, _("Count"), 1, 0);
  gtk_widget_add_css_class (GTK_WIDGET (heading), "dim-label");
  heading = add_cell (self, _("Last minute"), 2, 0);
  gtk_widget_add_css_class (GTK_WIDGET (heading), "dim-label");
  heading = add_cell (self, _("Rate"), 3, 0);
  gtk_widget_add_css_class (GTK_WIDGET (heading), "dim-label");
  for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
    {
      self->cells[i][0] = add_cell (self, vigil_stream_stat_label (i), 0, (int) i + 1);
      for (int c = 1; c < 4; c++)
        self->cells[i][c] = add_cell (self, "–", c, (int) i + 1);
    }
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
show_row (VigilStreamStatsButton     *self,
          const VigilStreamStatsInfo *info,
          VigilStreamStat             stat)
{
  g_autofree char *count = NULL, *minute = NULL, *rate = NULL;
  gboolean visible = info->valid && (info->counts.gige || !is_packets (stat));

  for (int c = 0; c < 4; c++)
    gtk_widget_set_visible (GTK_WIDGET (self->cells[stat][c]), visible);
  if (!visible)
    return;

  count = g_strdup_printf ("%" PRIu64, info->counts.values[stat]);
  minute = g_strdup_printf ("%" PRIu64, info->in_window[stat]);
  rate = is_packets (stat)
    /* Translators: a rate of packets over the last minute. */
    ? g_strdup_printf (_("%.1f packets/min"), info->per_minute[stat])
    /* Translators: a rate of buffers (frames) over the last minute. */
    : g_strdup_printf (_("%.1f buffers/min"), info->per_minute[stat]);
  set_text (self->cells[stat][1], count);
  set_text (self->cells[stat][2], minute);
  set_text (self->cells[stat][3], rate);
}

static void
refresh (VigilStreamStatsButton *self)
{
  VigilStreamStatsInfo info;
  g_autofree char *alert = NULL;
  g_autofree char *caption = NULL;

  if (self->supervisor == NULL)
    return;

  vigil_stream_stats_get (vigil_supervisor_get_stream_stats (self->supervisor), &info);
  alert = vigil_stream_stats_alert_text (&info);
  if (alert != NULL)
    set_text (self->summary_label, alert);
  else
    set_text (self->summary_label, info.valid ? _("Stream OK") : _("No stream"));
  if (alert != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "stream-alert");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "stream-alert");

  /* The figures only while they are seen: a label that changes inside
   * the popover re-allocates the whole window. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->popover)))
    return;
  for (guint i = 0; i < VIGIL_STREAM_N_STATS; i++)
    show_row (self, &info, i);

  if (info.valid)
    /* Translators: Aravis's counts of the current stream; the session number,
     * how often its stream was made anew, and the seconds the rates cover. */
    caption = g_strdup_printf (_("Aravis’s counts for the stream of session %" PRIu64 " (restarted %" PRIu64
                                 " times). “Last minute” is the rise over the last %.0f s."),
                               info.session, info.stream, info.window_s);
  else
    caption = g_strdup (_("No camera is streaming."));
  set_text (self->caption_label, caption);
}

static gboolean
refresh_tick (gpointer data)
{
  refresh (data);
  return G_SOURCE_CONTINUE;
}

static void
vigil_stream_stats_button_map (GtkWidget *widget)
{
  VigilStreamStatsButton *self = VIGIL_STREAM_STATS_BUTTON (widget);

  GTK_WIDGET_CLASS (vigil_stream_stats_button_parent_class)->map (widget);
  refresh (self);
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_MS, refresh_tick, self);
}

static void
vigil_stream_stats_button_unmap (GtkWidget *widget)
{
  VigilStreamStatsButton *self = VIGIL_STREAM_STATS_BUTTON (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  GTK_WIDGET_CLASS (vigil_stream_stats_button_parent_class)->unmap (widget);
}

static void
vigil_stream_stats_button_dispose (GObject *object)
{
  VigilStreamStatsButton *self = VIGIL_STREAM_STATS_BUTTON (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_object (&self->supervisor);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_STREAM_STATS_BUTTON);

  G_OBJECT_CLASS (vigil_stream_stats_button_parent_class)->dispose (object);
}

static void
vigil_stream_stats_button_class_init (VigilStreamStatsButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_stream_stats_button_dispose;
  widget_class->map = vigil_stream_stats_button_map;
  widget_class->unmap = vigil_stream_stats_button_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-stream-stats-button.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilStreamStatsButton, button);
  gtk_widget_class_bind_template_child (widget_class, VigilStreamStatsButton, popover);
  gtk_widget_class_bind_template_child (widget_class, VigilStreamStatsButton, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VigilStreamStatsButton, grid);
  gtk_widget_class_bind_template_child (widget_class, VigilStreamStatsButton, caption_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_stream_stats_button_init (VigilStreamStatsButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_grid (self);
  g_signal_connect_object (self->popover, "map", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  set_text (self->summary_label, _("No stream"));
}

/* Reads @supervisor's stream statistics from now on. */
void
vigil_stream_stats_button_set_supervisor (VigilStreamStatsButton *self,
                                          VigilSupervisor        *supervisor)
{
  g_return_if_fail (VIGIL_IS_STREAM_STATS_BUTTON (self));
  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));

  g_set_object (&self->supervisor, supervisor);
  refresh (self);
}

/* What the status line says about the stream now. */
const char *
vigil_stream_stats_button_get_summary (VigilStreamStatsButton *self)
{
  g_return_val_if_fail (VIGIL_IS_STREAM_STATS_BUTTON (self), NULL);
  return gtk_label_get_text (self->summary_label);
}
