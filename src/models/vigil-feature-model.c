/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-model"

#include "config.h"

#include <string.h>

#include "vigil-feature-model.h"

struct _VigilFeatureModel
{
  GObject                 parent_instance;

  VigilFeatureTree       *tree;
  GPtrArray              *rows;      /* of VigilFeatureRow, in the tree's node order */
  GHashTable             *by_node;   /* VigilFeatureNode → VigilFeatureRow */
  GHashTable             *by_name;   /* name → GPtrArray of VigilFeatureRow (every place) */
  GHashTable             *shown;     /* VigilFeatureNode set: rows the filter keeps */
  VigilFeatureVisibility  level;
  char                   *search;    /* (nullable) casefolded */
};

G_DEFINE_FINAL_TYPE (VigilFeatureModel, vigil_feature_model, G_TYPE_OBJECT)

static void
vigil_feature_model_finalize (GObject *object)
{
  VigilFeatureModel *self = (VigilFeatureModel *) object;

  g_clear_pointer (&self->by_node, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->tree, vigil_feature_tree_unref);
  g_free (self->search);

  G_OBJECT_CLASS (vigil_feature_model_parent_class)->finalize (object);
}

static void
vigil_feature_model_class_init (VigilFeatureModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_feature_model_finalize;
}

static void
vigil_feature_model_init (VigilFeatureModel *self)
{
  self->level = VIGIL_FEATURE_VISIBILITY_BEGINNER;
}

/* Whether @row passes the filter on its own (categories: never; they are
 * shown when something below them is). */
static gboolean
feature_matches (VigilFeatureModel *self,
                 VigilFeatureRow   *row)
{
  VigilFeatureNode *node = vigil_feature_row_get_node (row);

  if (vigil_feature_node_is_category (node) || node->visibility > self->level)
    return FALSE;
  return self->search == NULL || strstr (vigil_feature_row_get_haystack (row), self->search) != NULL;
}

/* Rows in depth-first order, so walking them backwards sees every child
 * before its parent: a category is shown when one of its children is and
 * its own level allows. */
static void
refilter (VigilFeatureModel *self)
{
  g_hash_table_remove_all (self->shown);
  for (guint i = self->rows->len; i > 0; i--)
    {
      VigilFeatureRow *row = self->rows->pdata[i - 1];
      VigilFeatureNode *node = vigil_feature_row_get_node (row);

      if (vigil_feature_node_is_category (node) && !g_hash_table_contains (self->shown, node))
        continue;
      if (vigil_feature_node_is_category (node) && node->visibility > self->level)
        {
          g_hash_table_remove (self->shown, node);
          continue;
        }
      if (!vigil_feature_node_is_category (node) && !feature_matches (self, row))
        continue;
      g_hash_table_add (self->shown, node);
      if (node->parent != NULL)
        g_hash_table_add (self->shown, node->parent);
    }
  /* Forwards: nothing below a hidden category is shown. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      VigilFeatureNode *node = vigil_feature_row_get_node (self->rows->pdata[i]);

      if (node->parent != NULL && !g_hash_table_contains (self->shown, node->parent))
        g_hash_table_remove (self->shown, node);
    }
}

/**
 * vigil_feature_model_new:
 *
 * Returns: (transfer full): the rows of @tree at the Beginner level
 */
VigilFeatureModel *
vigil_feature_model_new (VigilFeatureTree *tree)
{
  VigilFeatureModel *self;
  GPtrArray *nodes;

  g_return_val_if_fail (tree != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_FEATURE_MODEL, NULL);
  self->tree = vigil_feature_tree_ref (tree);
  nodes = vigil_feature_tree_get_nodes (tree);
  self->rows = g_ptr_array_new_full (nodes->len, g_object_unref);
  self->by_node = g_hash_table_new (NULL, NULL);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->shown = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < nodes->len; i++)
    {
      VigilFeatureNode *node = nodes->pdata[i];
      VigilFeatureRow *row = vigil_feature_row_new (tree, node);
      GPtrArray *places = g_hash_table_lookup (self->by_name, node->name);

      g_ptr_array_add (self->rows, row);
      g_hash_table_insert (self->by_node, node, row);
      if (places == NULL)
        {
          places = g_ptr_array_new ();
          g_hash_table_insert (self->by_name, node->name, places);
        }
      g_ptr_array_add (places, row);
    }
  refilter (self);
  return self;
}

VigilFeatureTree *
vigil_feature_model_get_tree (VigilFeatureModel *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), NULL);
  return self->tree;
}

/**
 * vigil_feature_model_set_filter:
 * @level: the most detailed level shown (Invisible features never are)
 * @search: (nullable): words to find in names, display names and
 *   descriptions, any case
 */
void
vigil_feature_model_set_filter (VigilFeatureModel      *self,
                                VigilFeatureVisibility  level,
                                const char             *search)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (VIGIL_IS_FEATURE_MODEL (self));

  self->level = MIN (level, VIGIL_FEATURE_VISIBILITY_GURU);
  g_clear_pointer (&self->search, g_free);
  stripped = search ? g_strstrip (g_strdup (search)) : NULL;
  if (stripped != NULL && *stripped != '\0' && g_utf8_validate (stripped, -1, NULL))
    self->search = g_utf8_casefold (stripped, -1);
  refilter (self);
}

gboolean
vigil_feature_model_is_searching (VigilFeatureModel *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), FALSE);
  return self->search != NULL;
}

/**
 * vigil_feature_model_dup_children:
 * @row: (nullable): a category's row; %NULL for the top level
 *
 * Returns: (transfer full) (nullable): the shown children, %NULL for a
 *   feature or a category with none
 */
GListModel *
vigil_feature_model_dup_children (VigilFeatureModel *self,
                                  VigilFeatureRow   *row)
{
  g_autoptr(GListStore) store = NULL;
  GPtrArray *children;

  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), NULL);

  if (row != NULL && !vigil_feature_node_is_category (vigil_feature_row_get_node (row)))
    return NULL;
  children = row ? vigil_feature_row_get_node (row)->children : vigil_feature_tree_get_roots (self->tree);
  store = g_list_store_new (VIGIL_TYPE_FEATURE_ROW);
  for (guint i = 0; children != NULL && i < children->len; i++)
    if (g_hash_table_contains (self->shown, children->pdata[i]))
      g_list_store_append (store, g_hash_table_lookup (self->by_node, children->pdata[i]));
  if (row != NULL && g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * vigil_feature_model_dup_all_children:
 * @row: (nullable): a category's row; %NULL for the top level
 *
 * Every child, shown or not (a view filters them with
 * vigil_feature_model_is_shown (), so a new filter changes only what
 * changed).
 *
 * Returns: (transfer full) (nullable): the children, %NULL for a feature
 */
GListModel *
vigil_feature_model_dup_all_children (VigilFeatureModel *self,
                                      VigilFeatureRow   *row)
{
  g_autoptr(GListStore) store = NULL;
  GPtrArray *children;

  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), NULL);

  if (row != NULL && !vigil_feature_node_is_category (vigil_feature_row_get_node (row)))
    return NULL;
  children = row ? vigil_feature_row_get_node (row)->children : vigil_feature_tree_get_roots (self->tree);
  store = g_list_store_new (VIGIL_TYPE_FEATURE_ROW);
  for (guint i = 0; children != NULL && i < children->len; i++)
    g_list_store_append (store, g_hash_table_lookup (self->by_node, children->pdata[i]));
  return G_LIST_MODEL (g_steal_pointer (&store));
}

gboolean
vigil_feature_model_is_shown (VigilFeatureModel *self,
                              VigilFeatureRow   *row)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), FALSE);
  return g_hash_table_contains (self->shown, vigil_feature_row_get_node (row));
}

/* How many rows the filter keeps (categories included). */
guint
vigil_feature_model_count_shown (VigilFeatureModel *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), 0);
  return g_hash_table_size (self->shown);
}

/**
 * vigil_feature_model_get_rows:
 *
 * Returns: (transfer none) (element-type VigilFeatureRow): every row
 */
GPtrArray *
vigil_feature_model_get_rows (VigilFeatureModel *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), NULL);
  return self->rows;
}

/**
 * vigil_feature_model_lookup:
 *
 * Returns: (transfer none) (nullable): the first row of feature @name
 */
VigilFeatureRow *
vigil_feature_model_lookup (VigilFeatureModel *self,
                            const char        *name)
{
  GPtrArray *places;

  g_return_val_if_fail (VIGIL_IS_FEATURE_MODEL (self), NULL);
  places = name ? g_hash_table_lookup (self->by_name, name) : NULL;
  return places != NULL && places->len > 0 ? places->pdata[0] : NULL;
}

/* A value read: every place of that feature shows it. */
void
vigil_feature_model_set_value (VigilFeatureModel       *self,
                               const VigilFeatureValue *value)
{
  GPtrArray *places;

  g_return_if_fail (VIGIL_IS_FEATURE_MODEL (self));
  g_return_if_fail (value != NULL && value->name != NULL);

  places = g_hash_table_lookup (self->by_name, value->name);
  for (guint i = 0; places != NULL && i < places->len; i++)
    vigil_feature_row_set_value (places->pdata[i], value);
}

void
vigil_feature_model_forget_values (VigilFeatureModel *self)
{
  g_return_if_fail (VIGIL_IS_FEATURE_MODEL (self));
  for (guint i = 0; i < self->rows->len; i++)
    vigil_feature_row_forget (self->rows->pdata[i]);
}
