/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-panel"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <glib/gi18n.h>

#include "vigil-chart-legend.h"
#include "vigil-chart-model.h"
#include "vigil-chart.h"
#include "vigil-event-log.h"
#include "vigil-pairs-chart.h"
#include "vigil-pairs-model.h"
#include "vigil-label-tooltip.h"
#include "vigil-panel.h"
#include "vigil-session-columns.h"

#define CHART_HOURS     3            /* points kept: "All" shows up to this */
#define MAX_CHART_POINTS 20000
#define AUTO_EXPAND_SESSIONS 3
#define AUTO_EXPANDED_KEPT   256     /* ids remembered before the dropped ones are forgotten */

typedef enum
{
  CHART_FDS,
  CHART_THREADS,
  CHART_MEMORY,
  CHART_RECONNECTS,
  N_CHARTS
} ChartId;

/* The live diagnostics panel: a summary, charts of the process figures,
 * the pairs graph and session table of the ledger, and the event log.
 * It owns the periodic sample: every sample_interval_ms, on the main
 * thread, the probe is sampled into the history (the periodic series of
 * the verdict) and into the chart models, also while the panel is hidden;
 * the widgets redraw only while shown. */
/* Samples kept for frames per minute: a minute at the 1 s default. */
#define MINUTE_SAMPLES 61

struct _VigilPanel
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *verdict_box;
  GtkImage          *verdict_icon;
  GtkLabel          *verdict_label;
  GtkLabel          *verdict_detail;
  GtkLabel          *state_value;
  GtkLabel          *fps_value;
  GtkLabel          *skipped_value;
  GtkLabel          *reconnects_value;
  GtkLabel          *fds_value;
  GtkLabel          *threads_value;
  GtkLabel          *memory_value;
  GtkLabel          *slope_value;
  GtkLabel          *exhaustion_value;
  GtkDropDown       *window_dropdown;
  VigilChart        *fds_chart;
  GtkFlowBox        *fds_legend;
  VigilChart        *threads_chart;
  VigilChart        *memory_chart;
  VigilChart        *reconnects_chart;
  GtkNotebook       *notebook;
  VigilPairsChart   *pairs_chart;
  GtkColumnView     *sessions_view;
  VigilEventLog     *event_log;

  VigilSupervisor   *supervisor;
  VigilDiagnostics  *diagnostics;
  VigilChartModel   *models[N_CHARTS];
  VigilPairsModel   *pairs;
  GtkTreeListModel  *tree;
  GtkSingleSelection *sessions_selection;
  GHashTable        *auto_expanded;      /* session ids expanded once */
  guint              sample_source;
  guint              scroll_source;
  gboolean           ledger_dirty;

  guint64            reconnects;         /* the figure shown */
  gint64             first_fds;
  /* Frames received at each of the last samples, for frames per minute. */
  guint64            minute_received[MINUTE_SAMPLES];
  gint64             minute_time[MINUTE_SAMPLES];
  guint              minute_next;
};

G_DEFINE_FINAL_TYPE (VigilPanel, vigil_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RECONNECTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const gint64 windows_us[] = {
  G_GINT64_CONSTANT (60) * G_USEC_PER_SEC, G_GINT64_CONSTANT (600) * G_USEC_PER_SEC,
  G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, VIGIL_CHART_WINDOW_ALL
};

/* A value: wrapped in its column, and whole in its tooltip should a
 * narrow panel still cut it. */
static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static void
update_reconnects (VigilPanel *self)
{
  guint64 reconnects = self->supervisor ? vigil_supervisor_get_reconnects (self->supervisor) : 0;
  guint64 restarts = self->supervisor ? vigil_supervisor_get_stream_restarts (self->supervisor) : 0;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  /* Translators: how often the camera was reconnected. */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " reconnect", "%" PRIu64 " reconnects",
                                        reconnects), reconnects);
  /* Streams restarted within a session, counted apart (the status line's words). */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %" PRIu64 " stream restart",
                                       "%s · %" PRIu64 " stream restarts", restarts), count, restarts);

  set_label (self->reconnects_value, text);
  if (reconnects != self->reconnects)
    {
      self->reconnects = reconnects;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTS]);
    }
}

static void
update_state (VigilPanel *self)
{
  g_autofree char *liveness = vigil_supervisor_dup_liveness_label (self->supervisor);

  set_label (self->state_value,
             liveness ? liveness : vigil_supervisor_state_to_label (vigil_supervisor_get_state (self->supervisor)));
}

/* Frames received over the last minute (or as much of it as was seen),
 * scaled to a minute; -1 before two samples. */
static double
frames_per_minute (VigilPanel *self,
                   guint64     received,
                   gint64      now)
{
  guint oldest = self->minute_next;
  double per_minute = -1;

  if (self->minute_time[oldest] == 0)
    oldest = 0;
  if (self->minute_time[oldest] != 0 && now > self->minute_time[oldest])
    per_minute = (received - self->minute_received[oldest]) * 60.0 * G_USEC_PER_SEC /
                 (double) (now - self->minute_time[oldest]);
  self->minute_received[self->minute_next] = received;
  self->minute_time[self->minute_next] = now;
  self->minute_next = (self->minute_next + 1) % MINUTE_SAMPLES;
  return per_minute;
}

static void
update_fps (VigilPanel *self)
{
  VigilFrameCounts counts;
  VigilFrameRates rates;
  g_autofree char *text = NULL;
  double per_minute;

  vigil_frame_sink_get_counts (vigil_supervisor_get_sink (self->supervisor), &counts);
  vigil_frame_sink_get_rates (vigil_supervisor_get_sink (self->supervisor), &rates);
  per_minute = frames_per_minute (self, counts.received, g_get_monotonic_time ());
  /* Triggered or single-frame: frames per second say little. */
  if (vigil_supervisor_get_liveness (self->supervisor) != VIGIL_LIVENESS_STREAMING && per_minute >= 0)
    /* Translators: frames received over the last minute. */
    text = g_strdup_printf (_("%.1f frames per minute"), per_minute);
  else
    /* Translators: frames per second received from the camera and shown. */
    text = g_strdup_printf (_("%.1f fps received · %.1f fps shown"), rates.received_fps, rates.shown_fps);
  set_label (self->fps_value, text);

  /* Frames the display could not take are pushed back unconverted. */
  g_free (text);
  {
    g_autofree char *skipped = NULL;

    /* Translators: frames received but not converted for display. */
    skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " frame skipped (the display could not take it)",
                                            "%" PRIu64 " frames skipped (the display could not take them)",
                                            counts.skipped),
                               counts.skipped);
    /* Translators: frames skipped, then frames replaced before they were shown. */
    text = g_strdup_printf (_("%s · %" PRIu64 " replaced before shown"), skipped, counts.dropped);
  }
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->fps_value)), text) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->fps_value), text);
  set_label (self->skipped_value, text);
}

/* The top orphan group when it leaks (what nobody's ledger names), which
 * metrics are not PASS, with their slope, and over how many reconnects. */
static char *
verdict_detail (const VigilVerdict     *verdict,
                const VigilOrphanGroup *top_orphans,
                gboolean                unexplained)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint64 reconnects = verdict->reconnects - verdict->baseline_reconnects;
  gboolean first_metric = TRUE;

  if (top_orphans != NULL)
    {
      g_autofree char *top = vigil_orphan_group_describe (top_orphans);

      /* Translators: "Orphans: DeviceOpened leaves 1 UDP socket to :3956 per session, 12 of 12 sessions" */
      g_string_append_printf (text, _("Orphans: %s"), top);
    }
  /* fds or threads read LEAK and neither the ledger nor the orphans name
   * it: said in words, never left as "nothing grows". */
  if (unexplained)
    g_string_append (text, _("Growth not attributed to any phase"));
  for (guint m = 0; m < VIGIL_N_METRICS; m++)
    {
      const VigilMetricVerdict *metric = &verdict->metrics[m];

      if (metric->status == VIGIL_VERDICT_PASS)
        continue;
      if (text->len > 0)
        g_string_append (text, first_metric ? " · " : ", ");
      first_metric = FALSE;
      /* Translators: a metric name, its verdict and its robust slope. */
      g_string_append_printf (text, _("%s %s (%+.3g per reconnect)"), vigil_metric_to_string (m),
                              vigil_verdict_status_to_string (metric->status), metric->theil_sen);
    }
  /* Memory: which signal decided, or what grows without deciding. */
  if (verdict->memory.signal != VIGIL_MEMORY_SIGNAL_NONE)
    {
      g_autofree char *reason = vigil_memory_judgement_describe (&verdict->memory, _("private"), _("reconnect"),
                                                                 reconnects);

      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, reason);
    }
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " reconnect since the baseline",
                                             "%" PRIu64 " reconnects since the baseline", reconnects),
                          reconnects);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_verdict (VigilPanel             *self,
                const VigilProbeSample *sample)
{
  VigilHistory *history = vigil_diagnostics_get_history (self->diagnostics);
  g_autoptr(VigilVerdict) verdict = vigil_history_get_verdict (history);
  g_autoptr(GPtrArray) groups = vigil_orphans_list_groups (vigil_diagnostics_get_orphans (self->diagnostics));
  const VigilOrphanGroup *top_orphans = NULL;
  const VigilMetricVerdict *fds = &verdict->metrics[VIGIL_METRIC_OPEN_FDS];
  g_autofree char *text = NULL;
  const char *icon, *css, *status;
  static const char *classes[] = { "success", "warning", "error", "neutral" };

  if (sample->open_fds >= 0)
    {
      gint64 base = verdict->has_baseline ? (gint64) fds->baseline : self->first_fds;

      /* Translators: open fds, then the change since the baseline. */
      text = g_strdup_printf (verdict->has_baseline ? _("%" PRId64 " fds (%+" PRId64 " since the baseline)")
                                                    : _("%" PRId64 " fds (%+" PRId64 " since start)"),
                              sample->open_fds, sample->open_fds - base);
      set_label (self->fds_value, text);
      g_clear_pointer (&text, g_free);
    }

  if (verdict->has_baseline && fds->valid)
    text = g_strdup_printf (_("%+.2f fds per reconnect"), fds->slope);
  else
    text = g_strdup (_("— (warming up)"));
  set_label (self->slope_value, text);
  g_clear_pointer (&text, g_free);

  if (isinf (verdict->time_to_exhaustion_days))
    text = g_strdup (_("never (no growth)"));
  else
    text = vigil_duration_days_to_string (verdict->time_to_exhaustion_days);
  set_label (self->exhaustion_value, text);
  g_clear_pointer (&text, g_free);

  /* A phase+kind that leaves orphans session after session is a leak
   * like any other (vigil-soak exits 1 for it too). */
  if (groups->len > 0 && ((VigilOrphanGroup *) g_ptr_array_index (groups, 0))->leak)
    {
      top_orphans = g_ptr_array_index (groups, 0);
      verdict->status = VIGIL_VERDICT_LEAK;
    }

  if (!verdict->has_baseline)
    {
      icon = "content-loading-symbolic";
      css = classes[3];
      status = _("Warming up");
      text = g_strdup (_("the verdict starts after a session and 2 reconnects"));
    }
  else
    {
      switch (verdict->status)
        {
        case VIGIL_VERDICT_LEAK:
          icon = "dialog-error-symbolic";
          css = classes[2];
          break;
        case VIGIL_VERDICT_WATCH:
          icon = "dialog-warning-symbolic";
          css = classes[1];
          break;
        case VIGIL_VERDICT_PASS:
        default:
          icon = "emblem-ok-symbolic";
          css = classes[0];
          break;
        }
      status = vigil_verdict_status_to_string (verdict->status);
      gboolean exact_leak = fds->status == VIGIL_VERDICT_LEAK ||
                            verdict->metrics[VIGIL_METRIC_THREADS].status == VIGIL_VERDICT_LEAK;

      text = verdict_detail (verdict, top_orphans,
                             exact_leak && top_orphans == NULL && vigil_pairs_model_get_n_unpaired (self->pairs) == 0);
    }
  gtk_image_set_from_icon_name (self->verdict_icon, icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
  set_label (self->verdict_label, status);
  set_label (self->verdict_detail, text);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (classes[i] != css)
      gtk_widget_remove_css_class (self->verdict_box, classes[i]);
  gtk_widget_add_css_class (self->verdict_box, css);
}

static void
update_figures (VigilPanel             *self,
                const VigilProbeSample *sample)
{
  g_autofree char *threads = NULL;
  g_autofree char *memory = NULL;

  /* Translators: the process's thread count. */
  threads = sample->threads >= 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " thread",
                                                                 "%" PRId64 " threads", sample->threads),
                                                    (int64_t) sample->threads)
                                 : g_strdup (_("unknown"));
  set_label (self->threads_value, threads);
  memory = sample->private_bytes >= 0 ? g_format_size_full ((guint64) sample->private_bytes, G_FORMAT_SIZE_IEC_UNITS)
                                      : g_strdup (_("unknown"));
  set_label (self->memory_value, memory);
}

/* A list view keeps the rows in view when rows are inserted above them:
 * once the new rows are laid out, bring the newest leak to the top. */
static gboolean
scroll_sessions_to_top (gpointer data)
{
  VigilPanel *self = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->sessions_view));

  self->scroll_source = 0;
  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  return G_SOURCE_REMOVE;
}

/* Expands, once, the newest sessions that ended with unpaired resources
 * and their unpaired kinds, so the leak is in view without a click. */
static void
auto_expand (VigilPanel *self)
{
  guint expanded = 0;
  gboolean scrolled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(VigilPairsRow) item = row ? gtk_tree_list_row_get_item (row) : NULL;
      guint64 session;

      if (item == NULL || !vigil_pairs_row_get_unpaired (item))
        continue;
      session = vigil_pairs_row_get_session (item);
      switch (vigil_pairs_row_get_row_type (item))
        {
        case VIGIL_PAIRS_ROW_SESSION:
          if (expanded++ >= AUTO_EXPAND_SESSIONS)
            return;
          if (!g_hash_table_contains (self->auto_expanded, &session))
            {
              g_hash_table_add (self->auto_expanded, g_memdup2 (&session, sizeof session));
              gtk_tree_list_row_set_expanded (row, TRUE);
              g_object_set_data (G_OBJECT (item), "vigil-expand-kinds", GINT_TO_POINTER (TRUE));
              if (!scrolled && self->scroll_source == 0)
                self->scroll_source = g_idle_add_full (G_PRIORITY_LOW, scroll_sessions_to_top, self, NULL);
              scrolled = TRUE;
            }
          break;
        case VIGIL_PAIRS_ROW_KIND:
          {
            g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);
            g_autoptr(GObject) parent_item = parent ? gtk_tree_list_row_get_item (parent) : NULL;

            if (parent_item != NULL && g_object_steal_data (parent_item, "vigil-expand-kinds") != NULL)
              gtk_tree_list_row_set_expanded (row, TRUE);
          }
          break;
        case VIGIL_PAIRS_ROW_RESOURCE:
        default:
          break;
        }
    }
}

/* Forgets the sessions expanded once that the ledger no longer keeps, so
 * the set stays as small as the session table. */
static void
forget_dropped_sessions (VigilPanel *self)
{
  GListModel *sessions = vigil_pairs_model_get_sessions (self->pairs);
  g_autoptr(GHashTable) kept = NULL;
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->auto_expanded) <= AUTO_EXPANDED_KEPT)
    return;
  kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(VigilPairsRow) row = g_list_model_get_item (sessions, i);

      g_hash_table_add (kept, g_memdup2 (&(guint64) { vigil_pairs_row_get_session (row) }, sizeof (guint64)));
    }
  g_hash_table_iter_init (&iter, self->auto_expanded);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (kept, key))
      g_hash_table_iter_remove (&iter);
}

static void
refresh_pairs (VigilPanel *self)
{
  self->ledger_dirty = FALSE;
  vigil_pairs_model_refresh (self->pairs);
  auto_expand (self);
  forget_dropped_sessions (self);
}

static void
push_charts (VigilPanel             *self,
             const VigilProbeSample *sample)
{
  gdouble fds[VIGIL_N_FD_KINDS];
  gdouble value;

  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    fds[k] = (gdouble) sample->fds_by_kind[k];
  vigil_chart_model_push (self->models[CHART_FDS], sample->wall_us, fds);
  value = (gdouble) sample->threads;
  vigil_chart_model_push (self->models[CHART_THREADS], sample->wall_us, &value);
  value = (gdouble) sample->private_bytes;
  vigil_chart_model_push (self->models[CHART_MEMORY], sample->wall_us, &value);
  value = (gdouble) self->reconnects;
  vigil_chart_model_push (self->models[CHART_RECONNECTS], sample->wall_us, &value);
}

static gboolean
on_sample (gpointer data)
{
  vigil_panel_sample (VIGIL_PANEL (data));
  return G_SOURCE_CONTINUE;
}

static void
on_event_added (VigilPanel *self,
                VigilEvent *event)
{
  gint kind = -1;

  if (event->phase == VIGIL_PHASE_RECONNECT_START)
    kind = VIGIL_CHART_MARKER_RECONNECT;
  else if (event->event == VIGIL_EVENT_FAULT)
    kind = VIGIL_CHART_MARKER_FAULT;
  if (kind >= 0)
    for (guint c = 0; c < N_CHARTS; c++)
      vigil_chart_model_add_marker (self->models[c], event->ts_us, (VigilChartMarkerKind) kind);

  if (event->event == VIGIL_EVENT_CAMERA_RESOURCE || event->event == VIGIL_EVENT_CAMERA_SESSION)
    self->ledger_dirty = TRUE;
}

static void
on_window_selected (VigilPanel *self)
{
  guint i = gtk_drop_down_get_selected (self->window_dropdown);

  if (i >= G_N_ELEMENTS (windows_us))
    return;
  for (guint c = 0; c < N_CHARTS; c++)
    vigil_chart_model_set_window (self->models[c], windows_us[i]);
}

static void
on_bar_activated (VigilPanel *self,
                  guint64     session)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(VigilPairsRow) item = row ? gtk_tree_list_row_get_item (row) : NULL;

      if (item != NULL && vigil_pairs_row_get_row_type (item) == VIGIL_PAIRS_ROW_SESSION &&
          vigil_pairs_row_get_key (item) == session)
        {
          gtk_notebook_set_current_page (self->notebook, 0);
          gtk_single_selection_set_selected (self->sessions_selection, i);
          gtk_widget_grab_focus (GTK_WIDGET (self->sessions_view));
          return;
        }
    }
}

/* ---- GObject -------------------------------------------------------------- */

static void
vigil_panel_map (GtkWidget *widget)
{
  VigilPanel *self = VIGIL_PANEL (widget);

  GTK_WIDGET_CLASS (vigil_panel_parent_class)->map (widget);
  if (self->ledger_dirty && self->pairs != NULL)
    refresh_pairs (self);
}

static void
vigil_panel_dispose (GObject *object)
{
  VigilPanel *self = (VigilPanel *) object;

  g_clear_handle_id (&self->sample_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  if (self->sessions_view != NULL)
    gtk_column_view_set_model (self->sessions_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_PANEL);
  g_clear_object (&self->sessions_selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->pairs);
  for (guint c = 0; c < N_CHARTS; c++)
    g_clear_object (&self->models[c]);
  g_clear_object (&self->diagnostics);
  g_clear_object (&self->supervisor);

  G_OBJECT_CLASS (vigil_panel_parent_class)->dispose (object);
}

static void
vigil_panel_finalize (GObject *object)
{
  VigilPanel *self = (VigilPanel *) object;

  g_clear_pointer (&self->auto_expanded, g_hash_table_unref);

  G_OBJECT_CLASS (vigil_panel_parent_class)->finalize (object);
}

static void
vigil_panel_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilPanel *self = VIGIL_PANEL (object);

  switch (prop_id)
    {
    case PROP_RECONNECTS:
      g_value_set_uint64 (value, self->reconnects);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_panel_class_init (VigilPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_panel_dispose;
  object_class->finalize = vigil_panel_finalize;
  object_class->get_property = vigil_panel_get_property;
  widget_class->map = vigil_panel_map;

  /**
   * VigilPanel:reconnects:
   *
   * The reconnect count the panel shows.  Notified on the main thread.
   */
  properties[PROP_RECONNECTS] =
    g_param_spec_uint64 ("reconnects", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIGIL_TYPE_CHART);
  g_type_ensure (VIGIL_TYPE_PAIRS_CHART);
  g_type_ensure (VIGIL_TYPE_EVENT_LOG);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, verdict_detail);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, state_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, fps_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, skipped_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, reconnects_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, fds_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, threads_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, memory_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, slope_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, exhaustion_value);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, window_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, fds_chart);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, fds_legend);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, threads_chart);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, memory_chart);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, reconnects_chart);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, notebook);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, pairs_chart);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, sessions_view);
  gtk_widget_class_bind_template_child (widget_class, VigilPanel, event_log);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vigil-panel");
}

static void
vigil_panel_init (VigilPanel *self)
{
  const char *fd_kinds[VIGIL_N_FD_KINDS + 1] = { NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    GtkLabel *values[] = { self->verdict_label, self->verdict_detail, self->state_value, self->skipped_value,
                           self->reconnects_value, self->fds_value, self->threads_value, self->memory_value,
                           self->slope_value, self->exhaustion_value };

    /* A value: its whole text in the tooltip (fps_value's tells what was
     * skipped, set in update_fps ()). */
    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      vigil_label_tooltip_shows_text (values[i]);
  }
  self->auto_expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    fd_kinds[k] = vigil_fd_kind_to_string (k);
  vigil_chart_set_series_names (self->fds_chart, fd_kinds);
  vigil_chart_set_unit_func (self->fds_chart, vigil_chart_unit_fds);
  vigil_chart_set_unit_func (self->threads_chart, vigil_chart_unit_threads);
  vigil_chart_set_unit_func (self->reconnects_chart, vigil_chart_unit_reconnects);
  vigil_session_columns_add (self->sessions_view);
  vigil_chart_legend_fill (self->fds_legend, self->fds_chart, TRUE);

  g_signal_connect_swapped (self->window_dropdown, "notify::selected", G_CALLBACK (on_window_selected), self);
  g_signal_connect_swapped (self->pairs_chart, "session-activated", G_CALLBACK (on_bar_activated), self);
}

/**
 * vigil_panel_set_supervisor:
 * @sample_interval_ms: the period of the sample, in milliseconds
 *
 * Shows @supervisor's camera and the diagnostics of the process, and
 * starts sampling.  Call once.
 */
void
vigil_panel_set_supervisor (VigilPanel      *self,
                            VigilSupervisor *supervisor,
                            guint            sample_interval_ms)
{
  VigilChart *charts[N_CHARTS] = { self->fds_chart, self->threads_chart, self->memory_chart, self->reconnects_chart };
  guint capacity;

  g_return_if_fail (VIGIL_IS_PANEL (self));
  g_return_if_fail (VIGIL_IS_SUPERVISOR (supervisor));
  g_return_if_fail (self->supervisor == NULL);

  sample_interval_ms = MAX (sample_interval_ms, 100);
  capacity = MIN (CHART_HOURS * 3600 * 1000 / sample_interval_ms, MAX_CHART_POINTS);

  self->supervisor = g_object_ref (supervisor);
  self->diagnostics = g_object_ref (vigil_supervisor_get_diagnostics (supervisor));

  for (guint c = 0; c < N_CHARTS; c++)
    {
      self->models[c] = vigil_chart_model_new (c == CHART_FDS ? VIGIL_N_FD_KINDS : 1, capacity);
      vigil_chart_set_model (charts[c], self->models[c]);
    }
  vigil_chart_model_set_zero_based (self->models[CHART_RECONNECTS], TRUE);
  on_window_selected (self);

  self->pairs = vigil_pairs_model_new (vigil_diagnostics_get_ledger (self->diagnostics));
  vigil_pairs_model_set_orphans (self->pairs, vigil_diagnostics_get_orphans (self->diagnostics));
  self->tree = gtk_tree_list_model_new (g_object_ref (vigil_pairs_model_get_sessions (self->pairs)),
                                        FALSE, FALSE, vigil_session_columns_create_children, NULL, NULL);
  self->sessions_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  gtk_single_selection_set_autoselect (self->sessions_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->sessions_selection, TRUE);
  gtk_column_view_set_model (self->sessions_view, GTK_SELECTION_MODEL (self->sessions_selection));
  vigil_pairs_chart_set_model (self->pairs_chart, self->pairs);

  vigil_event_log_set_events (self->event_log, vigil_diagnostics_get_events (self->diagnostics));
  g_signal_connect_object (vigil_diagnostics_get_events (self->diagnostics), "event-added",
                           G_CALLBACK (on_event_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (supervisor, "notify::state", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (supervisor, "notify::reconnects", G_CALLBACK (update_reconnects), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (supervisor, "notify::stream-restarts", G_CALLBACK (update_reconnects), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (supervisor, "notify::liveness", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  update_state (self);
  update_reconnects (self);
  self->ledger_dirty = TRUE;
  vigil_panel_sample (self);
  vigil_panel_set_sample_interval (self, sample_interval_ms);
}

/**
 * vigil_panel_set_sample_interval:
 * @sample_interval_ms: the period of the sample, in milliseconds
 *
 * Restarts the periodic sample at a new period (the sample-interval-ms
 * setting); the charts keep what they hold.
 */
void
vigil_panel_set_sample_interval (VigilPanel *self,
                                 guint       sample_interval_ms)
{
  g_return_if_fail (VIGIL_IS_PANEL (self));

  g_clear_handle_id (&self->sample_source, g_source_remove);
  self->sample_source = g_timeout_add_full (G_PRIORITY_DEFAULT, MAX (sample_interval_ms, 100),
                                            on_sample, self, NULL);
}

/* The reconnect count the panel shows (the supervisor's, as last published
 * on the main thread). */
guint64
vigil_panel_get_reconnects (VigilPanel *self)
{
  g_return_val_if_fail (VIGIL_IS_PANEL (self), 0);
  return self->reconnects;
}

/**
 * vigil_panel_sample:
 *
 * Takes one periodic sample now: into the history, the charts and the
 * summary.  Called by the panel's timer; main thread.
 */
void
vigil_panel_sample (VigilPanel *self)
{
  VigilProbe *probe;
  VigilLedger *ledger;
  g_autoptr(VigilProbeSample) sample = NULL;

  g_return_if_fail (VIGIL_IS_PANEL (self));
  if (self->diagnostics == NULL)
    return;

  probe = vigil_diagnostics_get_probe (self->diagnostics);
  ledger = vigil_diagnostics_get_ledger (self->diagnostics);
  sample = vigil_probe_sample (probe, VIGIL_PROBE_DEFAULT);
  vigil_history_add_sample (vigil_diagnostics_get_history (self->diagnostics), sample,
                            vigil_ledger_count_open (ledger));
  /* The same sample for the metrics endpoint, if any: never sampled twice. */
  vigil_diagnostics_publish_sample (self->diagnostics, sample);
  if (self->first_fds == 0)
    self->first_fds = sample->open_fds;

  update_reconnects (self);
  push_charts (self, sample);

  /* The rest is only for the eyes. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  update_state (self);
  update_fps (self);
  update_figures (self, sample);
  update_verdict (self, sample);
  if (self->ledger_dirty)
    refresh_pairs (self);
}
