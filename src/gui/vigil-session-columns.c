/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-session-columns"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-label-tooltip.h"
#include "vigil-pairs-row.h"
#include "vigil-session-columns.h"

/* The columns of the session table, shared by the live panel and the
 * snapshot window: a tree of sessions, kinds and resources
 * (VigilPairsRow), unpaired rows flagged with an icon and the "unpaired"
 * style class. */

/* Children of a row of the session tree (a GtkTreeListModel's
 * create_func). */
GListModel *
vigil_session_columns_create_children (gpointer item,
                 gpointer user_data)
{
  GListModel *children = vigil_pairs_row_get_children (item);

  return children ? g_object_ref (children) : NULL;
}

static void
setup_session_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_visible (icon, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unpaired"), -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);    /* names come from cameras */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_hexpand (label, TRUE);
  vigil_label_tooltip_shows_text (GTK_LABEL (label));   /* a narrow column cuts the text */
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  if (GPOINTER_TO_INT (user_data) == VIGIL_PAIRS_COLUMN_NAME)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
      gtk_list_item_set_child (list_item, expander);
    }
  else
    gtk_list_item_set_child (list_item, box);
}

static GtkWidget *
cell_box (GtkListItem *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (GTK_IS_TREE_EXPANDER (child))
    return gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
  return child;
}

static void
fill_session_cell (GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(VigilPairsRow) item = gtk_tree_list_row_get_item (row);
  VigilPairsColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "vigil-column"));
  GtkWidget *box = cell_box (list_item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  gboolean unpaired = vigil_pairs_row_get_unpaired (item);

  gtk_label_set_text (GTK_LABEL (label), vigil_pairs_row_get_text (item, column));
  gtk_widget_set_visible (icon, unpaired && (column == VIGIL_PAIRS_COLUMN_NAME || column == VIGIL_PAIRS_COLUMN_STATE));
  if (unpaired)
    gtk_widget_add_css_class (box, "unpaired");
  else
    gtk_widget_remove_css_class (box, "unpaired");
}

static void
bind_session_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(VigilPairsRow) item = gtk_tree_list_row_get_item (row);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gulong id;

  g_object_set_data (G_OBJECT (list_item), "vigil-column", user_data);
  if (GTK_IS_TREE_EXPANDER (child))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), row);
  fill_session_cell (list_item);
  id = g_signal_connect_object (item, "changed", G_CALLBACK (fill_session_cell), list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "vigil-changed-id", GUINT_TO_POINTER (id));
}

static void
unbind_session_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(VigilPairsRow) item = row ? gtk_tree_list_row_get_item (row) : NULL;
  gulong id = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (list_item), "vigil-changed-id"));
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (item != NULL && id != 0)
    g_signal_handler_disconnect (item, id);
  if (GTK_IS_TREE_EXPANDER (child))
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), NULL);
}

/* Adds the session table's columns (name with an expander, created,
 * closed, state, OS handle) to @view, whose model is a GtkTreeListModel of
 * VigilPairsRow. */
void
vigil_session_columns_add (GtkColumnView *view)
{
  static const char *titles[VIGIL_PAIRS_N_COLUMNS] = {
    N_("Session / kind / resource"), N_("Opened / created"), N_("Closed"), N_("State"), N_("OS handle")
  };

  for (guint c = 0; c < VIGIL_PAIRS_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_session_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_session_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_session_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(titles[c]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c == VIGIL_PAIRS_COLUMN_NAME)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (view, column);
    }
}
