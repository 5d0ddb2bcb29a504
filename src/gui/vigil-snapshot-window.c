/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-snapshot-compare.h"
#include "vigil-snapshot-load.h"
#include "vigil-snapshot-summary.h"
#include "vigil-snapshot-window-private.h"
#include "vigil-snapshot-window.h"
#include "vigil-utf8.h"
#include "vigil-widget-png.h"

/* A diagnostic snapshot read like the live panel, in a window of its own
 * and read-only: the verdict and its reasons on top, the charts of its
 * series (time in the snapshot's clock, a range that can end anywhere)
 * beside the pairs graph and session table (unpaired and orphans first),
 * the event log with its filters, the details (process figures, faults,
 * camera, settings, the explanation), its fds, and the difference to a
 * second snapshot of the same host.  Window actions, also over D-Bus on
 * the window's path: win.snapshot-summary (read-only state a{sv}: what
 * the window shows, for tests and scripts), win.compare (s: a second
 * snapshot's path), win.compare-dialog, win.screenshot (s: a PNG path),
 * win.show-page (u: 0 sessions, 1 events, 2 details, 3 fds, 4 the
 * difference). */

G_DEFINE_FINAL_TYPE (VigilSnapshotWindow, vigil_snapshot_window, GTK_TYPE_APPLICATION_WINDOW)


/**
 * vigil_snapshot_models_open:
 * @file: a snapshot file
 *
 * Reads @file within the limits of vigil-soak --explain (a regular file,
 * at most 64 MiB, nested at most 64 deep) and builds the panel's models.
 *
 * Returns: (transfer full) (nullable): the models, or %NULL with @error
 *   saying in words why the file is not a snapshot Vigil can show
 */
VigilSnapshotModels *
vigil_snapshot_models_open (GFile   *file,
                            GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *shown = vigil_utf8_sanitize_bounded (name, -1, VIGIL_UTF8_NAME_MAX);
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) document = NULL;
  VigilSnapshotModels *models = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (path == NULL)
    g_set_error_literal (&local, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                         _("Only a file on this computer can be opened"));
  else if ((document = vigil_snapshot_load (path, &local)) != NULL)
    models = vigil_snapshot_models_new (document, &local);
  else if (local->domain == JSON_PARSER_ERROR)
    g_prefix_error (&local, _("Not valid JSON (a truncated file?): "));
  if (models == NULL)
    /* Translators: a file name; the reason follows. */
    g_propagate_prefixed_error (error, g_steal_pointer (&local), _("Could not open %s: "), shown);
  return models;
}

/* Rows of the session table that are in view, unpaired, and resources
 * under an Event kind row. */
static guint
count_unpaired_event_rows (VigilSnapshotWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, i);
      g_autoptr(VigilPairsRow) item = gtk_tree_list_row_get_item (row);
      g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);
      g_autoptr(VigilPairsRow) kind = parent != NULL ? gtk_tree_list_row_get_item (parent) : NULL;

      if (vigil_pairs_row_get_row_type (item) == VIGIL_PAIRS_ROW_RESOURCE && vigil_pairs_row_get_unpaired (item) &&
          kind != NULL && vigil_pairs_row_get_key (kind) == VIGIL_RESOURCE_EVENT)
        count++;
    }
  return count;
}

/* Steps up in the fd chart, in the time shown. */
static guint
count_fd_steps (VigilChartModel *fds)
{
  guint n = vigil_chart_model_get_n_points (fds);
  guint steps = 0;

  for (guint i = 1; i < n; i++)
    if (vigil_chart_model_get_value (fds, i, 0) > vigil_chart_model_get_value (fds, i - 1, 0))
      steps++;
  return steps;
}

void
vigil_snapshot_window_update_summary (VigilSnapshotWindow *self)
{
  JsonObject *root = vigil_snapshot_models_get_root (self->models);
  VigilChartModel *fds = vigil_snapshot_models_get_chart (self->models, VIGIL_SNAPSHOT_CHART_FDS);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *title = vigil_snapshot_models_dup_title (self->models);
  g_autofree char *status = vigil_snapshot_summary_dup_status (root);
  g_autofree char *reasons = vigil_snapshot_summary_dup_reasons (root);

  g_variant_dict_insert (&dict, "title", "s", title);
  g_variant_dict_insert (&dict, "verdict", "s", status);
  g_variant_dict_insert (&dict, "reasons", "s", reasons);
  g_variant_dict_insert (&dict, "unpaired-event-rows", "u", count_unpaired_event_rows (self));
  g_variant_dict_insert (&dict, "unpaired", "u", vigil_pairs_model_get_n_unpaired (vigil_snapshot_models_get_pairs (self->models)));
  g_variant_dict_insert (&dict, "fd-points", "u", vigil_chart_model_get_n_points (fds));
  g_variant_dict_insert (&dict, "fd-steps", "u", count_fd_steps (fds));
  g_variant_dict_insert (&dict, "events", "u", g_list_model_get_n_items (vigil_snapshot_models_get_events (self->models)));
  g_variant_dict_insert (&dict, "missing", "^as", vigil_snapshot_models_get_missing (self->models));
  g_variant_dict_insert (&dict, "compare", "s", self->compare_text != NULL ? self->compare_text : "");
  g_simple_action_set_state (self->summary_action, g_variant_dict_end (&dict));
}

static GtkWidget *
header_bar (VigilSnapshotWindow *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *title = vigil_snapshot_models_dup_title (self->models);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *shown = vigil_utf8_sanitize_bounded (name, -1, VIGIL_UTF8_NAME_MAX);
  /* Translators: the snapshot's file name. */
  g_autofree char *subtitle = g_strdup_printf (_("Read-only · %s"), shown);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label = gtk_label_new (subtitle);
  GtkWidget *compare = gtk_button_new_with_mnemonic (_("_Compare…"));

  gtk_widget_add_css_class (title_label, "title");
  gtk_widget_add_css_class (subtitle_label, "subtitle");
  gtk_label_set_ellipsize (GTK_LABEL (subtitle_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (titles), title_label);
  gtk_box_append (GTK_BOX (titles), subtitle_label);
  gtk_header_bar_set_title_widget (GTK_HEADER_BAR (header), titles);
  gtk_widget_set_tooltip_text (compare, _("Compare with a second snapshot of the same host"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (compare), "win.compare-dialog");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), compare);
  gtk_window_set_title (GTK_WINDOW (self), title);
  return header;
}

static void
show_compare (VigilSnapshotWindow *self,
              const char          *text)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  int page;

  if (self->compare_page != NULL)
    gtk_notebook_remove_page (self->notebook, gtk_notebook_page_num (self->notebook, self->compare_page));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  self->compare_page = scrolled;
  page = gtk_notebook_append_page (self->notebook, scrolled, gtk_label_new (_("Difference")));
  gtk_notebook_set_current_page (self->notebook, page);
}

/**
 * vigil_snapshot_window_compare:
 * @file: a second snapshot of the same host
 *
 * Shows what differs between the two (the earlier is "before") on a page
 * of its own.
 *
 * Returns: %FALSE with @error set in words when @file cannot be read or
 *   is of another host
 */
gboolean
vigil_snapshot_window_compare (VigilSnapshotWindow  *self,
                               GFile                *file,
                               GError              **error)
{
  g_autoptr(VigilSnapshotModels) other = NULL;
  g_autoptr(VigilSnapshotDiff) diff = NULL;

  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(other = vigil_snapshot_models_open (file, error)))
    return FALSE;
  diff = vigil_snapshot_compare (vigil_snapshot_models_get_root (self->models),
                                 vigil_snapshot_models_get_root (other), error);
  if (diff == NULL)
    return FALSE;
  g_free (self->compare_text);
  self->compare_text = vigil_snapshot_diff_describe (diff);
  show_compare (self, self->compare_text);
  vigil_snapshot_window_update_summary (self);
  return TRUE;
}

static void
show_error (GtkWindow    *parent,
            const GError *error)
{
  GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", error->message);

  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
compare_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  VigilSnapshotWindow *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  if (!vigil_snapshot_window_compare (self, file, &error))
    {
      g_free (self->compare_text);
      self->compare_text = g_strdup (error->message);
      vigil_snapshot_window_update_summary (self);
      show_error (GTK_WINDOW (self), error);
    }
}

static void
on_compare_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  VigilSnapshotWindow *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      !vigil_snapshot_window_compare (self, file, &error))
    show_error (GTK_WINDOW (self), error);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
compare_dialog_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  VigilSnapshotWindow *self = user_data;
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Compare with Snapshot"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Compare"),
                                                              _("_Cancel"));
  g_autoptr(GFile) folder = g_file_get_parent (self->file);

  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_compare_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
screenshot_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_widget_save_png (GTK_WIDGET (user_data), g_variant_get_string (parameter, NULL), &error))
    show_error (GTK_WINDOW (user_data), error);
}

/* win.show-page (u): the page to show, 0 for the summary. */
static void
show_page_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  VigilSnapshotWindow *self = user_data;
  guint page = g_variant_get_uint32 (parameter);

  if (page < (guint) gtk_notebook_get_n_pages (self->notebook))
    gtk_notebook_set_current_page (self->notebook, (int) page);
}

/* Read-only: a request to change the state is ignored. */
static void
summary_change_state (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
}

static void
add_actions (VigilSnapshotWindow *self)
{
  static const GActionEntry entries[] = {
    { "compare", compare_activated, "s", NULL, NULL },
    { "compare-dialog", compare_dialog_activated, NULL, NULL, NULL },
    { "screenshot", screenshot_activated, "s", NULL, NULL },
    { "show-page", show_page_activated, "u", NULL, NULL },
  };
  g_autoptr(GVariantDict) empty = g_variant_dict_new (NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  self->summary_action = g_simple_action_new_stateful ("snapshot-summary", NULL, g_variant_dict_end (empty));
  g_signal_connect (self->summary_action, "change-state", G_CALLBACK (summary_change_state), NULL);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (self->summary_action));
}

static void
vigil_snapshot_window_dispose (GObject *object)
{
  VigilSnapshotWindow *self = (VigilSnapshotWindow *) object;

  if (self->sessions_view != NULL)
    gtk_column_view_set_model (self->sessions_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->summary_action);
  g_clear_object (&self->models);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (vigil_snapshot_window_parent_class)->dispose (object);
}

static void
vigil_snapshot_window_finalize (GObject *object)
{
  VigilSnapshotWindow *self = (VigilSnapshotWindow *) object;

  g_free (self->compare_text);

  G_OBJECT_CLASS (vigil_snapshot_window_parent_class)->finalize (object);
}

static void
vigil_snapshot_window_class_init (VigilSnapshotWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_snapshot_window_dispose;
  object_class->finalize = vigil_snapshot_window_finalize;
}

static void
vigil_snapshot_window_init (VigilSnapshotWindow *self)
{
  add_actions (self);
  gtk_widget_add_css_class (GTK_WIDGET (self), "vigil-snapshot");
  gtk_window_set_default_size (GTK_WINDOW (self), 1360, 860);
}

/**
 * vigil_snapshot_window_new:
 * @models: a snapshot's models (vigil_snapshot_models_open ())
 * @file: where it was read from
 *
 * Returns: (transfer none): a new window of @application showing @models
 */
VigilSnapshotWindow *
vigil_snapshot_window_new (GtkApplication      *application,
                           VigilSnapshotModels *models,
                           GFile               *file)
{
  VigilSnapshotWindow *self;
  GtkWidget *notebook, *paned, *box;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (models), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (VIGIL_TYPE_SNAPSHOT_WINDOW, "application", application, NULL);
  self->models = g_object_ref (models);
  self->file = g_object_ref (file);
  gtk_window_set_titlebar (GTK_WINDOW (self), header_bar (self));

  notebook = gtk_notebook_new ();
  self->notebook = GTK_NOTEBOOK (notebook);
  gtk_notebook_append_page (self->notebook, vigil_snapshot_window_sessions_page (self), gtk_label_new (_("Sessions")));
  gtk_notebook_append_page (self->notebook, vigil_snapshot_window_events_page (self), gtk_label_new (_("Events")));
  gtk_notebook_append_page (self->notebook, vigil_snapshot_details_new (models), gtk_label_new (_("Details")));
  gtk_notebook_append_page (self->notebook, vigil_snapshot_process_new (vigil_snapshot_models_get_root (models)),
                            gtk_label_new (_("Open fds")));
  /* Like the live panel: the verdict on top, the charts beside the
   * sessions, so one look shows the leak, its steps and what left it. */
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), vigil_snapshot_window_charts_page (self));
  gtk_paned_set_end_child (GTK_PANED (paned), notebook);
  gtk_paned_set_position (GTK_PANED (paned), 560);
  gtk_widget_set_vexpand (paned, TRUE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (box), vigil_snapshot_verdict_new (models));
  gtk_box_append (GTK_BOX (box), paned);
  gtk_window_set_child (GTK_WINDOW (self), box);
  vigil_snapshot_window_update_summary (self);
  return self;
}
