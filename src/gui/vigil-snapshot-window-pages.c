/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-window-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-chart.h"
#include "vigil-event-log.h"
#include "vigil-pairs-chart.h"
#include "vigil-session-columns.h"
#include "vigil-snapshot-window-private.h"

/* The snapshot window's pages built on the panel's widgets: the charts
 * (with the time shown and where it ends), the pairs graph and session
 * table, the event log. */

#define AUTO_EXPAND_SESSIONS 3

static const gint64 windows_us[] = {
  VIGIL_CHART_WINDOW_ALL, G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
  G_GINT64_CONSTANT (600) * G_USEC_PER_SEC, G_GINT64_CONSTANT (60) * G_USEC_PER_SEC
};

static void
on_window_selected (VigilSnapshotWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->window_dropdown);

  if (i >= G_N_ELEMENTS (windows_us))
    return;
  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    vigil_chart_model_set_window (vigil_snapshot_models_get_chart (self->models, c), windows_us[i]);
  vigil_snapshot_window_update_summary (self);
}

/* The range's end: seconds after the first point on the scale. */
static void
on_end_changed (VigilSnapshotWindow *self)
{
  gdouble seconds = gtk_range_get_value (self->end_scale);
  gint64 end_us = self->first_us + (gint64) (seconds * G_USEC_PER_SEC);

  if (end_us >= self->last_us)
    end_us = 0;                                   /* the newest point */
  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    vigil_chart_model_set_range_end (vigil_snapshot_models_get_chart (self->models, c), end_us);
  vigil_snapshot_window_update_summary (self);
}

static char *
format_end (GtkScale *scale,
            double    value,
            gpointer  user_data)
{
  VigilSnapshotWindow *self = user_data;
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local ((self->first_us + (gint64) (value * G_USEC_PER_SEC)) /
                                                                 G_USEC_PER_SEC);

  return local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");
}

/* A scale over the series' time span: where the charts' range ends. */
static GtkWidget *
end_scale (VigilSnapshotWindow *self)
{
  VigilChartModel *fds = vigil_snapshot_models_get_chart (self->models, VIGIL_SNAPSHOT_CHART_FDS);
  gdouble span;
  GtkWidget *scale;

  vigil_chart_model_get_time_range (fds, &self->first_us, &self->last_us);
  span = MAX ((gdouble) (self->last_us - self->first_us) / G_USEC_PER_SEC, 1);
  scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, span, MAX (span / 1000, 1));
  self->end_scale = GTK_RANGE (scale);
  gtk_range_set_value (self->end_scale, span);
  gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_LEFT);
  gtk_scale_set_format_value_func (GTK_SCALE (scale), format_end, self, NULL);
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_widget_set_sensitive (scale, vigil_chart_model_get_n_points (fds) > 1);
  gtk_widget_set_tooltip_text (scale, _("Where the time shown ends: slide back to the hour the leak started"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL, _("End of the time shown"),
                                  -1);
  g_signal_connect_swapped (scale, "value-changed", G_CALLBACK (on_end_changed), self);
  return scale;
}

/* A chart of counts (@unit_func) or of MiB (@divisor). */
static GtkWidget *
new_chart (VigilChartModel    *model,
           const char         *title,
           VigilChartUnitFunc  unit_func,
           gdouble             divisor,
           int                 height)
{
  VigilChart *chart = vigil_chart_new ();

  g_object_set (chart, "title", title, "divisor", divisor, NULL);
  if (unit_func != NULL)
    vigil_chart_set_unit_func (chart, unit_func);
  else
    g_object_set (chart, "unit", _("MiB"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_size_request (GTK_WIDGET (chart), -1, height);
  gtk_widget_set_vexpand (GTK_WIDGET (chart), TRUE);
  vigil_chart_set_model (chart, model);
  return GTK_WIDGET (chart);
}

/* The charts of the snapshot's series, the time shown and where it ends. */
GtkWidget *
vigil_snapshot_window_charts_page (VigilSnapshotWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("Time shown, ending at"));
  const char *choices[] = { _("All"), _("Last hour"), _("Last 10 minutes"), _("Last minute"), NULL };
  VigilSnapshotModels *m = self->models;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  self->window_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (choices));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->window_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Chart time window"), -1);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->window_dropdown));
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), end_scale (self));
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), new_chart (vigil_snapshot_models_get_chart (m, VIGIL_SNAPSHOT_CHART_FDS),
                                            _("Open fds (dashed: reconnect, red: fault)"), vigil_chart_unit_fds, 1, 160));
  gtk_box_append (GTK_BOX (box), new_chart (vigil_snapshot_models_get_chart (m, VIGIL_SNAPSHOT_CHART_THREADS),
                                            _("Threads"), vigil_chart_unit_threads, 1, 90));
  gtk_box_append (GTK_BOX (box), new_chart (vigil_snapshot_models_get_chart (m, VIGIL_SNAPSHOT_CHART_MEMORY),
                                            _("Private memory"), NULL, 1048576, 90));
  gtk_box_append (GTK_BOX (box), new_chart (vigil_snapshot_models_get_chart (m, VIGIL_SNAPSHOT_CHART_RECONNECTS),
                                            _("Reconnects"), vigil_chart_unit_reconnects, 1, 90));
  g_signal_connect_swapped (self->window_dropdown, "notify::selected", G_CALLBACK (on_window_selected), self);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  return box;
}

/* Expands the newest sessions that left something open, and their
 * unpaired kinds, so the leak is in view without a click. */
static void
expand_unpaired (VigilSnapshotWindow *self)
{
  guint sessions = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(VigilPairsRow) item = gtk_tree_list_row_get_item (row);
      VigilPairsRowType type = vigil_pairs_row_get_row_type (item);

      if (!vigil_pairs_row_get_unpaired (item) || type == VIGIL_PAIRS_ROW_RESOURCE)
        continue;
      if (type == VIGIL_PAIRS_ROW_SESSION && sessions++ >= AUTO_EXPAND_SESSIONS)
        return;
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
on_bar_activated (VigilSnapshotWindow *self,
                  guint64              session)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(VigilPairsRow) item = gtk_tree_list_row_get_item (row);

      if (vigil_pairs_row_get_row_type (item) == VIGIL_PAIRS_ROW_SESSION && vigil_pairs_row_get_key (item) == session)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_grab_focus (GTK_WIDGET (self->sessions_view));
          return;
        }
    }
}

/* The pairs graph over the session table. */
GtkWidget *
vigil_snapshot_window_sessions_page (VigilSnapshotWindow *self)
{
  VigilPairsModel *pairs = vigil_snapshot_models_get_pairs (self->models);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *chart = g_object_new (VIGIL_TYPE_PAIRS_CHART, NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->tree = gtk_tree_list_model_new (g_object_ref (vigil_pairs_model_get_sessions (pairs)), FALSE, FALSE,
                                        vigil_session_columns_create_children, NULL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  self->sessions_view = GTK_COLUMN_VIEW (gtk_column_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection))));
  vigil_session_columns_add (self->sessions_view);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sessions_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sessions, their resources and orphans"), -1);
  vigil_pairs_chart_set_model (VIGIL_PAIRS_CHART (chart), pairs);
  gtk_widget_set_size_request (chart, -1, 120);
  g_signal_connect_swapped (chart, "session-activated", G_CALLBACK (on_bar_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->sessions_view));
  gtk_paned_set_start_child (GTK_PANED (paned), chart);
  gtk_paned_set_end_child (GTK_PANED (paned), scrolled);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), 170);
  expand_unpaired (self);
  return paned;
}

/* The event log of the snapshot's events. */
GtkWidget *
vigil_snapshot_window_events_page (VigilSnapshotWindow *self)
{
  VigilEventLog *log = g_object_new (VIGIL_TYPE_EVENT_LOG, NULL);

  vigil_event_log_set_items (log, vigil_snapshot_models_get_events (self->models));
  return GTK_WIDGET (log);
}
