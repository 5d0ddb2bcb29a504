/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-features-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-feature-client.h"
#include "vigil-feature-list.h"
#include "vigil-features-window-private.h"

/* The Features view: the camera's GenICam tree, filtered by visibility and
 * search, with a details pane and editors (vigil-features-editor.c).  Only
 * the rows the list shows are read, in batches, one job at a time on the
 * session worker; polled features are read again at their polling time. */

#define READ_BATCH   48
#define FLUSH_MS     15
#define POLL_MS      250
#define LAYOUT_MS    50
#define LAYOUT_RETRIES 6

G_DEFINE_FINAL_TYPE (VigilFeaturesWindow, vigil_features_window, GTK_TYPE_WINDOW)

static void flush_reads (VigilFeaturesWindow *self);

static gboolean
flush_now (gpointer data)
{
  VigilFeaturesWindow *self = data;

  self->flush_id = 0;
  flush_reads (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (VigilFeaturesWindow *self)
{
  if (self->flush_id == 0 && !self->reading && self->pending->len > 0)
    {
      self->layout_retries = 0;
      self->flush_id = g_timeout_add (FLUSH_MS, flush_now, self);
    }
}

void
vigil_features_window_queue_read (VigilFeaturesWindow *self,
                                  const char          *name)
{
  if (g_hash_table_contains (self->pending_set, name))
    return;
  g_ptr_array_add (self->pending, g_strdup (name));
  g_hash_table_add (self->pending_set, self->pending->pdata[self->pending->len - 1]);
  schedule_flush (self);
}

void
vigil_features_window_apply_values (VigilFeaturesWindow *self,
                                    GPtrArray           *values)
{
  for (guint i = 0; self->model != NULL && values != NULL && i < values->len; i++)
    vigil_feature_model_set_value (self->model, values->pdata[i]);
}

void
vigil_features_window_show_status (VigilFeaturesWindow *self,
                                   const char          *text)
{
  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
on_read_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VigilFeaturesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = vigil_feature_client_read_finish (result, &error);

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  self->reading = FALSE;
  if (values == NULL)
    {
      vigil_features_window_show_status (self, error->message);
      g_ptr_array_set_size (self->pending, 0);
      g_hash_table_remove_all (self->pending_set);
      return;
    }
  vigil_features_window_apply_values (self, values);
  schedule_flush (self);
}

/* Whether GTK shows @widget now: it keeps up to 200 rows bound around
 * what is on screen, and only those on screen are read. */
static gboolean
is_on_screen (VigilFeaturesWindow *self,
              GtkWidget           *widget)
{
  graphene_rect_t bounds;
  GtkWidget *view = GTK_WIDGET (self->list_view);

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_compute_bounds (widget, view, &bounds))
    return FALSE;
  return bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (view) &&
         bounds.size.height > 0;
}

/* The names of the rows bound now, and of those on screen; returns
 * whether some bound row was not laid out yet. */
static gboolean
collect_shown (VigilFeaturesWindow *self,
               GHashTable          *bound,
               GHashTable          *on_screen)
{
  GHashTableIter iter;
  gpointer widget, name;
  gboolean unplaced = FALSE;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &widget, &name))
    {
      g_hash_table_add (bound, name);
      unplaced |= !gtk_widget_get_mapped (widget) || gtk_widget_get_height (widget) == 0;
      if (on_screen != NULL && is_on_screen (self, widget))
        g_hash_table_add (on_screen, name);
    }
  return unplaced;
}

/* Sends the next batch of names on screen; bound ones off screen wait to
 * be scrolled to, the others are dropped. */
static void
flush_reads (VigilFeaturesWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) bound = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) on_screen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) names = NULL;
  guint taken = 0;
  gboolean unplaced;

  if (self->reading || self->model == NULL)
    return;
  unplaced = collect_shown (self, bound, on_screen);
  for (guint i = 0; i < self->pending->len; i++)
    {
      char *name = self->pending->pdata[i];

      if (taken < READ_BATCH && g_hash_table_contains (on_screen, name))
        {
          g_strv_builder_add (builder, name);
          g_hash_table_remove (self->pending_set, name);
          taken++;
        }
      else if (g_hash_table_contains (bound, name))
        g_ptr_array_add (kept, g_strdup (name));
      else
        g_hash_table_remove (self->pending_set, name);
    }
  /* The set points into the array: rebuild both. */
  g_hash_table_remove_all (self->pending_set);
  g_ptr_array_set_size (self->pending, 0);
  for (guint i = 0; i < kept->len; i++)
    {
      g_ptr_array_add (self->pending, g_strdup (kept->pdata[i]));
      g_hash_table_add (self->pending_set, self->pending->pdata[self->pending->len - 1]);
    }
  /* Rows bound before GTK placed them: look again once it has. */
  if (taken == 0 && unplaced && kept->len > 0 && self->layout_retries++ < LAYOUT_RETRIES)
    self->flush_id = g_timeout_add (LAYOUT_MS, flush_now, self);
  if (taken == 0)
    return;
  names = g_strv_builder_end (builder);
  self->reading = TRUE;
  vigil_feature_client_read_async (self->supervisor, (const char * const *) names, self->cancellable,
                                   on_read_done, g_object_ref (self));
}

/* Polled features shown now, read again once their polling time passed. */
static gboolean
poll_tick (gpointer data)
{
  VigilFeaturesWindow *self = data;
  g_autoptr(GHashTable) bound = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name;
  gint64 now = g_get_monotonic_time ();

  collect_shown (self, bound, NULL);
  g_hash_table_iter_init (&iter, bound);
  while (self->model != NULL && g_hash_table_iter_next (&iter, &name, NULL))
    {
      VigilFeatureRow *row = vigil_feature_model_lookup (self->model, name);
      VigilFeatureNode *node = row ? vigil_feature_row_get_node (row) : NULL;
      gint64 read_at = row ? vigil_feature_row_get_read_at (row) : 0;

      if (node != NULL && node->polling_ms > 0 && read_at > 0 && now - read_at >= (gint64) node->polling_ms * 1000)
        vigil_features_window_queue_read (self, name);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- Selection -------------------------------------------------------------- */

static void
on_selected_text (VigilFeaturesWindow *self)
{
  vigil_features_window_show_details (self);
}

static void
on_selection_changed (VigilFeaturesWindow *self)
{
  VigilFeatureRow *row = gtk_single_selection_get_selected_item (self->selection);

  if (self->selected != NULL)
    g_clear_signal_handler (&self->selected_handler, self->selected);
  g_clear_object (&self->selected);
  if (row != NULL)
    {
      self->selected = g_object_ref (row);
      self->selected_handler = g_signal_connect_swapped (self->selected, "notify::text",
                                                         G_CALLBACK (on_selected_text), self);
    }
  gtk_label_set_label (self->refusal_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  vigil_features_window_show_details (self);
}

/* ---- Filter ---------------------------------------------------------------- */

static void
apply_filter (VigilFeaturesWindow *self)
{
  gint64 start = g_get_monotonic_time ();
  guint level = gtk_drop_down_get_selected (self->level_dropdown);

  if (self->model == NULL)
    return;
  vigil_feature_model_set_filter (self->model, MIN (level, VIGIL_FEATURE_VISIBILITY_GURU),
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (self->list == NULL)
    {
      self->list = vigil_feature_list_new (self->model);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
    }
  else
    vigil_feature_list_update (self->list, vigil_feature_model_is_searching (self->model));
  self->last_filter_us = g_get_monotonic_time () - start;
  g_debug ("Filter: %u rows shown in %" G_GINT64_FORMAT " µs",
           vigil_feature_model_count_shown (self->model), self->last_filter_us);
}

/* ---- Loading --------------------------------------------------------------- */

static void
on_tree_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilFeaturesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFeatureTree) tree = vigil_feature_client_load_tree_finish (result, &error);
  gint64 start;

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  self->loading = FALSE;
  if (tree == NULL)
    {
      vigil_features_window_show_status (self, error->message);
      return;
    }
  vigil_features_window_show_status (self, NULL);
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->list);
  g_clear_object (&self->model);
  start = g_get_monotonic_time ();
  self->model = vigil_feature_model_new (tree);
  g_debug ("Tree of %u nodes: loaded in %" G_GINT64_FORMAT " µs, model made in %" G_GINT64_FORMAT " µs",
           vigil_feature_tree_get_nodes (tree)->len, start - self->load_started,
           g_get_monotonic_time () - start);
  vigil_features_window_update_user_sets (self);
  apply_filter (self);
}

static void
load_tree (VigilFeaturesWindow *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  self->load_started = g_get_monotonic_time ();
  vigil_features_window_show_status (self, _("Reading the camera’s features…"));
  vigil_feature_client_load_tree_async (self->supervisor, self->cancellable, on_tree_loaded, g_object_ref (self));
}

/* A new session (a reconnect, another camera): the tree is read again,
 * and with it every value. */
static void
on_state_changed (VigilFeaturesWindow *self)
{
  if (vigil_supervisor_get_state (self->supervisor) == VIGIL_SUPERVISOR_STREAMING)
    load_tree (self);
  else
    vigil_features_window_show_status (self, _("No camera is streaming: the values shown may be out of date."));
}

void
vigil_features_window_refresh (VigilFeaturesWindow *self)
{
  GHashTableIter iter;
  gpointer name;

  g_return_if_fail (VIGIL_IS_FEATURES_WINDOW (self));
  if (self->model == NULL)
    return load_tree (self);
  vigil_feature_model_forget_values (self->model);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, NULL, &name))
    vigil_features_window_queue_read (self, name);
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  vigil_features_window_refresh (VIGIL_FEATURES_WINDOW (widget));
}

/* ---- GObject --------------------------------------------------------------- */

static void
vigil_features_window_dispose (GObject *object)
{
  VigilFeaturesWindow *self = (VigilFeaturesWindow *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->selected != NULL)
    g_clear_signal_handler (&self->selected_handler, self->selected);
  g_clear_object (&self->selected);
  if (self->supervisor != NULL)
    g_signal_handlers_disconnect_by_data (self->supervisor, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_FEATURES_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->model);
  g_clear_object (&self->supervisor);

  G_OBJECT_CLASS (vigil_features_window_parent_class)->dispose (object);
}

static void
vigil_features_window_finalize (GObject *object)
{
  VigilFeaturesWindow *self = (VigilFeaturesWindow *) object;

  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->expanders, g_hash_table_unref);
  g_clear_pointer (&self->pending_set, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (vigil_features_window_parent_class)->finalize (object);
}

static void
vigil_features_window_class_init (VigilFeaturesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_features_window_dispose;
  object_class->finalize = vigil_features_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-features-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, details_box);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, editor_box);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, details_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, user_sets_box);
  gtk_widget_class_bind_template_child (widget_class, VigilFeaturesWindow, user_set_dropdown);

  gtk_widget_class_install_action (widget_class, "features.refresh", NULL, refresh_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "features.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  vigil_features_window_install_expand (widget_class);
  vigil_features_window_install_files (widget_class);
  vigil_features_window_install_user_sets (widget_class);
}

static void
vigil_features_window_init (VigilFeaturesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->bound = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->pending = g_ptr_array_new_with_free_func (g_free);
  self->pending_set = g_hash_table_new (g_str_hash, g_str_equal);
  self->selection = gtk_single_selection_new (NULL);
  self->expanders = g_hash_table_new (NULL, NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  vigil_features_window_install_rows (self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (apply_filter), self);
  g_signal_connect_swapped (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), "value-changed",
                            G_CALLBACK (schedule_flush), self);
  g_signal_connect_swapped (self->level_dropdown, "notify::selected", G_CALLBACK (apply_filter), self);
  self->poll_id = g_timeout_add (POLL_MS, poll_tick, self);
  vigil_features_window_show_details (self);
}

/**
 * vigil_features_window_new:
 *
 * Returns: (transfer floating): the window; it reads the tree at once
 */
GtkWidget *
vigil_features_window_new (GtkApplication  *application,
                           VigilSupervisor *supervisor)
{
  VigilFeaturesWindow *self;

  g_return_val_if_fail (VIGIL_IS_SUPERVISOR (supervisor), NULL);

  self = g_object_new (VIGIL_TYPE_FEATURES_WINDOW, "application", application, NULL);
  self->supervisor = g_object_ref (supervisor);
  g_signal_connect_object (supervisor, "notify::state", G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  load_tree (self);
  return GTK_WIDGET (self);
}

/* Shows the application's Features window, made when there is none. */
void
vigil_features_window_present_for (GtkApplication  *application,
                                   VigilSupervisor *supervisor)
{
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (VIGIL_IS_FEATURES_WINDOW (l->data))
      {
        gtk_window_present (l->data);
        return;
      }
  gtk_window_present (GTK_WINDOW (vigil_features_window_new (application, supervisor)));
}

void
vigil_features_window_set_filter (VigilFeaturesWindow    *self,
                                  VigilFeatureVisibility  level,
                                  const char             *search)
{
  g_return_if_fail (VIGIL_IS_FEATURES_WINDOW (self));
  g_signal_handlers_block_by_func (self->search_entry, apply_filter, self);
  g_signal_handlers_block_by_func (self->level_dropdown, apply_filter, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
  gtk_drop_down_set_selected (self->level_dropdown, MIN (level, VIGIL_FEATURE_VISIBILITY_GURU));
  g_signal_handlers_unblock_by_func (self->search_entry, apply_filter, self);
  g_signal_handlers_unblock_by_func (self->level_dropdown, apply_filter, self);
  apply_filter (self);
}

/**
 * vigil_features_window_get_model:
 *
 * Returns: (transfer none) (nullable): the rows, once the tree was read
 */
VigilFeatureModel *
vigil_features_window_get_model (VigilFeaturesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURES_WINDOW (self), NULL);
  return self->model;
}

/* Whether a read, a write or the tree is on its way. */
gboolean
vigil_features_window_is_busy (VigilFeaturesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURES_WINDOW (self), FALSE);
  return self->loading || self->reading || self->writes > 0 || self->flush_id != 0;
}

/* How long the newest filter took (search or level), in µs. */
gint64
vigil_features_window_get_filter_time (VigilFeaturesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURES_WINDOW (self), 0);
  return self->last_filter_us;
}

/* Selects the first shown row of feature @name. */
gboolean
vigil_features_window_select (VigilFeaturesWindow *self,
                              const char          *name)
{
  guint position;

  g_return_val_if_fail (VIGIL_IS_FEATURES_WINDOW (self), FALSE);
  position = self->list ? vigil_feature_list_find (self->list, name) : G_MAXUINT;
  if (position == G_MAXUINT)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}
