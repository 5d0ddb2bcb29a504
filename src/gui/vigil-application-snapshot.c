/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-application-snapshot"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "vigil-application-private.h"
#include "vigil-error.h"
#include "vigil-snapshot.h"
#include "vigil-window.h"

/* The application exports the diagnostic snapshot: from the menu,
 * over D-Bus (app.export-snapshot) and on the verdict's turn to LEAK. */

/* What the snapshot records as settings: every setting, and the command
 * line's files. */
static GVariant *
snapshot_settings (VigilApplication *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) settings = vigil_settings_to_variant (vigil_application_get_settings (self));
  const char *log_file = vigil_application_get_log_file (self);
  g_autofree char *log_display = log_file ? g_filename_display_name (log_file) : g_strdup ("");
  g_autofree char *folder = vigil_application_dup_snapshot_dir (self);
  g_autofree char *folder_display = g_filename_display_name (folder);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, settings);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_variant_builder_add (&builder, "{sv}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&builder, "{sv}", "log-file-option", g_variant_new_string (log_display));
  g_variant_builder_add (&builder, "{sv}", "snapshot-dir-in-use", g_variant_new_string (folder_display));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* Main thread.  Reads the supervisor's published state and the
 * diagnostics only: never waits for the camera. */
static JsonNode *
build_snapshot (VigilApplication *self)
{
  g_autoptr(GVariant) settings = snapshot_settings (self);
  g_autofree char *gtk_version = g_strdup_printf ("%u.%u.%u", gtk_get_major_version (),
                                                  gtk_get_minor_version (), gtk_get_micro_version ());
  VigilFrameCounts counts = { 0 };
  VigilStreamStatsInfo stream_stats;
  VigilSnapshotSource source = {
    .diagnostics = vigil_application_get_diagnostics (self),
    .state = vigil_supervisor_state_to_string (vigil_supervisor_get_state (vigil_application_get_supervisor (self))),
    .camera_id = vigil_supervisor_get_camera_id (vigil_application_get_supervisor (self)),
    .reconnects = vigil_supervisor_get_reconnects (vigil_application_get_supervisor (self)),
    .liveness = vigil_liveness_state_to_string (vigil_supervisor_get_liveness (vigil_application_get_supervisor (self))),
    .stream_restarts = vigil_supervisor_get_stream_restarts (vigil_application_get_supervisor (self)),
    .triggers = vigil_supervisor_get_triggers (vigil_application_get_supervisor (self)),
    .last_error = vigil_supervisor_get_last_error (vigil_application_get_supervisor (self)),
    .controls = vigil_supervisor_get_controls (vigil_application_get_supervisor (self)),
    .counts = &counts,
    .settings = settings,
    .gtk_version = gtk_version,
    .stream_stats = &stream_stats,
  };

  vigil_frame_sink_get_counts (vigil_supervisor_get_sink (vigil_application_get_supervisor (self)), &counts);
  vigil_stream_stats_get (vigil_supervisor_get_stream_stats (vigil_application_get_supervisor (self)), &stream_stats);
  return vigil_snapshot_build (&source);
}

/* Whether @path has a ".." component (the snapshot's and Save Frame's
 * relative paths stay inside the snapshot folder). */
gboolean
vigil_application_path_climbs_up (const char *path)
{
  g_auto(GStrv) parts = g_strsplit_set (path, G_DIR_SEPARATOR_S "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return TRUE;
  return FALSE;
}

/* The snapshot file for @path: @path itself when absolute; a relative
 * @path inside the snapshot folder (--snapshot-dir, else the default one,
 * created), never the working directory, and refused when it climbs out
 * with ".."; a new name in that folder when empty. */
static char *
snapshot_path (VigilApplication  *self,
               const char        *path,
               GError           **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  if (path != NULL && *path != '\0' && g_path_is_absolute (path))
    return g_strdup (path);
  if (path != NULL && *path != '\0' && vigil_application_path_climbs_up (path))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Could not write the snapshot “%s”: a relative path must stay inside the snapshot folder"),
                   display);
      return NULL;
    }

  folder = vigil_application_dup_snapshot_dir (self);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO, _("Could not create the snapshot folder “%s”: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }
  name = path != NULL && *path != '\0' ? g_strdup (path) : vigil_snapshot_default_name ();
  return g_build_filename (folder, name, NULL);
}

static void
report_export_failure (VigilApplication *self,
                       const GError     *error)
{
  vigil_application_report (self, error);
  vigil_diagnostics_post (vigil_application_get_diagnostics (self), VIGIL_EVENT_ERROR, 0,
                          vigil_supervisor_get_camera_id (vigil_application_get_supervisor (self)), "export-snapshot",
                          VIGIL_PHASE_NONE, error);
}

typedef struct
{
  VigilApplication *self;
  char             *path;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_free (data->path);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
on_snapshot_written (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (!vigil_snapshot_write_finish (result, &error))
    {
      report_export_failure (data->self, error);
      return;
    }
  window = gtk_application_get_active_window (GTK_APPLICATION (data->self));
  if (VIGIL_IS_WINDOW (window))
    vigil_window_snapshot_written (VIGIL_WINDOW (window), data->path);
  g_message ("Snapshot written to %s", data->path);
}

/**
 * vigil_application_export_snapshot:
 * @path: the file to write; empty for a new name in the snapshot folder
 *
 * Builds the snapshot now, on the main thread (it reads the diagnostics
 * and the supervisor's published state, never the camera), and writes it
 * off the main thread.  A failure reaches the window and the event log.
 */
void
vigil_application_export_snapshot (VigilApplication *self,
                                   const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(ExportData) data = g_new0 (ExportData, 1);
  const char *target;

  data->path = snapshot_path (self, path, &error);
  if (data->path == NULL)
    {
      report_export_failure (self, error);
      return;
    }
  data->self = g_object_ref (self);
  target = data->path;
  document = build_snapshot (self);
  vigil_snapshot_write_async (document, target, NULL, on_snapshot_written, g_steal_pointer (&data));
}

static void
on_export_response (GtkNativeDialog  *dialog,
                    int               response,
                    VigilApplication *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        vigil_application_export_snapshot (self, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * vigil_application_choose_snapshot:
 * @parent: (nullable): the window the file chooser belongs to
 *
 * Asks where to write a snapshot (the snapshot folder and a default name
 * proposed), then exports it there.
 */
void
vigil_application_choose_snapshot (VigilApplication *self,
                                   GtkWindow        *parent)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = vigil_snapshot_default_name ();
  g_autofree char *folder_path = vigil_application_dup_snapshot_dir (self);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

  dialog = gtk_file_chooser_native_new (_("Export Diagnostic Snapshot"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  g_mkdir_with_parents (folder_path, 0700);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
