/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-application-open"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-application-private.h"
#include "vigil-snapshot-window.h"
#include "vigil-utf8.h"

/* The application opens diagnostic snapshots, each in a read-only window
 * of its own: `vigil --open FILE` (or files as arguments, as the desktop
 * file passes them), File → Open Snapshot… (app.open-snapshot, s: a path,
 * "" for a file chooser), a .json dropped on any window, and the D-Bus
 * Open call of a file manager.  A file that is not a snapshot, truncated,
 * too large, too deep or a folder is refused in words; the app keeps
 * running. */

static GtkWindow *
parent_window (VigilApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
show_error (VigilApplication *self,
            const GError     *error)
{
  GtkWindow *parent = parent_window (self);
  GtkWidget *dialog;

  g_message ("%s", error->message);
  if (parent == NULL)
    return;
  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_ERROR,
                                   GTK_BUTTONS_CLOSE, "%s", error->message);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Not a snapshot Vigil can show"));
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * vigil_application_open_snapshot:
 * @file: a snapshot file
 *
 * Opens @file in a new snapshot window.
 *
 * Returns: %FALSE with @error set in words when it cannot be shown
 */
gboolean
vigil_application_open_snapshot (VigilApplication  *self,
                                 GFile             *file,
                                 GError           **error)
{
  g_autoptr(VigilSnapshotModels) models = vigil_snapshot_models_open (file, error);
  VigilSnapshotWindow *window;

  if (models == NULL)
    return FALSE;
  window = vigil_snapshot_window_new (GTK_APPLICATION (self), models, file);
  vigil_application_add_snapshot_drop (self, GTK_WIDGET (window));
  gtk_window_present (GTK_WINDOW (window));
  return TRUE;
}

static void
open_or_say (VigilApplication *self,
             GFile            *file)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_application_open_snapshot (self, file, &error))
    show_error (self, error);
}

/**
 * vigil_application_open_from_command_line:
 * @status: (out): the exit status when %TRUE is returned
 *
 * Opens the snapshot of --open and the files given as arguments.
 *
 * Returns: whether the command line asked to open something (then it
 *   opened nothing else); errors go to the caller's standard error
 */
gboolean
vigil_application_open_from_command_line (VigilApplication        *self,
                                          GApplicationCommandLine *command_line,
                                          GVariantDict            *options,
                                          int                     *status)
{
  g_autofree char *option = NULL;
  g_auto(GStrv) argv = g_application_command_line_get_arguments (command_line, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  *status = 0;
  if (g_variant_dict_lookup (options, "open", "^ay", &option))
    g_ptr_array_add (files, g_application_command_line_create_file_for_arg (command_line, option));
  for (guint i = 1; argv != NULL && argv[i] != NULL; i++)
    g_ptr_array_add (files, g_application_command_line_create_file_for_arg (command_line, argv[i]));
  if (files->len == 0)
    return FALSE;

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!vigil_application_open_snapshot (self, g_ptr_array_index (files, i), &error))
        {
          g_autofree char *text = vigil_utf8_sanitize_bounded (error->message, -1, VIGIL_UTF8_MESSAGE_MAX);

          g_application_command_line_printerr (command_line, "%s\n", text);
          show_error (self, error);
          *status = 1;
        }
    }
  return TRUE;
}

/* GApplication::open: a file manager's D-Bus Open call. */
void
vigil_application_open_files (GApplication  *app,
                              GFile        **files,
                              int            n_files,
                              const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    open_or_say (VIGIL_APPLICATION (app), files[i]);
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  VigilApplication *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    open_or_say (self, file);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_snapshot_to_open (VigilApplication *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open Diagnostic Snapshot"), parent_window (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                              _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *folder_path = vigil_application_dup_snapshot_dir (self);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);

  gtk_file_filter_set_name (filter, _("Vigil snapshots (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/x-vigil-snapshot+json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  if (g_file_test (folder_path, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* app.open-snapshot (s): the path to open, or "" to choose one. */
void
vigil_application_open_snapshot_activated (GSimpleAction *action,
                                           GVariant      *parameter,
                                           gpointer       user_data)
{
  VigilApplication *self = user_data;
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = NULL;

  if (*path == '\0')
    {
      choose_snapshot_to_open (self);
      return;
    }
  file = g_file_new_for_path (path);
  open_or_say (self, file);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  VigilApplication *self = user_data;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    open_or_say (self, l->data);
  g_slist_free (files);
  return files != NULL;
}

/* Makes @widget open the snapshots dropped on it. */
void
vigil_application_add_snapshot_drop (VigilApplication *self,
                                     GtkWidget        *widget)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
}
