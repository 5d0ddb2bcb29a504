/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-application"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib-unix.h>
#include <string.h>

#include "vigil-application.h"
#include "vigil-camera-actions.h"
#include "vigil-application-private.h"
#include "vigil-discovery.h"
#include "vigil-error.h"
#include "vigil-features-window.h"
#include "vigil-metrics.h"
#include "vigil-preferences-window.h"
#include "vigil-settings-apply.h"
#include "vigil-sim-camera.h"
#include "vigil-snapshot.h"
#include "vigil-utf8.h"
#include "vigil-widget-png.h"
#include "vigil-window.h"

#define SIM_ADDRESS_DEFAULT "127.0.0.1"
#define SHUTDOWN_TIMEOUT_MS 5000
#define VERDICT_CHECK_S     1

struct _VigilApplication
{
  GtkApplication   parent_instance;

  VigilDiagnostics *diagnostics;
  VigilSettings   *settings;
  VigilSupervisor *supervisor;
  VigilSimCamera  *sim_camera;
  VigilMetrics    *metrics;         /* (nullable) --metrics-address or the setting */
  GCancellable    *discovery;
  guint            verdict_check_id;
  VigilVerdictStatus last_status;

  char            *camera_option;
  char            *log_file;
  char            *snapshot_dir;
  gboolean         simulate;
  gboolean         started;
};

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "camera", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the camera with this Aravis device id or IP address"), N_("ID") },
  { "simulate", 's', 0, G_OPTION_ARG_NONE, NULL,
    N_("Stream from the simulated camera"), NULL },
  { "log-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write lifecycle events to this file as JSON lines"), N_("PATH") },
  { "snapshot-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write diagnostic snapshots into this folder"), N_("DIR") },
  { "feature", 'f', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Write this feature at every open, before acquisition (repeatable)"), N_("NAME=VALUE") },
  { "metrics-address", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Serve Prometheus metrics at http://ADDR:PORT/metrics (loopback when only :PORT)"), N_("ADDR:PORT") },
  { "open", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open a diagnostic snapshot, read-only, in a window of its own"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static VigilWindow *
get_window (VigilApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* A snapshot window may be the active one: the camera's window then. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && !VIGIL_IS_WINDOW (window);
       l = l->next)
    window = l->data;
  return VIGIL_IS_WINDOW (window) ? VIGIL_WINDOW (window) : NULL;
}

/* An error a person can meet: in the window's banner and the log. */
void
vigil_application_report (VigilApplication *self,
                          const GError     *error)
{
  VigilWindow *window = get_window (self);
  g_autofree char *text = vigil_utf8_sanitize_bounded (error->message, -1, VIGIL_UTF8_MESSAGE_MAX);

  g_message ("%s", text);
  if (window != NULL)
    vigil_window_show_banner (window, error->message, TRUE);
}

/* The log file stopped being written (a full disk): VigilEvents posts one
 * Error event per failure episode; the window says it once too. */
static void
on_event_added (VigilEvents      *events,
                VigilEvent       *event,
                VigilApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (event->event != VIGIL_EVENT_ERROR || g_strcmp0 (event->operation, VIGIL_EVENTS_LOG_OPERATION) != 0)
    return;
  error = g_error_new_literal (VIGIL_ERROR, VIGIL_ERROR_IO,
                               event->error_message ? event->error_message : _("Could not write the event log"));
  vigil_application_report (self, error);
}

static const char *
sim_address (void)
{
  const char *address = g_getenv ("VIGIL_SIM_ADDRESS");

  return address && *address ? address : SIM_ADDRESS_DEFAULT;
}

static void
on_first_discovery (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilApplication) self = user_data;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;
  const char *id = NULL;

  cameras = vigil_discover_cameras_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->discovery);

  last = vigil_settings_dup_string (self->settings, "last-camera");
  /* The camera used last time when it is there, else the first found. */
  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      VigilCameraInfo *info = g_ptr_array_index (cameras, i);
      const char *candidate = info->address ? info->address : info->id;

      if (i == 0 || g_strcmp0 (last, info->id) == 0 || g_strcmp0 (last, info->address) == 0)
        id = candidate;
    }

  /* No camera present: the embedded default is the simulated camera. */
  if (!vigil_application_open_camera (self, id, &error))
    vigil_application_report (self, error);
}

static void
start_camera (VigilApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->started)
    return;
  self->started = TRUE;

  if (self->camera_option != NULL || self->simulate)
    {
      if (!vigil_application_open_camera (self, self->simulate ? NULL : self->camera_option, &error))
        vigil_application_report (self, error);
      return;
    }

  self->discovery = g_cancellable_new ();
  vigil_discover_cameras_async (self->discovery, on_first_discovery, g_object_ref (self));
}

static void
vigil_application_activate (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  VigilWindow *window = get_window (self);

  if (window == NULL)
    window = vigil_window_new (self);
  gtk_window_present (GTK_WINDOW (window));

  start_camera (self);
}

static int
vigil_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("vigil %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

/* The metrics endpoint, when --metrics-address or the metrics-address
 * setting asks for it (off by default); once per process. */
static gboolean
start_metrics (VigilApplication  *self,
               GVariantDict      *options,
               GError           **error)
{
  g_autofree char *address = NULL;
  g_autofree char *url = NULL;

  if (self->metrics != NULL)
    return TRUE;
  if (!g_variant_dict_lookup (options, "metrics-address", "s", &address))
    address = vigil_settings_dup_string (self->settings, "metrics-address");
  if (*address == '\0')
    return TRUE;
  self->metrics = vigil_metrics_new (self->diagnostics);
  vigil_metrics_collector_add_supervisor (vigil_metrics_get_collector (self->metrics), self->supervisor);
  if (!vigil_metrics_start (self->metrics, address, error))
    {
      g_clear_object (&self->metrics);
      return FALSE;
    }
  url = vigil_metrics_server_dup_url (vigil_metrics_get_server (self->metrics));
  g_message ("Metrics at %s", url);
  return TRUE;
}

static int
vigil_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *camera = NULL;
  g_autoptr(GError) error = NULL;
  const char *faults;
  int status;

  if (vigil_application_open_from_command_line (self, command_line, options, &status))
    return status;
  if (g_variant_dict_lookup (options, "camera", "s", &camera))
    {
      g_free (self->camera_option);
      self->camera_option = g_steal_pointer (&camera);
    }
  if (g_variant_dict_contains (options, "simulate"))
    self->simulate = TRUE;
  g_variant_dict_lookup (options, "log-file", "^ay", &self->log_file);
  g_variant_dict_lookup (options, "snapshot-dir", "^ay", &self->snapshot_dir);

  if (self->log_file != NULL &&
      !vigil_events_set_log_file (vigil_diagnostics_get_events (self->diagnostics), self->log_file, &error))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 2;
    }
  if (self->log_file != NULL)
    g_signal_connect_object (vigil_diagnostics_get_events (self->diagnostics), "event-added",
                             G_CALLBACK (on_event_added), self, 0);

  faults = g_getenv ("VIGIL_FAULTS");
  if (faults != NULL &&
      !vigil_faults_parse (vigil_diagnostics_get_faults (self->diagnostics), faults, &error))
    {
      g_application_command_line_printerr (command_line, "VIGIL_FAULTS: %s\n", error->message);
      return 2;
    }

  if (self->camera_option != NULL && self->simulate)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Use either --camera or --simulate, not both"));
      return 2;
    }
  if (!vigil_camera_actions_preset_features (self, options, &error))
    {
      g_application_command_line_printerr (command_line, "--feature: %s\n", error->message);
      return 2;
    }
  if (!start_metrics (self, options, &error))
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 2;
    }

  g_application_activate (app);
  return 0;
}

static void
vigil_application_shutdown (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);

  g_cancellable_cancel (self->discovery);
  g_clear_handle_id (&self->verdict_check_id, g_source_remove);
  /* Close the camera before the windows go, then end the simulator.  A
   * frozen camera takes up to 7.5 s to close; do not wait longer than
   * that, the process is ending anyway. */
  vigil_supervisor_shutdown (self->supervisor, SHUTDOWN_TIMEOUT_MS);
  if (self->metrics != NULL)
    vigil_metrics_stop (self->metrics);
  if (self->sim_camera != NULL)
    vigil_sim_camera_stop (self->sim_camera);

  G_APPLICATION_CLASS (vigil_application_parent_class)->shutdown (app);
}

static void
export_snapshot_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  vigil_application_export_snapshot (VIGIL_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

/* Every second: on the verdict's turn to LEAK, one snapshot into the
 * snapshot folder. */
static gboolean
check_verdict (gpointer user_data)
{
  VigilApplication *self = user_data;
  g_autoptr(VigilVerdict) verdict = vigil_history_get_verdict (vigil_diagnostics_get_history (self->diagnostics));
  VigilVerdictStatus previous = self->last_status;

  self->last_status = verdict->status;
  if (verdict->status == VIGIL_VERDICT_LEAK && previous != VIGIL_VERDICT_LEAK &&
      vigil_settings_get_boolean (self->settings, "auto-snapshot-on-leak"))
    {
      g_message ("The leak verdict turned to LEAK: exporting a snapshot");
      vigil_application_export_snapshot (self, "");
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
simulate (VigilApplication  *self,
          const char        *what,
          GError           **error)
{
  guint64 loss;

  if (g_str_equal (what, "control-lost"))
    {
      /* Goes through the live session: works for real cameras too. */
      vigil_supervisor_inject_loss (self->supervisor);
      return TRUE;
    }

  if (self->sim_camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("No simulated camera is running; choose “Simulated camera” first"));
      return FALSE;
    }

  if (g_str_equal (what, "freeze"))
    return vigil_sim_camera_freeze (self->sim_camera, error);
  if (g_str_equal (what, "thaw"))
    return vigil_sim_camera_thaw (self->sim_camera, error);
  if (g_str_equal (what, "unplug"))
    return vigil_sim_camera_unplug (self->sim_camera, error);
  if (g_str_equal (what, "replug"))
    return vigil_sim_camera_replug (self->sim_camera, error);
  /* "loss" alone is 5 %; "loss:N" is N packets per thousand, 0 restores. */
  if (g_str_equal (what, "loss"))
    return vigil_sim_camera_set_loss (self->sim_camera, 50, error);
  /* Digits only: no space, sign or fraction ("loss: 5" was taken). */
  if (g_str_has_prefix (what, "loss:") && g_ascii_isdigit (what[5]) &&
      g_ascii_string_to_unsigned (what + 5, 10, 0, 1000, &loss, NULL))
    return vigil_sim_camera_set_loss (self->sim_camera, (guint) loss, error);

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
               _("Unknown simulation “%s”; use freeze, thaw, unplug, replug, loss, loss:N or control-lost"), what);
  return FALSE;
}

static void
simulate_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VigilApplication *self = user_data;
  const char *what = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  vigil_diagnostics_post (self->diagnostics, VIGIL_EVENT_FAULT, 0, NULL, what, VIGIL_PHASE_NONE, NULL);
  if (!simulate (self, what, &error))
    vigil_application_report (self, error);
}

static void
arm_fault_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  VigilApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_faults_parse (vigil_diagnostics_get_faults (self->diagnostics),
                           g_variant_get_string (parameter, NULL), &error))
    vigil_application_report (self, error);
}

/* Radio state of one fault point in the menu: off, once or persistent. */
static void
fault_point_changed (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  VigilApplication *self = user_data;
  const char *point = g_action_get_name (G_ACTION (action)) + strlen ("fault-");
  g_autoptr(GError) error = NULL;

  if (!vigil_faults_arm (vigil_diagnostics_get_faults (self->diagnostics), point,
                         g_variant_get_string (state, NULL), &error))
    {
      vigil_application_report (self, error);
      return;
    }
  g_simple_action_set_state (action, state);
}

static void
add_fault_actions (VigilApplication *self)
{
  const char * const *points = vigil_faults_list_points ();

  for (guint i = 0; points[i]; i++)
    {
      g_autofree char *name = g_strconcat ("fault-", points[i], NULL);
      g_autoptr(GSimpleAction) action = g_simple_action_new_stateful (name, G_VARIANT_TYPE_STRING,
                                                                       g_variant_new_string ("off"));

      g_signal_connect_object (action, "change-state", G_CALLBACK (fault_point_changed), self, 0);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}

static void
leak_demo_changed (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  VigilApplication *self = user_data;

  vigil_faults_set_leak_demo (vigil_diagnostics_get_faults (self->diagnostics), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
screenshot_done (const GError *error,
                 gpointer      user_data)
{
  if (error != NULL)
    vigil_application_report (VIGIL_APPLICATION (user_data), error);
}

static void
screenshot_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  VigilApplication *self = user_data;
  VigilWindow *window = get_window (self);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_FAILED, _("There is no window to take a screenshot of"));
  else if (*path == '\0')
    g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT, _("The screenshot needs a file path"));
  else
    {
      vigil_widget_save_png_when_drawn (GTK_WIDGET (window), path, screenshot_done, self);
      return;
    }
  vigil_application_report (self, error);
}

static void
save_frame_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  vigil_application_save_frame (VIGIL_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  VigilApplication *self = user_data;
  static const char *developers[] = { "The Vigil developers", NULL };

  gtk_show_about_dialog (GTK_WINDOW (get_window (self)),
                         "program-name", _("Vigil"),
                         "logo-icon-name", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("A GenICam camera viewer that shows what the process holds"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "website", "https://github.com/vigilcam/vigil",
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  VigilApplication *self = user_data;
  GtkWidget *window = vigil_preferences_window_new (GTK_WINDOW (get_window (self)), self->settings);

  gtk_window_present (GTK_WINDOW (window));
}

static void
features_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  VigilApplication *self = user_data;

  vigil_features_window_present_for (GTK_APPLICATION (self), self->supervisor);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static gboolean
on_terminate_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
vigil_application_startup (GApplication *app)
{
  VigilApplication *self = VIGIL_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "simulate", simulate_activated, "s", NULL, NULL },
    { "arm-fault", arm_fault_activated, "s", NULL, NULL },
    { "leak-demo", NULL, NULL, "false", leak_demo_changed },
    { "screenshot", screenshot_activated, "s", NULL, NULL },
    { "export-snapshot", export_snapshot_activated, "s", NULL, NULL },
    { "open-snapshot", vigil_application_open_snapshot_activated, "s", NULL, NULL },
    { "save-frame", save_frame_activated, "s", NULL, NULL },
    { "about", about_activated, NULL, NULL, NULL },
    { "preferences", preferences_activated, NULL, NULL, NULL },
    { "features", features_activated, NULL, NULL, NULL },
    { "quit", quit_activated, NULL, NULL, NULL },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *play_accels[] = { "<Control>p", NULL };
  static const char *refresh_accels[] = { "F5", NULL };
  static const char *panel_accels[] = { "F9", NULL };
  static const char *features_accels[] = { "<Control><Shift>f", NULL };
  static const char *save_frame_accels[] = { "<Control>s", NULL };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (vigil_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  add_fault_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.export-snapshot", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.play", play_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.refresh-cameras", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-panel", panel_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.features", features_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.save-frame('')", save_frame_accels);

  gtk_css_provider_load_from_resource (css, "/io/github/vigilcam/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* Quit cleanly on SIGTERM/SIGINT so the camera is closed and the
   * simulated camera ended (a SIGKILL is covered by its death signal). */
  g_unix_signal_add (SIGTERM, on_terminate_signal, self);
  g_unix_signal_add (SIGINT, on_terminate_signal, self);

  self->diagnostics = vigil_diagnostics_new ();
  self->supervisor = vigil_supervisor_new (self->diagnostics);
  /* VIGIL_PLAIN_UDP_ON_LOOPBACK=1: a camera on loopback (a simulated one)
   * streams over plain UDP, as in vigil-soak, instead of Aravis's packet
   * socket, whose 32 MB ring makes private memory jump by 32 MB between
   * samples (the GUI soak test measures private memory per reconnect).
   * Not the default: over plain UDP a software-triggered 512x512 camera
   * switched to trigger mode while streaming delivered no frame. */
  if (g_strcmp0 (g_getenv ("VIGIL_PLAIN_UDP_ON_LOOPBACK"), "1") == 0)
    vigil_supervisor_set_plain_udp (self->supervisor, TRUE);
  vigil_events_set_journal (vigil_diagnostics_get_events (self->diagnostics), TRUE);
  /* Settings are read here, once, and passed down (again on each change). */
  self->settings = vigil_settings_new ();
  vigil_settings_apply (self->settings, self->diagnostics, self->supervisor);
  vigil_camera_actions_install (self, self->supervisor);

  self->last_status = VIGIL_VERDICT_PASS;
  self->verdict_check_id = g_timeout_add_seconds (VERDICT_CHECK_S, check_verdict, self);
}

static void
vigil_application_dispose (GObject *object)
{
  VigilApplication *self = (VigilApplication *) object;

  g_clear_object (&self->discovery);
  g_clear_handle_id (&self->verdict_check_id, g_source_remove);
  g_clear_object (&self->supervisor);
  g_clear_object (&self->settings);
  g_clear_object (&self->diagnostics);
  g_clear_object (&self->sim_camera);
  g_clear_object (&self->metrics);

  G_OBJECT_CLASS (vigil_application_parent_class)->dispose (object);
}

static void
vigil_application_finalize (GObject *object)
{
  VigilApplication *self = (VigilApplication *) object;

  g_free (self->camera_option);
  g_free (self->log_file);
  g_free (self->snapshot_dir);

  G_OBJECT_CLASS (vigil_application_parent_class)->finalize (object);
}

static void
vigil_application_class_init (VigilApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vigil_application_dispose;
  object_class->finalize = vigil_application_finalize;
  app_class->startup = vigil_application_startup;
  app_class->activate = vigil_application_activate;
  app_class->command_line = vigil_application_command_line;
  app_class->open = vigil_application_open_files;
  app_class->handle_local_options = vigil_application_handle_local_options;
  app_class->shutdown = vigil_application_shutdown;
}

static void
vigil_application_init (VigilApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A GenICam camera viewer with a live diagnostics panel."));
}

VigilApplication *
vigil_application_new (void)
{
  return g_object_new (VIGIL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/vigilcam/Vigil",
                       NULL);
}

/**
 * vigil_application_get_diagnostics:
 *
 * Returns: (transfer none): the process's diagnostics
 */
VigilDiagnostics *
vigil_application_get_diagnostics (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->diagnostics;
}

/**
 * vigil_application_get_settings:
 *
 * Returns: (transfer none): the settings
 */
VigilSettings *
vigil_application_get_settings (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * vigil_application_dup_snapshot_dir:
 *
 * Returns: (transfer full): where snapshots go: --snapshot-dir, else the
 *   snapshot-folder setting, else $XDG_STATE_HOME/vigil/snapshots
 */
char *
vigil_application_dup_snapshot_dir (VigilApplication *self)
{
  g_autofree char *setting = NULL;

  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);

  if (self->snapshot_dir != NULL)
    return g_strdup (self->snapshot_dir);
  setting = vigil_settings_dup_string (self->settings, "snapshot-folder");
  if (*setting != '\0')
    return g_steal_pointer (&setting);
  return vigil_snapshot_default_dir ();
}

/**
 * vigil_application_get_log_file:
 *
 * Returns: (nullable): the --log-file path
 */
const char *
vigil_application_get_log_file (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->log_file;
}

/**
 * vigil_application_get_supervisor:
 *
 * Returns: (transfer none): the supervisor of the shown camera
 */
VigilSupervisor *
vigil_application_get_supervisor (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), NULL);
  return self->supervisor;
}

/**
 * vigil_application_open_camera:
 * @camera_id: (nullable): an Aravis device id or IP address; %NULL for the
 *   simulated camera, which is started first when needed
 *
 * Returns: %FALSE with @error set when the simulated camera cannot start;
 *   failures to open a camera arrive later as #VigilSupervisor::error
 */
gboolean
vigil_application_open_camera (VigilApplication  *self,
                               const char        *camera_id,
                               GError           **error)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), FALSE);

  if (camera_id == NULL)
    {
      if (self->sim_camera == NULL)
        self->sim_camera = vigil_sim_camera_new (sim_address (), NULL);
      if (!vigil_sim_camera_is_running (self->sim_camera) &&
          !vigil_sim_camera_start (self->sim_camera, error))
        return FALSE;
      camera_id = vigil_sim_camera_get_address (self->sim_camera);
    }

  vigil_supervisor_open (self->supervisor, camera_id);
  /* Remembered for the next start ("" for the simulated camera). */
  if (vigil_settings_get_gsettings (self->settings) != NULL)
    g_settings_set_string (vigil_settings_get_gsettings (self->settings), "last-camera",
                           vigil_application_is_simulated (self, camera_id) ? "" : camera_id);
  return TRUE;
}

/* Whether @camera_id names the simulated camera. */
gboolean
vigil_application_is_simulated (VigilApplication *self,
                                const char       *camera_id)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), FALSE);
  return self->sim_camera != NULL &&
         g_strcmp0 (camera_id, vigil_sim_camera_get_address (self->sim_camera)) == 0;
}
