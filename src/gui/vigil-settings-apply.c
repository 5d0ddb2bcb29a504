/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-settings-apply"

#include "config.h"

#include "vigil-settings-apply.h"

/* The application hands the settings to the diagnostics and the supervisor
 * and does so again on every change, so a Preferences edit takes effect
 * without a restart.  VigilSettings itself only reads and writes them; what
 * was applied is kept beside it (its object data), so the settings, the
 * diagnostics and the supervisor know nothing of each other. */

#define APPLIED_KEY "vigil-settings-applied"

typedef struct
{
  GWeakRef  diagnostics;
  GWeakRef  supervisor;
  guint     history_window_points;   /* applied, 0 before */
  char     *log_file;                /* applied */
} Applied;

static void
applied_free (Applied *applied)
{
  g_weak_ref_clear (&applied->diagnostics);
  g_weak_ref_clear (&applied->supervisor);
  g_free (applied->log_file);
  g_free (applied);
}

static void
apply_to_supervisor (VigilSettings   *settings,
                     VigilSupervisor *supervisor)
{
  vigil_supervisor_set_watchdog (supervisor,
                                 vigil_settings_get_uint (settings, "watchdog-frame-intervals"),
                                 vigil_settings_get_uint (settings, "watchdog-margin-ms"));
  vigil_supervisor_set_backoff (supervisor,
                                vigil_settings_get_uint (settings, "backoff-initial-ms"),
                                vigil_settings_get_uint (settings, "backoff-max-ms"));
}

static void
apply_to_diagnostics (VigilSettings    *settings,
                      Applied          *applied,
                      VigilDiagnostics *diagnostics)
{
  guint window_s = vigil_settings_get_uint (settings, "history-window-s");
  guint sample_ms = MAX (1, vigil_settings_get_uint (settings, "sample-interval-ms"));
  g_autofree char *log_file = vigil_settings_dup_string (settings, "log-file");
  guint points;

  /* The log-file setting, when set or changed (--log-file wins at start). */
  if (*log_file != '\0' && g_strcmp0 (log_file, applied->log_file) != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!vigil_events_set_log_file (vigil_diagnostics_get_events (diagnostics), log_file, &error))
        g_message ("%s", error->message);
      g_free (applied->log_file);
      applied->log_file = g_strdup (log_file);
    }
  vigil_events_set_capacity (vigil_diagnostics_get_events (diagnostics),
                             vigil_settings_get_uint (settings, "event-ring-size"));
  vigil_diagnostics_start_heartbeat (diagnostics,
                                     vigil_settings_get_uint (settings, "heartbeat-interval-s") * 1000);
  points = (guint) MAX (1, (guint64) window_s * 1000 / sample_ms);

  /* Resizing clears the series: only when the window really changed. */
  if (points != applied->history_window_points)
    {
      vigil_history_set_capacity (vigil_diagnostics_get_history (diagnostics), points,
                                  VIGIL_HISTORY_DEFAULT_RECONNECT_CAPACITY);
      applied->history_window_points = points;
    }
}

static void
apply_now (VigilSettings *settings)
{
  Applied *applied = g_object_get_data (G_OBJECT (settings), APPLIED_KEY);
  g_autoptr(VigilDiagnostics) diagnostics = g_weak_ref_get (&applied->diagnostics);
  g_autoptr(VigilSupervisor) supervisor = g_weak_ref_get (&applied->supervisor);

  if (supervisor != NULL)
    apply_to_supervisor (settings, supervisor);
  if (diagnostics != NULL)
    apply_to_diagnostics (settings, applied, diagnostics);
}

/**
 * vigil_settings_apply:
 * @diagnostics: (nullable): gets the event ring size, heartbeat interval and
 *   history window
 * @supervisor: (nullable): gets the watchdog and backoff
 *
 * Applies the settings now and again after every change.  Main thread.
 */
void
vigil_settings_apply (VigilSettings    *settings,
                      VigilDiagnostics *diagnostics,
                      VigilSupervisor  *supervisor)
{
  Applied *applied;

  g_return_if_fail (VIGIL_IS_SETTINGS (settings));

  applied = g_object_get_data (G_OBJECT (settings), APPLIED_KEY);
  if (applied == NULL)
    {
      GSettings *gsettings = vigil_settings_get_gsettings (settings);

      applied = g_new0 (Applied, 1);
      g_weak_ref_init (&applied->diagnostics, NULL);
      g_weak_ref_init (&applied->supervisor, NULL);
      g_object_set_data_full (G_OBJECT (settings), APPLIED_KEY, applied, (GDestroyNotify) applied_free);
      /* Disconnected when @settings goes, with what it applied. */
      if (gsettings != NULL)
        g_signal_connect_object (gsettings, "changed", G_CALLBACK (apply_now), settings, G_CONNECT_SWAPPED);
    }
  g_weak_ref_set (&applied->diagnostics, diagnostics);
  g_weak_ref_set (&applied->supervisor, supervisor);
  apply_now (settings);
}
