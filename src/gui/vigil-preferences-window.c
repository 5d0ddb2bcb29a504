/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-preferences-window.h"

/* The Preferences: each control is bound to its GSettings key, and
 * vigil-settings passes every change on at once, so nothing waits for a
 * restart. */
struct _VigilPreferencesWindow
{
  GtkWindow      parent_instance;

  GtkWidget     *unavailable_label;
  GtkWidget     *grid;
  GtkSpinButton *sample_interval_ms;
  GtkSpinButton *heartbeat_interval_s;
  GtkSpinButton *watchdog_frame_intervals;
  GtkSpinButton *watchdog_margin_ms;
  GtkSpinButton *backoff_initial_ms;
  GtkSpinButton *backoff_max_ms;
  GtkSpinButton *event_ring_size;
  GtkSpinButton *memory_budget_mb;
  GtkSpinButton *memory_budget_days;
  GtkSwitch     *auto_snapshot_on_leak;
  GtkEntry      *snapshot_folder;
  GtkEntry      *log_file;
};

G_DEFINE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, GTK_TYPE_WINDOW)

static void
vigil_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIGIL_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->dispose (object);
}

static void
vigil_preferences_window_class_init (VigilPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, unavailable_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, grid);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, sample_interval_ms);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, heartbeat_interval_s);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, watchdog_frame_intervals);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, watchdog_margin_ms);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, backoff_initial_ms);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, backoff_max_ms);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, event_ring_size);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, memory_budget_mb);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, memory_budget_days);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, auto_snapshot_on_leak);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, snapshot_folder);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, log_file);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_preferences_window_init (VigilPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vigil_preferences_window_new:
 *
 * Returns: (transfer floating): the Preferences, bound to @settings
 */
GtkWidget *
vigil_preferences_window_new (GtkWindow     *parent,
                              VigilSettings *settings)
{
  VigilPreferencesWindow *self = g_object_new (VIGIL_TYPE_PREFERENCES_WINDOW,
                                               "transient-for", parent, NULL);
  GSettings *gsettings = vigil_settings_get_gsettings (settings);
  const struct { const char *key; GtkWidget *widget; const char *property; } bindings[] = {
    { "sample-interval-ms", GTK_WIDGET (self->sample_interval_ms), "value" },
    { "heartbeat-interval-s", GTK_WIDGET (self->heartbeat_interval_s), "value" },
    { "watchdog-frame-intervals", GTK_WIDGET (self->watchdog_frame_intervals), "value" },
    { "watchdog-margin-ms", GTK_WIDGET (self->watchdog_margin_ms), "value" },
    { "backoff-initial-ms", GTK_WIDGET (self->backoff_initial_ms), "value" },
    { "backoff-max-ms", GTK_WIDGET (self->backoff_max_ms), "value" },
    { "event-ring-size", GTK_WIDGET (self->event_ring_size), "value" },
    { "memory-budget-mb", GTK_WIDGET (self->memory_budget_mb), "value" },
    { "memory-budget-days", GTK_WIDGET (self->memory_budget_days), "value" },
    { "auto-snapshot-on-leak", GTK_WIDGET (self->auto_snapshot_on_leak), "active" },
    { "snapshot-folder", GTK_WIDGET (self->snapshot_folder), "text" },
    { "log-file", GTK_WIDGET (self->log_file), "text" },
  };

  if (gsettings == NULL)
    {
      gtk_widget_set_visible (self->unavailable_label, TRUE);
      gtk_widget_set_sensitive (self->grid, FALSE);
      return GTK_WIDGET (self);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (gsettings, bindings[i].key, bindings[i].widget, bindings[i].property,
                     G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}
