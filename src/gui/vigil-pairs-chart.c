/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-pairs-chart"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-pairs-chart.h"

#define LEFT_MARGIN   40
#define TOP_MARGIN    18
#define BOTTOM_MARGIN 4

/* The pairs graph: for each of the newest sessions (newest right), a bar
 * of the resources it created and, beside it, a bar of those it closed,
 * both stacked by kind.  A session whose two bars differ after it ended is
 * outlined in the error colour.  Clicking a bar emits
 * "session-activated".  snapshot () only reads the model. */
struct _VigilPairsChart
{
  GtkWidget        parent_instance;

  VigilPairsModel *model;
  gulong           changed_id;
  gboolean         dirty;
  PangoLayout     *title_layout;
  PangoLayout     *top_layout;
};

G_DEFINE_FINAL_TYPE (VigilPairsChart, vigil_pairs_chart, GTK_TYPE_WIDGET)

enum {
  SESSION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const GdkRGBA kind_colours[VIGIL_N_RESOURCE_KINDS] = {
  { 0.21, 0.52, 0.89, 1 },   /* Device */
  { 0.15, 0.64, 0.41, 1 },   /* Stream */
  { 0.75, 0.60, 0.00, 1 },   /* Buffers */
  { 0.57, 0.25, 0.67, 1 },   /* SignalHandler */
  { 0.00, 0.60, 0.65, 1 },   /* Thread */
  { 0.55, 0.55, 0.55, 1 },   /* Timer */
  { 0.90, 0.38, 0.00, 1 },   /* Event */
  { 0.80, 0.20, 0.40, 1 },   /* Subprocess */
};
static const GdkRGBA error_colour = { 0.88, 0.11, 0.14, 1 };

static void
update_labels (VigilPairsChart *self)
{
  char buffer[32];

  self->dirty = FALSE;
  if (self->model == NULL || vigil_pairs_model_get_n_bars (self->model) == 0)
    {
      pango_layout_set_text (self->top_layout, "", -1);
      return;
    }
  g_snprintf (buffer, sizeof buffer, "%u", vigil_pairs_model_get_bar_max (self->model));
  pango_layout_set_text (self->top_layout, buffer, -1);
}

static void
on_model_changed (VigilPairsChart *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  update_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
plot_rect (VigilPairsChart *self,
           graphene_rect_t *rect)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  graphene_rect_init (rect, LEFT_MARGIN, TOP_MARGIN,
                      MAX (w - LEFT_MARGIN - 4, 1), MAX (h - TOP_MARGIN - BOTTOM_MARGIN, 1));
}

/* Width of one session's slot: the bars of the newest sessions kept. */
static float
slot_width (VigilPairsChart       *self,
            const graphene_rect_t *plot)
{
  return plot->size.width / VIGIL_PAIRS_MODEL_DEFAULT_BARS;
}

static void
append_stack (GtkSnapshot   *snapshot,
              const guint   *counts,
              float          x,
              float          width,
              float          bottom,
              float          scale)
{
  float y = bottom;

  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    {
      float h = counts[k] * scale;

      if (counts[k] == 0)
        continue;
      gtk_snapshot_append_color (snapshot, &kind_colours[k], &GRAPHENE_RECT_INIT (x, y - h, width, h));
      y -= h;
    }
}

static void
vigil_pairs_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  VigilPairsChart *self = VIGIL_PAIRS_CHART (widget);
  GdkRGBA fg, grid;
  graphene_rect_t plot;
  guint n, max;
  float slot, scale, bottom;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  grid = fg;
  grid.alpha = 0.15f;

  plot_rect (self, &plot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_append_layout (snapshot, self->title_layout, &fg);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (4, plot.origin.y - 2));
  gtk_snapshot_append_layout (snapshot, self->top_layout, &fg);
  gtk_snapshot_restore (snapshot);

  bottom = plot.origin.y + plot.size.height;
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (plot.origin.x, plot.origin.y, plot.size.width, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (plot.origin.x, bottom - 1, plot.size.width, 1));

  if (self->model == NULL || (n = vigil_pairs_model_get_n_bars (self->model)) == 0)
    return;
  max = MAX (vigil_pairs_model_get_bar_max (self->model), 1);
  slot = slot_width (self, &plot);
  scale = (plot.size.height - 1) / max;

  for (guint i = 0; i < n; i++)
    {
      const VigilPairsBar *bar = vigil_pairs_model_get_bar (self->model, i);
      /* Newest right: the last bar sits in the last slot. */
      float x = plot.origin.x + plot.size.width - (n - i) * slot;
      float bar_width = MAX ((slot - 3) / 2, 1);

      if (bar->unpaired)
        {
          GdkRGBA tint = error_colour;
          float border_widths[4] = { 1, 1, 1, 1 };
          GdkRGBA borders[4] = { error_colour, error_colour, error_colour, error_colour };

          tint.alpha = 0.15f;
          gtk_snapshot_append_color (snapshot, &tint, &GRAPHENE_RECT_INIT (x, plot.origin.y, slot - 1, plot.size.height));
          gtk_snapshot_append_border (snapshot,
                                      &GSK_ROUNDED_RECT_INIT (x, plot.origin.y, slot - 1, plot.size.height),
                                      border_widths, borders);
        }
      append_stack (snapshot, bar->created, x + 1, bar_width, bottom - 1, scale);
      append_stack (snapshot, bar->closed, x + 1 + bar_width + 1, bar_width, bottom - 1, scale);
      if (bar->n_orphans > 0)
        {
          /* Orphans: closed by nobody, red on top of the closed bar. */
          float height = MIN (bar->n_orphans * scale, plot.size.height - 1);

          gtk_snapshot_append_color (snapshot, &error_colour,
                                     &GRAPHENE_RECT_INIT (x + 1 + bar_width + 1, plot.origin.y + 1, bar_width, height));
        }
    }
}

/* The bar under @x, or -1. */
static gint
bar_at (VigilPairsChart *self,
        double           x)
{
  graphene_rect_t plot;
  guint n;
  gint from_right;

  if (self->model == NULL || (n = vigil_pairs_model_get_n_bars (self->model)) == 0)
    return -1;
  plot_rect (self, &plot);
  if (x < plot.origin.x || x >= plot.origin.x + plot.size.width)
    return -1;
  from_right = (gint) ((plot.origin.x + plot.size.width - x) / slot_width (self, &plot));
  if (from_right >= (gint) n)
    return -1;
  return (gint) n - 1 - from_right;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            VigilPairsChart *self)
{
  gint i = bar_at (self, x);

  if (i >= 0)
    g_signal_emit (self, signals[SESSION_ACTIVATED], 0, vigil_pairs_model_get_bar (self->model, i)->session);
}

static gboolean
vigil_pairs_chart_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  VigilPairsChart *self = VIGIL_PAIRS_CHART (widget);
  g_autoptr(GString) text = g_string_new (NULL);
  const VigilPairsBar *bar;
  gint i = bar_at (self, x);

  if (i < 0)
    return FALSE;
  bar = vigil_pairs_model_get_bar (self->model, i);
  g_string_printf (text, _("Session %" PRIu64 ": %u created, %u closed"),
                   bar->session, bar->n_created, bar->n_closed);
  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    if (bar->created[k] != bar->closed[k])
      g_string_append_printf (text, _("\n%s: %u created, %u closed"),
                              vigil_resource_kind_to_string (k), bar->created[k], bar->closed[k]);
  if (bar->n_orphans > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "\n%u orphan (left by a phase, tracked by nobody)",
                                               "\n%u orphans (left by a phase, tracked by nobody)", bar->n_orphans),
                            bar->n_orphans);
  g_string_append (text, _("\nClick to show the session"));
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
vigil_pairs_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = LEFT_MARGIN + VIGIL_PAIRS_MODEL_DEFAULT_BARS * 5;
  else
    *minimum = *natural = TOP_MARGIN + BOTTOM_MARGIN + 70;
}

static void
vigil_pairs_chart_map (GtkWidget *widget)
{
  VigilPairsChart *self = VIGIL_PAIRS_CHART (widget);

  GTK_WIDGET_CLASS (vigil_pairs_chart_parent_class)->map (widget);
  if (self->dirty)
    {
      update_labels (self);
      gtk_widget_queue_draw (widget);
    }
}

static void
vigil_pairs_chart_dispose (GObject *object)
{
  VigilPairsChart *self = (VigilPairsChart *) object;

  vigil_pairs_chart_set_model (self, NULL);
  g_clear_object (&self->title_layout);
  g_clear_object (&self->top_layout);

  G_OBJECT_CLASS (vigil_pairs_chart_parent_class)->dispose (object);
}

static void
vigil_pairs_chart_class_init (VigilPairsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_pairs_chart_dispose;
  widget_class->snapshot = vigil_pairs_chart_snapshot;
  widget_class->measure = vigil_pairs_chart_measure;
  widget_class->map = vigil_pairs_chart_map;
  widget_class->query_tooltip = vigil_pairs_chart_query_tooltip;

  /**
   * VigilPairsChart::session-activated:
   * @session: the session id of the bar clicked
   *
   * Main thread.
   */
  signals[SESSION_ACTIVATED] =
    g_signal_new ("session-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_css_name (widget_class, "vigil-pairs-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vigil_pairs_chart_init (VigilPairsChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->title_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                       _("Created (left) and closed (right) per session, newest right"));
  self->top_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

void
vigil_pairs_chart_set_model (VigilPairsChart *self,
                             VigilPairsModel *model)
{
  g_return_if_fail (VIGIL_IS_PAIRS_CHART (self));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_clear_signal_handler (&self->changed_id, self->model);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      self->changed_id = g_signal_connect_swapped (model, "changed", G_CALLBACK (on_model_changed), self);
      on_model_changed (self);
    }
}
