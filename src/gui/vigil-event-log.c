/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-event-log"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-event-item.h"
#include "vigil-event-log.h"
#include "vigil-resource-info.h"

#define MAX_SHOWN 2000

typedef enum
{
  COLUMN_TIME,
  COLUMN_SESSION,
  COLUMN_EVENT,
  N_COLUMNS
} Column;

/* The newest lifecycle events, oldest at the top, filtered by session,
 * kind, action and text; the selected one is shown with all its fields and
 * can be copied as JSON.  While scrolled to the end the view follows new
 * events, like a terminal.  Fed by VigilEvents::event-added on the main
 * thread. */
struct _VigilEventLog
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkSearchEntry     *text_entry;
  GtkSpinButton      *session_spin;
  GtkDropDown        *kind_dropdown;
  GtkStringList      *kinds;
  GtkDropDown        *action_dropdown;
  GtkStringList      *actions;
  GtkColumnView      *events_view;
  GtkLabel           *count_label;
  GtkButton          *copy_button;
  GtkLabel           *detail_label;

  VigilEvents        *events;
  GListStore         *store;           /* VigilEventItem, oldest first */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkAdjustment      *vadjustment;
  gboolean            follow;          /* scrolled to the end */
  guint               scroll_source;
};

G_DEFINE_FINAL_TYPE (VigilEventLog, vigil_event_log, GTK_TYPE_WIDGET)

static const char *
dropdown_choice (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  /* The first entry means "any". */
  if (item == NULL || gtk_drop_down_get_selected (dropdown) == 0)
    return NULL;
  return gtk_string_object_get_string (item);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  VigilEventLog *self = user_data;

  return vigil_event_item_matches (item,
                                   (guint64) gtk_spin_button_get_value (self->session_spin),
                                   dropdown_choice (self->kind_dropdown),
                                   dropdown_choice (self->action_dropdown),
                                   gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));
}

static void
update_count (VigilEventLog *self)
{
  g_autofree char *text = NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint kept = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  /* Translators: events that pass the filters, of the newest events kept. */
  text = g_strdup_printf (_("%u of the newest %u events"), shown, kept);
  gtk_label_set_text (self->count_label, text);
}

static void
on_filter_changed (VigilEventLog *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
on_selection_changed (VigilEventLog *self)
{
  VigilEventItem *item = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *json = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), item != NULL);
  if (item == NULL)
    {
      gtk_label_set_text (self->detail_label, _("Select an event to see all its fields."));
      return;
    }
  json = vigil_event_item_dup_json (item);
  gtk_label_set_text (self->detail_label, json);
}

static void
on_copy_clicked (VigilEventLog *self)
{
  VigilEventItem *item = gtk_single_selection_get_selected_item (self->selection);
  g_autofree char *json = NULL;

  if (item == NULL)
    return;
  json = vigil_event_item_dup_json (item);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), json);
}

static void
add_event (VigilEventLog *self,
           VigilEvent    *event)
{
  g_autoptr(VigilEventItem) item = vigil_event_item_new (event);
  guint n;

  g_list_store_append (self->store, item);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n > MAX_SHOWN)
    g_list_store_splice (self->store, 0, n - MAX_SHOWN, NULL, 0);
}

static void
on_scrolled (VigilEventLog *self)
{
  GtkAdjustment *adjustment = self->vadjustment;

  if (self->scroll_source != 0)
    return;                            /* ours is coming */
  self->follow = gtk_adjustment_get_value (adjustment) >=
                 gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1;
}

static gboolean
scroll_to_end (gpointer data)
{
  VigilEventLog *self = data;
  GtkAdjustment *adjustment = self->vadjustment;

  self->scroll_source = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

/* The list grew (or the view's size changed): keep the end in view when
 * the reader was there.  Not from inside this signal: the list view
 * configures its adjustment with its own handler blocked, and would not
 * see the new position. */
static void
on_extent_changed (VigilEventLog *self)
{
  if (self->follow && self->scroll_source == 0)
    self->scroll_source = g_idle_add (scroll_to_end, self);
}

static void
on_event_added (VigilEventLog *self,
                VigilEvent    *event)
{
  add_event (self, event);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_count (self);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  VigilEventItem *item = gtk_list_item_get_item (list_item);
  VigilEvent *event = vigil_event_item_get_event (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_TIME:
      text = vigil_event_item_dup_time (item);
      break;
    case COLUMN_SESSION:
      text = event->session ? g_strdup_printf ("%" G_GUINT64_FORMAT, event->session) : g_strdup ("");
      break;
    default:
      text = g_strdup (vigil_event_item_get_title (item));
      break;
    }
  gtk_label_set_text (label, text);
  if (event->error_domain != NULL || event->event == VIGIL_EVENT_FAULT)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
add_columns (VigilEventLog *self)
{
  static const char *titles[N_COLUMNS] = { N_("Time"), N_("Session"), N_("Event") };

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(titles[c]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c == COLUMN_EVENT)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->events_view, column);
    }
}

static void
fill_choices (VigilEventLog *self)
{
  gtk_string_list_append (self->kinds, _("Any kind"));
  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    gtk_string_list_append (self->kinds, vigil_resource_kind_to_string (k));
  gtk_string_list_append (self->actions, _("Any action"));
  for (guint a = 0; a < VIGIL_N_ACTIONS; a++)
    gtk_string_list_append (self->actions, vigil_action_to_string (a));
}

/* The view has its model only while it is shown.  Unshown (another page
 * of the panel's notebook), GTK 4.8's column view still made a row of
 * widgets for every event appended -- up to the 2,000 kept, about 6 kB
 * each (heaptrack, issue 16). */
static void
vigil_event_log_map (GtkWidget *widget)
{
  VigilEventLog *self = VIGIL_EVENT_LOG (widget);

  if (gtk_column_view_get_model (self->events_view) == NULL)
    gtk_column_view_set_model (self->events_view, GTK_SELECTION_MODEL (self->selection));
  GTK_WIDGET_CLASS (vigil_event_log_parent_class)->map (widget);
  update_count (self);
  on_extent_changed (self);
}

static void
vigil_event_log_unmap (GtkWidget *widget)
{
  VigilEventLog *self = VIGIL_EVENT_LOG (widget);

  GTK_WIDGET_CLASS (vigil_event_log_parent_class)->unmap (widget);
  gtk_column_view_set_model (self->events_view, NULL);
}

static void
vigil_event_log_dispose (GObject *object)
{
  VigilEventLog *self = (VigilEventLog *) object;

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  vigil_event_log_set_events (self, NULL);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  if (self->events_view != NULL)
    gtk_column_view_set_model (self->events_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_EVENT_LOG);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_event_log_parent_class)->dispose (object);
}

static void
vigil_event_log_class_init (VigilEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_event_log_dispose;
  widget_class->map = vigil_event_log_map;
  widget_class->unmap = vigil_event_log_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilcam/Vigil/vigil-event-log.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, text_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, session_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, kinds);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, actions);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, events_view);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, VigilEventLog, detail_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_event_log_init (VigilEventLog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  fill_choices (self);
  add_columns (self);

  self->store = g_list_store_new (VIGIL_TYPE_EVENT_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->text_entry, "search-changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->session_spin, "value-changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->action_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->copy_button, "clicked", G_CALLBACK (on_copy_clicked), self);

  self->follow = TRUE;
  self->vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->events_view));
  if (self->vadjustment != NULL)
    {
      g_object_ref (self->vadjustment);
      g_signal_connect_swapped (self->vadjustment, "value-changed", G_CALLBACK (on_scrolled), self);
      g_signal_connect_swapped (self->vadjustment, "changed", G_CALLBACK (on_extent_changed), self);
    }
}

/**
 * vigil_event_log_set_events:
 * @events: (nullable): the event stream to show; its ring is read now and
 *   every event added later is shown first
 */
void
vigil_event_log_set_events (VigilEventLog *self,
                            VigilEvents   *events)
{
  g_return_if_fail (VIGIL_IS_EVENT_LOG (self));

  if (self->events == events)
    return;
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_data (self->events, self);
  g_set_object (&self->events, events);
  if (self->store != NULL)
    g_list_store_remove_all (self->store);
  if (events == NULL)
    return;

  {
    g_autoptr(GPtrArray) ring = vigil_events_list (events);   /* oldest first */

    for (guint i = ring->len > MAX_SHOWN ? ring->len - MAX_SHOWN : 0; i < ring->len; i++)
      add_event (self, g_ptr_array_index (ring, i));
  }
  g_signal_connect_object (events, "event-added", G_CALLBACK (on_event_added), self, G_CONNECT_SWAPPED);
  update_count (self);
}

/**
 * vigil_event_log_set_items:
 * @items: (element-type VigilEventItem): events that do not change (a
 *   snapshot's), oldest first; every one is shown
 */
void
vigil_event_log_set_items (VigilEventLog *self,
                           GListModel    *items)
{
  guint n;

  g_return_if_fail (VIGIL_IS_EVENT_LOG (self));
  g_return_if_fail (G_IS_LIST_MODEL (items));

  vigil_event_log_set_events (self, NULL);
  n = g_list_model_get_n_items (items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      g_list_store_append (self->store, item);
    }
  update_count (self);
}
