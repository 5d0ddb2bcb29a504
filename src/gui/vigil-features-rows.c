/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-features-rows"

#include "config.h"

#include "vigil-features-window-private.h"

/* The Features view's rows: the flat VigilFeatureList (one items-changed a
 * keystroke), each row indented and with a category's arrow as
 * GtkTreeExpander drew them; binding a feature's row asks for its value. */

/* The row's expander: a category's arrow, or the room of one; each level
 * indents as far as GtkTreeExpander does (a 16 px icon, 4 px apart). */
#define EXPANDER_PX 16
#define INDENT_PX 20
#define MAX_INDENT 32

static void toggle_expanded (VigilFeaturesWindow *self,
                             VigilFeatureRow     *row);

static void
on_expander_pressed (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     GtkListItem     *item)
{
  VigilFeaturesWindow *self = g_object_get_data (G_OBJECT (item), "vigil-window");
  VigilFeatureRow *row = gtk_list_item_get_item (item);

  if (self == NULL || self->list == NULL || row == NULL)
    return;
  toggle_expanded (self, row);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The tooltip is asked for when the pointer rests on a name: setting it
 * at each bind costs a pointer query to the display server per row. */
static gboolean
on_query_tooltip (GtkWidget   *widget,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  GtkListItem *item)
{
  VigilFeatureRow *row = gtk_list_item_get_item (item);
  VigilFeatureNode *node = row ? vigil_feature_row_get_node (row) : NULL;
  const char *text = node ? (node->tooltip ? node->tooltip : node->description) : NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           VigilFeaturesWindow      *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *expander = gtk_image_new ();
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *value = gtk_label_new (NULL);
  GtkWidget *unit = gtk_label_new (NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_set_size_request (expander, EXPANDER_PX, -1);
  g_signal_connect (click, "pressed", G_CALLBACK (on_expander_pressed), item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (click));
  g_object_set_data (G_OBJECT (item), "vigil-window", self);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_has_tooltip (name, TRUE);
  g_signal_connect (name, "query-tooltip", G_CALLBACK (on_query_tooltip), item);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 24);
  gtk_widget_add_css_class (unit, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), value);
  gtk_box_append (GTK_BOX (texts), unit);
  gtk_box_append (GTK_BOX (box), expander);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_item_set_child (item, box);
}

static void
bind_expander (VigilFeaturesWindow *self,
               GtkWidget           *expander,
               VigilFeatureRow     *row)
{
  GtkAccessible *item = GTK_ACCESSIBLE (gtk_widget_get_parent (expander));
  gboolean expanded;

  if (!vigil_feature_node_is_category (vigil_feature_row_get_node (row)))
    {
      gtk_image_clear (GTK_IMAGE (expander));
      gtk_accessible_reset_state (item, GTK_ACCESSIBLE_STATE_EXPANDED);
      return;
    }
  /* Screen readers hear open and closed as they did from GtkTreeExpander. */
  expanded = vigil_feature_list_is_expanded (self->list, row);
  gtk_image_set_from_icon_name (GTK_IMAGE (expander), expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (item, GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
}

/* A category opened or closed: its arrow follows. */
static void
set_expanded (VigilFeaturesWindow *self,
              VigilFeatureRow     *row,
              gboolean             expanded)
{
  GtkWidget *expander;

  vigil_feature_list_set_expanded (self->list, row, expanded);
  expander = g_hash_table_lookup (self->expanders, row);
  if (expander != NULL)
    bind_expander (self, expander, row);
}

static void
toggle_expanded (VigilFeaturesWindow *self,
                 VigilFeatureRow     *row)
{
  set_expanded (self, row, !vigil_feature_list_is_expanded (self->list, row));
}

/* "features.expand" and "features.collapse" (+ and *, -): the keys
 * GtkTreeExpander had, on the selected row when it is a category. */
static void
expand_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VigilFeaturesWindow *self = VIGIL_FEATURES_WINDOW (widget);
  VigilFeatureRow *row = gtk_single_selection_get_selected_item (self->selection);

  if (self->list != NULL && row != NULL && vigil_feature_node_is_category (vigil_feature_row_get_node (row)))
    set_expanded (self, row, g_str_equal (action_name, "features.expand"));
}

void
vigil_features_window_install_expand (GtkWidgetClass *widget_class)
{
  static const guint expand_keys[] = { GDK_KEY_plus, GDK_KEY_KP_Add, GDK_KEY_asterisk, GDK_KEY_KP_Multiply };
  static const guint collapse_keys[] = { GDK_KEY_minus, GDK_KEY_KP_Subtract };

  gtk_widget_class_install_action (widget_class, "features.expand", NULL, expand_activated);
  gtk_widget_class_install_action (widget_class, "features.collapse", NULL, expand_activated);
  for (guint i = 0; i < G_N_ELEMENTS (expand_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, expand_keys[i], 0, "features.expand", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (collapse_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, collapse_keys[i], 0, "features.collapse", NULL);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          VigilFeaturesWindow      *self)
{
  VigilFeatureRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *expander = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (gtk_widget_get_next_sibling (expander));
  GtkWidget *value = gtk_widget_get_next_sibling (name);
  GtkWidget *unit = gtk_widget_get_next_sibling (value);
  VigilFeatureNode *node = vigil_feature_row_get_node (row);
  GBinding *binding;

  gtk_widget_set_margin_start (box, INDENT_PX * MIN (node->depth, MAX_INDENT));
  bind_expander (self, expander, row);
  gtk_label_set_label (GTK_LABEL (name), node->display_name);
  gtk_label_set_label (GTK_LABEL (unit), node->unit ? node->unit : "");
  binding = g_object_bind_property (row, "text", value, "label", G_BINDING_SYNC_CREATE);
  g_object_set_data_full (G_OBJECT (item), "vigil-binding", g_object_ref (binding), g_object_unref);
  if (vigil_feature_node_is_category (node))
    {
      g_hash_table_insert (self->expanders, row, expander);
      gtk_widget_add_css_class (name, "heading");
      return;
    }
  gtk_widget_remove_css_class (name, "heading");
  g_hash_table_insert (self->bound, box, g_strdup (node->name));
  if (vigil_feature_row_get_value (row) == NULL)
    vigil_features_window_queue_read (self, node->name);
}

/* Enter or a double click on a category opens or closes it. */
static void
on_activate (VigilFeaturesWindow *self,
             guint                position)
{
  g_autoptr(VigilFeatureRow) row = self->list ? g_list_model_get_item (G_LIST_MODEL (self->list), position) : NULL;

  if (row != NULL)
    toggle_expanded (self, row);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            VigilFeaturesWindow      *self)
{
  GBinding *binding = g_object_get_data (G_OBJECT (item), "vigil-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (item), "vigil-binding", NULL);
  g_hash_table_remove (self->bound, gtk_list_item_get_child (item));
  if (gtk_list_item_get_item (item) != NULL &&
      g_hash_table_lookup (self->expanders, gtk_list_item_get_item (item)) ==
        gtk_widget_get_first_child (gtk_list_item_get_child (item)))
    g_hash_table_remove (self->expanders, gtk_list_item_get_item (item));
}

/* The list view's rows, made and bound here. */
void
vigil_features_window_install_rows (VigilFeaturesWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (on_activate), self);
}
