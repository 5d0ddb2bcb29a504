/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-application-private.h"
#include "vigil-banner.h"
#include "vigil-camera-view.h"
#include "vigil-controls-popover.h"
#include "vigil-diagnostics.h"
#include "vigil-camera-chooser.h"
#include "vigil-error.h"
#include "vigil-frame-sink.h"
#include "vigil-histogram-popover.h"
#include "vigil-levels-popover.h"
#include "vigil-panel.h"
#include "vigil-replay-refusals.h"
#include "vigil-snapshot.h"
#include "vigil-stream-stats-button.h"
#include "vigil-supervisor.h"
#include "vigil-utf8.h"
#include "vigil-widget-png.h"
#include "vigil-label-tooltip.h"
#include "vigil-window.h"

#define STATUS_INTERVAL_MS 1000
#define PANEL_WIDTH_DEFAULT 420
#define PANEL_WIDTH_MIN     200
#define PANEL_WIDTH_MAX     4000

struct _VigilWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkDropDown          *camera_dropdown;
  GtkStringList        *camera_names;
  GtkButton            *refresh_button;
  GtkToggleButton      *play_button;
  GtkWidget            *trigger_button;
  VigilBanner          *banner;
  VigilReplayRefusals  *refusals;        /* settings the camera refused at an open */
  VigilCameraView      *camera_view;
  GtkPaned             *paned;
  VigilPanel           *panel;
  VigilControlsPopover *controls_popover;
  VigilLevelsPopover   *levels_popover;
  GtkLabel             *status_label;
  GtkLabel             *state_label;
  VigilStreamStatsButton *stream_stats_button;
  VigilHistogramPopover *histogram_popover;
  GMenu                *faults_menu;

  VigilSupervisor      *supervisor;
  GSettings            *settings;        /* (nullable) when the schema is not installed */
  int                   panel_width;
  guint                 restore_source;
  gboolean              panel_restored;
  VigilCameraChooser   *chooser;
  guint                 status_source;
};

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, GTK_TYPE_APPLICATION_WINDOW)

static VigilApplication *
get_app (VigilWindow *self)
{
  return VIGIL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* A triggered or frame-limited camera: what it is waiting for, and the
 * frames and triggers so far. */
static void
append_liveness (VigilWindow      *self,
                 GString          *text,
                 VigilFrameCounts *counts)
{
  g_autofree char *label = vigil_supervisor_dup_liveness_label (self->supervisor);
  guint64 triggers = vigil_supervisor_get_triggers (self->supervisor);

  if (label != NULL)
    g_string_append_printf (text, " · %s", label);
  if (label != NULL || triggers > 0)
    /* Translators: frames received, then software triggers sent. */
    g_string_append_printf (text, _(" · %" PRIu64 " frames · %" PRIu64 " triggers"), counts->received, triggers);
}

static void update_state_label (VigilWindow *self);

static gboolean
update_status (gpointer data)
{
  VigilWindow *self = data;
  VigilControls *controls = vigil_supervisor_get_controls (self->supervisor);
  VigilFrameSink *sink = vigil_supervisor_get_sink (self->supervisor);
  VigilFrameCounts counts;
  VigilFrameRates rates;
  g_autoptr(GString) text = g_string_new (NULL);

  vigil_frame_sink_get_counts (sink, &counts);
  vigil_frame_sink_get_rates (sink, &rates);

  if (controls != NULL && vigil_supervisor_get_state (self->supervisor) == VIGIL_SUPERVISOR_STREAMING)
    {
      /* Translators: camera id, size, pixel format, frames per second received
       * and shown, megabytes per second, and the count of failed buffers. */
      g_string_printf (text, _("%s · %d×%d %s · %.1f fps received · %.1f fps shown · %.1f MB/s · %" PRIu64 " stream errors"),
                       controls->device_id ? controls->device_id : "",
                       controls->width, controls->height, controls->pixel_format,
                       rates.received_fps, rates.shown_fps, rates.received_mb_per_s, counts.failed);
      append_liveness (self, text, &counts);
      {
        g_autofree char *zoom = vigil_camera_view_get_zoom_text (self->camera_view);

        g_string_append_printf (text, " · %s", zoom);
      }
    }
  else
    g_string_assign (text, _("No camera streaming"));

  gtk_label_set_text (self->status_label, text->str);
  update_state_label (self);

  return G_SOURCE_CONTINUE;
}

static void
update_state_label (VigilWindow *self)
{
  VigilSupervisorState state = vigil_supervisor_get_state (self->supervisor);
  guint64 reconnects = vigil_supervisor_get_reconnects (self->supervisor);
  guint64 restarts = vigil_supervisor_get_stream_restarts (self->supervisor);
  g_autofree char *liveness = vigil_supervisor_dup_liveness_label (self->supervisor);
  g_autofree char *text = NULL;

  /* Translators: the session state, then how often the camera was reconnected. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %" PRIu64 " reconnect",
                                       "%s · %" PRIu64 " reconnects", reconnects),
                          liveness ? liveness : vigil_supervisor_state_to_label (state), reconnects);
  if (restarts > 0)
    {
      g_autofree char *with_restarts = NULL;

      /* Translators: the text before, then how often a stalled stream was restarted. */
      with_restarts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %" PRIu64 " stream restart",
                                                    "%s · %" PRIu64 " stream restarts", restarts),
                                       text, restarts);
      g_free (text);
      text = g_steal_pointer (&with_restarts);
    }
  if (g_strcmp0 (gtk_label_get_text (self->state_label), text) != 0)
    gtk_label_set_text (self->state_label, text);
}

/* Over the last frame, so nobody takes it for a live picture.  Its detail
 * is the supervisor's message, the banner's too: one source for the
 * attempt number, refreshed on every new message, not only on entering
 * Recovering. */
static void
show_recovering (VigilWindow *self)
{
  g_autofree char *detail = vigil_utf8_sanitize_bounded (vigil_supervisor_get_message (self->supervisor), -1,
                                                         VIGIL_UTF8_MESSAGE_MAX);

  g_debug ("overlay: %s", detail ? detail : "");
  vigil_camera_view_show_message (self->camera_view, "view-refresh-symbolic", _("Reconnecting…"), detail);
}

static void
on_supervisor_state (VigilWindow *self)
{
  VigilSupervisorState state = vigil_supervisor_get_state (self->supervisor);
  gboolean playing = state == VIGIL_SUPERVISOR_OPENING || state == VIGIL_SUPERVISOR_STREAMING ||
                     state == VIGIL_SUPERVISOR_RECOVERING;
  GAction *play = g_action_map_lookup_action (G_ACTION_MAP (self), "play");

  update_state_label (self);
  if (self->chooser != NULL)
    {
      const char *camera_id = vigil_supervisor_get_camera_id (self->supervisor);

      vigil_camera_chooser_set_current (self->chooser, camera_id,
                                        vigil_application_is_simulated (get_app (self), camera_id));
      vigil_camera_chooser_set_paused (self->chooser, state != VIGIL_SUPERVISOR_STREAMING &&
                                                      state != VIGIL_SUPERVISOR_IDLE);
    }
  if (state != VIGIL_SUPERVISOR_STREAMING)
    gtk_widget_set_visible (self->trigger_button, FALSE);
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button),
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (Ctrl+P)") : _("Play (Ctrl+P)"));
  g_simple_action_set_state (G_SIMPLE_ACTION (play), g_variant_new_boolean (playing));

  if (state == VIGIL_SUPERVISOR_OPENING)
    vigil_camera_view_show_message (self->camera_view, "camera-web-symbolic", _("Connecting to the camera…"),
                                    vigil_supervisor_get_camera_id (self->supervisor));
  else if (state == VIGIL_SUPERVISOR_STREAMING)
    {
      g_autofree char *refused = vigil_replay_refusals_take_message (self->refusals);

      /* The reconnect is over; what the camera refused at this open is
       * not, it stays until dismissed. */
      if (refused != NULL)
        vigil_banner_show (self->banner, refused, TRUE);
      else
        vigil_banner_hide (self->banner);
    }
  else if (state == VIGIL_SUPERVISOR_RECOVERING)
    show_recovering (self);
  else if (state == VIGIL_SUPERVISOR_IDLE)
    {
      const GError *error = vigil_supervisor_get_last_error (self->supervisor);

      vigil_camera_view_clear (self->camera_view);
      vigil_camera_view_show_message (self->camera_view, "camera-disabled-symbolic",
                                      error ? _("The camera could not be opened") : _("Paused"),
                                      error ? error->message : NULL);
    }
}

/* A setting changed in this run that the camera refused when it was
 * written again at an open: said once the stream runs (before, the
 * reconnect's own messages take the banner). */
static void
on_event_added (VigilWindow      *self,
                const VigilEvent *event)
{
  g_autofree char *refused = NULL;

  if (self->refusals == NULL || !vigil_replay_refusals_add (self->refusals, event) ||
      vigil_supervisor_get_state (self->supervisor) != VIGIL_SUPERVISOR_STREAMING)
    return;
  refused = vigil_replay_refusals_take_message (self->refusals);
  if (refused != NULL)
    vigil_banner_show (self->banner, refused, TRUE);
}

static void
on_supervisor_message (VigilWindow *self)
{
  const char *message = vigil_supervisor_get_message (self->supervisor);

  if (message != NULL)
    vigil_window_show_banner (self, message, FALSE);
  if (vigil_supervisor_get_state (self->supervisor) == VIGIL_SUPERVISOR_RECOVERING)
    show_recovering (self);
}

/* One submenu per fault point: Off, Once, Persistent. */
static void
fill_faults_menu (VigilWindow *self)
{
  const char * const *points = vigil_faults_list_points ();
  static const struct { const char *mode; const char *label; } modes[] = {
    { "off", N_("Off") },
    { "once", N_("Once") },
    { "persistent", N_("Persistent") },
  };

  for (guint i = 0; points[i]; i++)
    {
      g_autoptr(GMenu) submenu = g_menu_new ();
      g_autofree char *action = g_strdup_printf ("app.fault-%s", points[i]);

      for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (_(modes[m].label), NULL);

          g_menu_item_set_action_and_target (item, action, "s", modes[m].mode);
          g_menu_append_item (submenu, item);
        }
      g_menu_append_submenu (self->faults_menu, points[i], G_MENU_MODEL (submenu));
    }
}

static void
on_supervisor_error (VigilWindow  *self,
                     const GError *error)
{
  vigil_window_show_banner (self, error->message, TRUE);
}

static void
on_controls_changed (VigilWindow   *self,
                     VigilControls *controls)
{
  vigil_controls_popover_set_controls (self->controls_popover, controls);
  gtk_widget_set_visible (self->trigger_button,
                          controls != NULL && vigil_trigger_controls_can_trigger (controls->trigger));
  update_status (self);
}

static void
on_feature_changed (VigilWindow *self,
                    const char  *feature,
                    GVariant    *value)
{
  vigil_supervisor_set_feature (self->supervisor, feature, value);
}

static void
open_selected (VigilWindow *self)
{
  const char *id = self->chooser ? vigil_camera_chooser_get_selected_id (self->chooser) : NULL;
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    return;
  if (!vigil_application_open_camera (get_app (self), *id ? id : NULL, &error))
    {
      vigil_window_show_banner (self, error->message, TRUE);
      vigil_camera_view_show_message (self->camera_view, "dialog-error-symbolic",
                                      _("The camera could not be opened"), error->message);
    }
}

static void
on_camera_selected (VigilWindow *self)
{
  if (self->chooser != NULL && !vigil_camera_chooser_is_selecting (self->chooser))
    open_selected (self);
}

/* "win.cameras" is read-only: the cameras the chooser offers. */
static void
on_cameras_changed (VigilWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "cameras");

  g_simple_action_set_state (G_SIMPLE_ACTION (action), vigil_camera_chooser_get_state (self->chooser));
}

static void
refresh_cameras (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  if (self->chooser != NULL)
    vigil_camera_chooser_refresh (self->chooser);
}

static void
play_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  VigilWindow *self = user_data;
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  /* After a SingleFrame/MultiFrame acquisition, Play starts the next one. */
  if (vigil_supervisor_get_state (self->supervisor) == VIGIL_SUPERVISOR_STREAMING &&
      vigil_supervisor_get_liveness (self->supervisor) == VIGIL_LIVENESS_ACQUISITION_COMPLETE)
    vigil_supervisor_acquire (self->supervisor);
  else if (g_variant_get_boolean (state))
    vigil_supervisor_close (self->supervisor);
  else
    open_selected (self);
}

/* ---- The diagnostics panel ---------------------------------------------- */

static void
show_panel_changed (GSimpleAction *action,
                    GVariant      *state,
                    gpointer       user_data)
{
  VigilWindow *self = user_data;
  gboolean visible = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  gtk_widget_set_visible (GTK_WIDGET (self->panel), visible);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "panel-visible", visible);
}

/* "win.reconnects" is read-only: its state is the panel's figure. */
static void
reconnects_change_refused (GSimpleAction *action,
                           GVariant      *state,
                           gpointer       user_data)
{
}

static void
on_panel_reconnects (VigilWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "reconnects");

  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_uint64 (vigil_panel_get_reconnects (self->panel)));
}

static gboolean
restore_panel_width (gpointer data)
{
  VigilWindow *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));

  self->restore_source = 0;
  if (width > 0)
    gtk_paned_set_position (self->paned, MAX (width - self->panel_width, 1));
  self->panel_restored = TRUE;
  return G_SOURCE_REMOVE;
}

/* The paned got its first size: put the divider where the remembered
 * panel width wants it (from an idle, not during the allocation). */
static void
on_paned_max_position (VigilWindow *self)
{
  if (self->panel_restored || self->restore_source != 0)
    return;
  self->restore_source = g_idle_add (restore_panel_width, self);
}

static void
on_paned_position (VigilWindow *self)
{
  int width;

  if (!self->panel_restored || !gtk_widget_get_visible (GTK_WIDGET (self->panel)))
    return;
  width = gtk_widget_get_width (GTK_WIDGET (self->paned)) - gtk_paned_get_position (self->paned);
  width = CLAMP (width, PANEL_WIDTH_MIN, PANEL_WIDTH_MAX);
  if (width == self->panel_width)
    return;
  self->panel_width = width;
  if (self->settings != NULL)
    g_settings_set_int (self->settings, "panel-width", width);
}

/* Remembers the window's size for the next start. */
static gboolean
vigil_window_close_request (GtkWindow *window)
{
  VigilWindow *self = VIGIL_WINDOW (window);
  int width = 0, height = 0;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  if (GTK_WINDOW_CLASS (vigil_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (vigil_window_parent_class)->close_request (window);
  return FALSE;
}

static void
export_snapshot (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VigilWindow *self = VIGIL_WINDOW (widget);

  vigil_application_choose_snapshot (get_app (self), GTK_WINDOW (self));
}

static void
vigil_window_dispose (GObject *object)
{
  VigilWindow *self = (VigilWindow *) object;

  g_clear_object (&self->chooser);
  g_clear_pointer (&self->refusals, vigil_replay_refusals_free);
  g_clear_handle_id (&self->status_source, g_source_remove);
  g_clear_handle_id (&self->restore_source, g_source_remove);
  g_clear_object (&self->settings);
  if (self->supervisor != NULL)
    g_signal_handlers_disconnect_by_data (self->supervisor, self);
  g_clear_object (&self->supervisor);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WINDOW);

  G_OBJECT_CLASS (vigil_window_parent_class)->dispose (object);
}

static void
vigil_window_class_init (VigilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = vigil_window_close_request;

  g_type_ensure (VIGIL_TYPE_BANNER);
  g_type_ensure (VIGIL_TYPE_CAMERA_VIEW);
  g_type_ensure (VIGIL_TYPE_CONTROLS_POPOVER);
  g_type_ensure (VIGIL_TYPE_LEVELS_POPOVER);
  g_type_ensure (VIGIL_TYPE_PANEL);
  g_type_ensure (VIGIL_TYPE_STREAM_STATS_BUTTON);
  g_type_ensure (VIGIL_TYPE_HISTOGRAM_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, camera_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, camera_names);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, trigger_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, camera_view);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, panel);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, controls_popover);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, levels_popover);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, stream_stats_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, histogram_popover);
  gtk_widget_class_bind_template_child (widget_class, VigilWindow, faults_menu);

  gtk_widget_class_install_action (widget_class, "win.refresh-cameras", NULL, refresh_cameras);
  gtk_widget_class_install_action (widget_class, "win.export-snapshot", NULL, export_snapshot);
}

/* win.picture (s): fit, one, in, out, rotate-right, rotate-left,
 * flip-horizontal, flip-vertical (over D-Bus too); win.pan ((dd)). */
static void
picture_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  VigilWindow *self = data;

  vigil_camera_view_zoom (self->camera_view, g_variant_get_string (parameter, NULL));
}

static void
pan_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  VigilWindow *self = data;
  double dx, dy;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  vigil_camera_view_pan (self->camera_view, dx, dy);
}

static void
on_picture_geometry (VigilWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "picture-geometry");
  g_autofree char *text = vigil_camera_view_describe_geometry (self->camera_view);

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (text));
}

static void
vigil_window_init (VigilWindow *self)
{
  static const GActionEntry entries[] = {
    { "play", play_activated, NULL, "false", NULL },
    { "picture", picture_activated, "s", NULL, NULL },
    { "pan", pan_activated, "(dd)", NULL, NULL },
    { "picture-geometry", NULL, NULL, "''", reconnects_change_refused },
    { "show-panel", NULL, NULL, "true", show_panel_changed },
    { "reconnects", NULL, NULL, "uint64 0", reconnects_change_refused },
    { "cameras", NULL, NULL, "@a(ssb) []", reconnects_change_refused },
  };
  self->refusals = vigil_replay_refusals_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_label_tooltip_shows_text (self->status_label);   /* it may be cut */
  vigil_label_tooltip_shows_text (self->state_label);
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  self->panel_width = PANEL_WIDTH_DEFAULT;
  g_signal_connect_swapped (self->paned, "notify::max-position", G_CALLBACK (on_paned_max_position), self);
  g_signal_connect_swapped (self->paned, "notify::position", G_CALLBACK (on_paned_position), self);
  g_signal_connect_swapped (self->panel, "notify::reconnects", G_CALLBACK (on_panel_reconnects), self);
  g_signal_connect_swapped (self->camera_view, "notify::geometry", G_CALLBACK (on_picture_geometry), self);

  fill_faults_menu (self);

  g_signal_connect_swapped (self->controls_popover, "feature-changed", G_CALLBACK (on_feature_changed), self);
  g_signal_connect_swapped (self->camera_dropdown, "notify::selected", G_CALLBACK (on_camera_selected), self);
}

static void
on_sample_interval_changed (VigilWindow *self)
{
  vigil_panel_set_sample_interval (self->panel, g_settings_get_uint (self->settings, "sample-interval-ms"));
}

/* Window size and the panel's visibility and width, from the application's
 * settings (none remembered when the schema is not installed). */
static void
restore_from_settings (VigilWindow   *self,
                       VigilSettings *settings)
{
  GSettings *gsettings = vigil_settings_get_gsettings (settings);
  gboolean panel_visible = TRUE;

  if (gsettings != NULL)
    {
      self->settings = g_object_ref (gsettings);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      panel_visible = g_settings_get_boolean (self->settings, "panel-visible");
      self->panel_width = CLAMP (g_settings_get_int (self->settings, "panel-width"), PANEL_WIDTH_MIN, PANEL_WIDTH_MAX);
      g_signal_connect_object (self->settings, "changed::sample-interval-ms",
                               G_CALLBACK (on_sample_interval_changed), self, G_CONNECT_SWAPPED);
    }
  g_action_group_change_action_state (G_ACTION_GROUP (self), "show-panel", g_variant_new_boolean (panel_visible));
  gtk_widget_set_visible (GTK_WIDGET (self->panel), panel_visible);
}

/**
 * vigil_window_new:
 *
 * Returns: (transfer full): the main window, showing the application's
 *   supervisor
 */
VigilWindow *
vigil_window_new (VigilApplication *application)
{
  VigilWindow *self = g_object_new (VIGIL_TYPE_WINDOW, "application", application, NULL);

  self->supervisor = g_object_ref (vigil_application_get_supervisor (application));
  g_signal_connect_object (self->supervisor, "notify::state", G_CALLBACK (on_supervisor_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->supervisor, "error", G_CALLBACK (on_supervisor_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->supervisor, "notify::message", G_CALLBACK (on_supervisor_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->supervisor, "notify::reconnects", G_CALLBACK (update_state_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->supervisor, "notify::liveness", G_CALLBACK (update_state_label), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->supervisor, "notify::stream-restarts", G_CALLBACK (update_state_label), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->supervisor, "controls-changed", G_CALLBACK (on_controls_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vigil_diagnostics_get_events (vigil_application_get_diagnostics (application)), "event-added",
                           G_CALLBACK (on_event_added), self, G_CONNECT_SWAPPED);
  vigil_camera_view_set_sink (self->camera_view, vigil_supervisor_get_sink (self->supervisor));
  vigil_stream_stats_button_set_supervisor (self->stream_stats_button, self->supervisor);
  vigil_histogram_popover_set_tap (self->histogram_popover,
                                   vigil_frame_sink_get_histogram_tap (vigil_supervisor_get_sink (self->supervisor)));
  vigil_levels_popover_set_sink (self->levels_popover, vigil_supervisor_get_sink (self->supervisor));
  restore_from_settings (self, vigil_application_get_settings (application));
  vigil_panel_set_supervisor (self->panel, self->supervisor,
                              vigil_settings_get_uint (vigil_application_get_settings (application),
                                                       "sample-interval-ms"));

  self->chooser = vigil_camera_chooser_new (self->camera_dropdown, self->camera_names,
                                            GTK_WIDGET (self->refresh_button));
  g_signal_connect_object (self->chooser, "changed", G_CALLBACK (on_cameras_changed), self, G_CONNECT_SWAPPED);
  on_supervisor_state (self);
  self->status_source = g_timeout_add_full (G_PRIORITY_DEFAULT, STATUS_INTERVAL_MS, update_status, self, NULL);
  update_status (self);
  vigil_application_add_snapshot_drop (application, GTK_WIDGET (self));

  return self;
}

/* Shows a message above the picture until dismissed or streaming resumes. */
void
vigil_window_show_banner (VigilWindow *self,
                          const char  *message,
                          gboolean     is_error)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));

  vigil_banner_show (self->banner, message, is_error);
}

/**
 * vigil_window_snapshot_written:
 * @path: the snapshot file just written
 *
 * Writes a PNG of the diagnostics panel beside the snapshot (same base
 * name) and says in a banner where they went, with "Open Folder".
 */
void
vigil_window_snapshot_written (VigilWindow *self,
                               const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *message = NULL;
  g_autofree char *png = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_WINDOW (self));

  if (g_str_has_suffix (path, ".json"))
    png = g_strdup_printf ("%.*s.png", (int) strlen (path) - 5, path);
  else
    png = g_strconcat (path, ".png", NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->panel)) && vigil_widget_save_png (GTK_WIDGET (self->panel), png, &error))
    message = g_strdup_printf (_("Diagnostic snapshot written to %s, with a picture of the panel beside it"), display);
  else
    message = g_strdup_printf (_("Diagnostic snapshot written to %s"), display);

  folder = g_path_get_dirname (path);
  vigil_banner_show_folder (self->banner, message, folder);
}

/**
 * vigil_window_render_picture:
 *
 * The picture as it is shown now, for Save Frame (see
 * vigil_widget_render_pixels()).
 *
 * Returns: (transfer full) (nullable): the pixels
 */
GBytes *
vigil_window_render_picture (VigilWindow  *self,
                             guint        *width,
                             guint        *height,
                             gsize        *stride,
                             GError      **error)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return vigil_widget_render_pixels (GTK_WIDGET (self->camera_view), width, height, stride, error);
}
