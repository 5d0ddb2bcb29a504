/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-features-user-sets"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-features-window-private.h"

/* The "User Sets" row of the Features view, shown when the camera has
 * UserSetSelector, UserSetLoad and UserSetSave (SFNC): the user set is
 * selected, then the command executed, on the session worker in that
 * order; after a load every value is read again. */

#define SELECTOR "UserSetSelector"
#define LOAD     "UserSetLoad"
#define SAVE     "UserSetSave"

static gboolean
has (VigilFeatureTree *tree,
     const char       *name,
     VigilFeatureKind  kind)
{
  VigilFeatureNode *node = vigil_feature_tree_lookup (tree, name);

  return node != NULL && node->kind == kind;
}

void
vigil_features_window_update_user_sets (VigilFeaturesWindow *self)
{
  VigilFeatureTree *tree = self->model ? vigil_feature_model_get_tree (self->model) : NULL;
  gboolean present = tree != NULL && has (tree, SELECTOR, VIGIL_FEATURE_KIND_ENUMERATION) &&
                     has (tree, LOAD, VIGIL_FEATURE_KIND_COMMAND) && has (tree, SAVE, VIGIL_FEATURE_KIND_COMMAND);
  g_autoptr(GtkStringList) entries = NULL;

  gtk_widget_set_visible (self->user_sets_box, present);
  if (!present)
    return;
  entries = gtk_string_list_new ((const char * const *) vigil_feature_tree_lookup (tree, SELECTOR)->entries);
  gtk_drop_down_set_model (self->user_set_dropdown, G_LIST_MODEL (entries));
}

/* Selects the user set of the drop-down, then executes @command. */
void
vigil_features_window_user_set (VigilFeaturesWindow *self,
                                const char          *command)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->user_set_dropdown);

  if (item == NULL || !gtk_widget_get_visible (self->user_sets_box))
    return;
  vigil_features_window_write (self, SELECTOR, gtk_string_object_get_string (item));
  vigil_features_window_write (self, command, "");
  if (g_str_equal (command, LOAD))
    vigil_features_window_refresh (self);
}

static void
load_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  vigil_features_window_user_set (VIGIL_FEATURES_WINDOW (widget), LOAD);
}

static void
save_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  vigil_features_window_user_set (VIGIL_FEATURES_WINDOW (widget), SAVE);
}

void
vigil_features_window_install_user_sets (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "features.user-set-load", NULL, load_activated);
  gtk_widget_class_install_action (widget_class, "features.user-set-save", NULL, save_activated);
}
