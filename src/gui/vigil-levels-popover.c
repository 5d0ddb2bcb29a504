/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-levels-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-levels-popover.h"

/* How samples deeper than 8 bits (Mono10 … Mono16, Bayer 10 … 16) are
 * shown: by their full bit depth, by the frame's own range, or through a
 * window set in the camera's units.  Applied to the sink, so the consumer
 * uses it from the next frame on. */
struct _VigilLevelsPopover
{
  GtkPopover      parent_instance;

  GtkDropDown    *mode;
  GtkWidget      *window_grid;
  GtkSpinButton  *low;
  GtkSpinButton  *high;

  VigilFrameSink *sink;
};

G_DEFINE_FINAL_TYPE (VigilLevelsPopover, vigil_levels_popover, GTK_TYPE_POPOVER)

static void
apply (VigilLevelsPopover *self)
{
  VigilFrameLevels levels = { VIGIL_LEVELS_BIT_DEPTH, 0, 0 };
  guint selected = gtk_drop_down_get_selected (self->mode);

  if (selected == 1)
    levels.mode = VIGIL_LEVELS_AUTO;
  else if (selected == 2)
    levels.mode = VIGIL_LEVELS_WINDOW;
  levels.low = (guint) gtk_spin_button_get_value_as_int (self->low);
  levels.high = (guint) gtk_spin_button_get_value_as_int (self->high);
  /* A window needs white above black. */
  if (levels.high <= levels.low)
    levels.high = levels.low + 1;

  gtk_widget_set_sensitive (self->window_grid, selected == 2);
  if (self->sink != NULL)
    vigil_frame_sink_set_levels (self->sink, &levels);
}

static void
vigil_levels_popover_dispose (GObject *object)
{
  VigilLevelsPopover *self = VIGIL_LEVELS_POPOVER (object);

  g_clear_object (&self->sink);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_LEVELS_POPOVER);

  G_OBJECT_CLASS (vigil_levels_popover_parent_class)->dispose (object);
}

static void
vigil_levels_popover_class_init (VigilLevelsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_levels_popover_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-levels-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilLevelsPopover, mode);
  gtk_widget_class_bind_template_child (widget_class, VigilLevelsPopover, window_grid);
  gtk_widget_class_bind_template_child (widget_class, VigilLevelsPopover, low);
  gtk_widget_class_bind_template_child (widget_class, VigilLevelsPopover, high);
}

static void
vigil_levels_popover_init (VigilLevelsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->mode, "notify::selected", G_CALLBACK (apply), self);
  g_signal_connect_swapped (self->low, "value-changed", G_CALLBACK (apply), self);
  g_signal_connect_swapped (self->high, "value-changed", G_CALLBACK (apply), self);
  gtk_widget_set_sensitive (self->window_grid, FALSE);
}

/**
 * vigil_levels_popover_set_sink:
 * @sink: (nullable): where the levels go; its current levels are shown
 */
void
vigil_levels_popover_set_sink (VigilLevelsPopover *self,
                               VigilFrameSink     *sink)
{
  VigilFrameLevels levels;

  g_return_if_fail (VIGIL_IS_LEVELS_POPOVER (self));

  if (!g_set_object (&self->sink, sink) || sink == NULL)
    return;

  vigil_frame_sink_get_levels (sink, &levels);
  g_signal_handlers_block_by_func (self->mode, apply, self);
  g_signal_handlers_block_by_func (self->low, apply, self);
  g_signal_handlers_block_by_func (self->high, apply, self);
  gtk_drop_down_set_selected (self->mode, levels.mode == VIGIL_LEVELS_AUTO ? 1 : levels.mode == VIGIL_LEVELS_WINDOW ? 2 : 0);
  if (levels.mode == VIGIL_LEVELS_WINDOW)
    {
      gtk_spin_button_set_value (self->low, levels.low);
      gtk_spin_button_set_value (self->high, levels.high);
    }
  g_signal_handlers_unblock_by_func (self->mode, apply, self);
  g_signal_handlers_unblock_by_func (self->low, apply, self);
  g_signal_handlers_unblock_by_func (self->high, apply, self);
  gtk_widget_set_sensitive (self->window_grid, levels.mode == VIGIL_LEVELS_WINDOW);
}
