/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-list"

#include "config.h"

#include "vigil-feature-list.h"

struct _VigilFeatureList
{
  GObject            parent_instance;

  VigilFeatureModel *model;
  GPtrArray         *items;      /* of VigilFeatureRow (owned by the model) */
  GHashTable        *collapsed;  /* VigilFeatureNode set */
};

static void vigil_feature_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilFeatureList, vigil_feature_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, vigil_feature_list_model_init))

static GType
list_get_item_type (GListModel *list)
{
  return VIGIL_TYPE_FEATURE_ROW;
}

static guint
list_get_n_items (GListModel *list)
{
  return VIGIL_FEATURE_LIST (list)->items->len;
}

static gpointer
list_get_item (GListModel *list,
               guint       position)
{
  VigilFeatureList *self = VIGIL_FEATURE_LIST (list);

  return position < self->items->len ? g_object_ref (self->items->pdata[position]) : NULL;
}

static void
vigil_feature_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
vigil_feature_list_finalize (GObject *object)
{
  VigilFeatureList *self = (VigilFeatureList *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (vigil_feature_list_parent_class)->finalize (object);
}

static void
vigil_feature_list_class_init (VigilFeatureListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_feature_list_finalize;
}

static void
vigil_feature_list_init (VigilFeatureList *self)
{
  self->items = g_ptr_array_new ();
  self->collapsed = g_hash_table_new (NULL, NULL);
}

/* Whether a collapsed category is above @node. */
static gboolean
under_collapsed (VigilFeatureList *self,
                 VigilFeatureNode *node)
{
  if (g_hash_table_size (self->collapsed) == 0)
    return FALSE;
  for (VigilFeatureNode *up = node->parent; up != NULL; up = up->parent)
    if (g_hash_table_contains (self->collapsed, up))
      return TRUE;
  return FALSE;
}

/* The rows to list now, in the model's depth-first order. */
static GPtrArray *
collect (VigilFeatureList *self)
{
  GPtrArray *rows = vigil_feature_model_get_rows (self->model);
  GPtrArray *items = g_ptr_array_sized_new (rows->len);

  for (guint i = 0; i < rows->len; i++)
    if (vigil_feature_model_is_shown (self->model, rows->pdata[i]) &&
        !under_collapsed (self, vigil_feature_row_get_node (rows->pdata[i])))
      g_ptr_array_add (items, rows->pdata[i]);
  return items;
}

/* Replaces the items with @items: one items-changed over what differs
 * between the first and the last row that changed. */
static void
replace (VigilFeatureList *self,
         GPtrArray        *items)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);
  guint head = 0, tail = 0;

  self->items = items;
  while (head < old->len && head < items->len && old->pdata[head] == items->pdata[head])
    head++;
  while (tail < old->len - head && tail < items->len - head &&
         old->pdata[old->len - 1 - tail] == items->pdata[items->len - 1 - tail])
    tail++;
  if (old->len - head - tail > 0 || items->len - head - tail > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), head, old->len - head - tail, items->len - head - tail);
}

/**
 * vigil_feature_list_new:
 *
 * Returns: (transfer full): the rows @model shows now, every category
 *   expanded
 */
VigilFeatureList *
vigil_feature_list_new (VigilFeatureModel *model)
{
  VigilFeatureList *self;

  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (model), NULL);

  self = g_object_new (VIGIL_TYPE_FEATURE_LIST, NULL);
  self->model = g_object_ref (model);
  g_ptr_array_unref (self->items);
  self->items = collect (self);
  return self;
}

/**
 * vigil_feature_list_update:
 * @expand_all: expand every category again (a new search: the categories
 *   with matches are open)
 *
 * Follows the model's filter.
 */
void
vigil_feature_list_update (VigilFeatureList *self,
                           gboolean          expand_all)
{
  g_return_if_fail (VIGIL_IS_FEATURE_LIST (self));

  if (expand_all)
    g_hash_table_remove_all (self->collapsed);
  replace (self, collect (self));
}

gboolean
vigil_feature_list_is_expanded (VigilFeatureList *self,
                                VigilFeatureRow  *row)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_LIST (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_FEATURE_ROW (row), FALSE);

  return vigil_feature_node_is_category (vigil_feature_row_get_node (row)) &&
         !g_hash_table_contains (self->collapsed, vigil_feature_row_get_node (row));
}

/* Shows or hides what is under the category of @row (features: nothing). */
void
vigil_feature_list_set_expanded (VigilFeatureList *self,
                                 VigilFeatureRow  *row,
                                 gboolean          expanded)
{
  VigilFeatureNode *node;

  g_return_if_fail (VIGIL_IS_FEATURE_LIST (self));
  g_return_if_fail (VIGIL_IS_FEATURE_ROW (row));

  node = vigil_feature_row_get_node (row);
  if (!vigil_feature_node_is_category (node) || expanded == vigil_feature_list_is_expanded (self, row))
    return;
  if (expanded)
    g_hash_table_remove (self->collapsed, node);
  else
    g_hash_table_add (self->collapsed, node);
  replace (self, collect (self));
}

/* The position of the first listed row of feature @name, or
 * GTK_INVALID_LIST_POSITION's value (G_MAXUINT). */
guint
vigil_feature_list_find (VigilFeatureList *self,
                         const char       *name)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_LIST (self), G_MAXUINT);

  for (guint i = 0; name != NULL && i < self->items->len; i++)
    if (g_strcmp0 (vigil_feature_row_get_node (self->items->pdata[i])->name, name) == 0)
      return i;
  return G_MAXUINT;
}
