/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-features-files"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-feature-client.h"
#include "vigil-features-window-private.h"

/* Save… and Load… of the Features view: the camera's settings as a text
 * file (vigil-feature-settings.c), written and applied on the session
 * worker; what could not be set is listed, in words, above the tree. */

#define LISTED_MAX 20   /* problems listed; the rest are counted */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VigilFeaturesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint saved = 0;

  if (!vigil_feature_client_save_finish (result, &saved, &error))
    text = g_strdup_printf (_("The settings were not saved: %s"), error->message);
  else
    text = g_strdup_printf (_("Features saved: %u."), saved);
  vigil_features_window_show_status (self, text);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VigilFeaturesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = vigil_feature_client_load_finish (result, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  if (problems == NULL)
    g_string_printf (text, _("The settings were not loaded: %s"), error->message);
  else if (problems->len == 0)
    g_string_assign (text, _("Every setting of the file was written to the camera."));
  else
    g_string_printf (text, _("Lines of the file that could not be set: %u"), problems->len);
  for (guint i = 0; problems != NULL && i < problems->len && i < LISTED_MAX; i++)
    g_string_append_printf (text, "\n%s", (char *) problems->pdata[i]);
  if (problems != NULL && problems->len > LISTED_MAX)
    g_string_append_printf (text, _("\n… and %u more"), problems->len - LISTED_MAX);
  vigil_features_window_show_status (self, text->str);
  vigil_features_window_refresh (self);
}

void
vigil_features_window_save_to (VigilFeaturesWindow *self,
                               GFile               *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return;
  vigil_features_window_show_status (self, _("Saving the settings…"));
  vigil_feature_client_save_async (self->supervisor, path, NULL, on_saved, g_object_ref (self));
}

void
vigil_features_window_load_from (VigilFeaturesWindow *self,
                                 GFile               *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return;
  vigil_features_window_show_status (self, _("Writing the settings to the camera…"));
  vigil_feature_client_load_async (self->supervisor, path, NULL, on_loaded, g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog     *chooser,
                     int                  response,
                     VigilFeaturesWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
        vigil_features_window_save_to (self, file);
      else
        vigil_features_window_load_from (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose (VigilFeaturesWindow  *self,
        GtkFileChooserAction  action)
{
  gboolean save = action == GTK_FILE_CHOOSER_ACTION_SAVE;
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (save ? _("Save Camera Settings") : _("Load Camera Settings"),
                                 GTK_WINDOW (self), action, save ? _("_Save") : _("_Load"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "camera-settings.txt");
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  choose (VIGIL_FEATURES_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
load_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  choose (VIGIL_FEATURES_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

void
vigil_features_window_install_files (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "features.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "features.load", NULL, load_activated);
  /* No Ctrl+S here: the application's Ctrl+S (Save Frame) is global to
   * every window and GTK runs it first. */
}
