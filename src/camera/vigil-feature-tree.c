/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-tree"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-feature-tree.h"
#include "vigil-utf8.h"

/* Bounds against a hostile or broken XML: a category cycle, a tree of a
 * million nodes, an enumeration of a million entries. */
#define MAX_DEPTH    32
#define MAX_NODES    20000
#define MAX_ENTRIES  1024
#define MAX_LINKS    64

struct _VigilFeatureTree
{
  GPtrArray  *roots;        /* of VigilFeatureNode, Root's children */
  GPtrArray  *nodes;        /* of VigilFeatureNode, owning, depth first */
  GHashTable *by_name;      /* name → first VigilFeatureNode of that name */
  GHashTable *invalidates;  /* node name → GPtrArray of feature names it invalidates */
};

G_DEFINE_BOXED_TYPE (VigilFeatureTree, vigil_feature_tree, vigil_feature_tree_ref, vigil_feature_tree_unref)

static void
node_free (VigilFeatureNode *node)
{
  g_free (node->name);
  g_free (node->display_name);
  g_free (node->tooltip);
  g_free (node->description);
  g_free (node->unit);
  g_strfreev (node->entries);
  g_strfreev (node->entry_labels);
  g_strfreev (node->invalidators);
  g_free (node->value_node);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

static void
tree_clear (VigilFeatureTree *self)
{
  g_clear_pointer (&self->roots, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->invalidates, g_hash_table_unref);
}

static char *
name_string (const char *text)
{
  return vigil_utf8_sanitize_bounded (text, -1, VIGIL_UTF8_NAME_MAX);
}

static char *
long_string (const char *text)
{
  g_autofree char *stripped = text ? g_strstrip (g_strdup (text)) : NULL;

  if (stripped == NULL || *stripped == '\0')
    return NULL;
  return vigil_utf8_sanitize_bounded (stripped, -1, VIGIL_UTF8_MESSAGE_MAX);
}

static VigilFeatureVisibility
visibility_of (ArvGcFeatureNode *node)
{
  switch (arv_gc_feature_node_get_visibility (node))
    {
    case ARV_GC_VISIBILITY_INVISIBLE:
      return VIGIL_FEATURE_VISIBILITY_INVISIBLE;
    case ARV_GC_VISIBILITY_GURU:
      return VIGIL_FEATURE_VISIBILITY_GURU;
    case ARV_GC_VISIBILITY_EXPERT:
      return VIGIL_FEATURE_VISIBILITY_EXPERT;
    case ARV_GC_VISIBILITY_BEGINNER:
    case ARV_GC_VISIBILITY_UNDEFINED:
    default:
      return VIGIL_FEATURE_VISIBILITY_BEGINNER;
    }
}

static VigilFeatureAccess
access_of (ArvGcFeatureNode *node)
{
  switch (arv_gc_feature_node_get_actual_access_mode (node))
    {
    case ARV_GC_ACCESS_MODE_RO:
      return VIGIL_FEATURE_ACCESS_RO;
    case ARV_GC_ACCESS_MODE_WO:
      return VIGIL_FEATURE_ACCESS_WO;
    case ARV_GC_ACCESS_MODE_RW:
      return VIGIL_FEATURE_ACCESS_RW;
    case ARV_GC_ACCESS_MODE_UNDEFINED:
    default:
      return VIGIL_FEATURE_ACCESS_UNDEFINED;
    }
}

static VigilFeatureRepresentation
representation_of (ArvGcRepresentation representation)
{
  if (representation < ARV_GC_REPRESENTATION_LINEAR || representation > ARV_GC_REPRESENTATION_MAC_ADDRESS)
    return VIGIL_FEATURE_REPRESENTATION_UNDEFINED;
  return (VigilFeatureRepresentation) (representation - ARV_GC_REPRESENTATION_LINEAR + 1);
}

/* The text of a property element (<pInvalidator>Name</pInvalidator>),
 * read from the DOM: no register is touched. */
static const char *
element_text (ArvDomNode *element)
{
  ArvDomNode *text = arv_dom_node_get_first_child (element);

  return text != NULL ? arv_dom_node_get_node_value (text) : NULL;
}

/* Invalidators, polling time, streamable and pValue: what the XML says in
 * the feature's child elements, which Aravis keeps but does not expose. */
static void
read_properties (VigilFeatureNode *node,
                 ArvDomNode       *element)
{
  g_autoptr(GStrvBuilder) invalidators = g_strv_builder_new ();
  guint links = 0;

  for (ArvDomNode *child = arv_dom_node_get_first_child (element);
       child != NULL; child = arv_dom_node_get_next_sibling (child))
    {
      const char *tag = arv_dom_node_get_node_name (child);
      g_autofree char *text = NULL;

      if (tag == NULL || !ARV_IS_GC_PROPERTY_NODE (child))
        continue;
      text = name_string (element_text (child));
      if (text == NULL)
        continue;
      g_strstrip (text);
      if (g_str_equal (tag, "pInvalidator") && links++ < MAX_LINKS)
        g_strv_builder_add (invalidators, text);
      else if (g_str_equal (tag, "PollingTime"))
        node->polling_ms = (guint) CLAMP (g_ascii_strtoll (text, NULL, 0), 0, G_MAXINT);
      else if (g_str_equal (tag, "Streamable"))
        node->streamable = g_ascii_strcasecmp (text, "Yes") == 0;
      else if (g_str_equal (tag, "pValue") && node->value_node == NULL)
        node->value_node = g_steal_pointer (&text);
    }
  node->invalidators = g_strv_builder_end (invalidators);
}

static void
reverse_strv (GStrv strv)
{
  guint n = g_strv_length (strv);

  for (guint i = 0; i < n / 2; i++)
    {
      char *swap = strv[i];

      strv[i] = strv[n - 1 - i];
      strv[n - 1 - i] = swap;
    }
}

static void
read_entries (VigilFeatureNode *node,
              ArvGcEnumeration *enumeration)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  guint n = 0;

  for (const GSList *l = arv_gc_enumeration_get_entries (enumeration); l != NULL && n < MAX_ENTRIES; l = l->next)
    {
      ArvGcFeatureNode *entry = l->data;
      g_autofree char *name = NULL;
      g_autofree char *shown = NULL;
      const char *label;

      if (!ARV_IS_GC_FEATURE_NODE (entry) || arv_gc_feature_node_get_name (entry) == NULL)
        continue;
      label = arv_gc_feature_node_get_display_name (entry);
      name = name_string (arv_gc_feature_node_get_name (entry));
      shown = name_string (label ? label : arv_gc_feature_node_get_name (entry));
      g_strv_builder_add (names, name);
      g_strv_builder_add (labels, shown);
      n++;
    }
  node->entries = g_strv_builder_end (names);
  node->entry_labels = g_strv_builder_end (labels);
  /* Aravis keeps them last first. */
  reverse_strv (node->entries);
  reverse_strv (node->entry_labels);
}

static VigilFeatureNode *
node_new (ArvGcFeatureNode *feature,
          const char       *name)
{
  VigilFeatureNode *node = g_new0 (VigilFeatureNode, 1);
  const char *display = arv_gc_feature_node_get_display_name (feature);

  node->name = name_string (name);
  node->display_name = name_string (display != NULL && *display != '\0' ? display : name);
  node->tooltip = long_string (arv_gc_feature_node_get_tooltip (feature));
  node->description = long_string (arv_gc_feature_node_get_description (feature));
  node->kind = vigil_feature_kind_of (ARV_GC_NODE (feature));
  node->visibility = visibility_of (feature);
  node->access = node->kind == VIGIL_FEATURE_KIND_CATEGORY ? VIGIL_FEATURE_ACCESS_RO : access_of (feature);
  if (node->kind == VIGIL_FEATURE_KIND_FLOAT)
    {
      node->representation = representation_of (arv_gc_float_get_representation (ARV_GC_FLOAT (feature)));
      node->unit = name_string (arv_gc_float_get_unit (ARV_GC_FLOAT (feature)));
    }
  else if (node->kind == VIGIL_FEATURE_KIND_INTEGER)
    {
      node->representation = representation_of (arv_gc_integer_get_representation (ARV_GC_INTEGER (feature)));
      node->unit = name_string (arv_gc_integer_get_unit (ARV_GC_INTEGER (feature)));
    }
  else if (node->kind == VIGIL_FEATURE_KIND_ENUMERATION)
    read_entries (node, ARV_GC_ENUMERATION (feature));
  if (node->unit != NULL && *node->unit == '\0')
    g_clear_pointer (&node->unit, g_free);
  read_properties (node, ARV_DOM_NODE (feature));
  if (node->entries == NULL)
    node->entries = g_new0 (char *, 1);
  if (node->entry_labels == NULL)
    node->entry_labels = g_new0 (char *, 1);
  return node;
}

typedef struct
{
  VigilFeatureTree *tree;
  ArvGc            *genicam;
  GHashTable       *path;   /* categories on the way down: no cycles */
} Walk;

static void
index_invalidators (VigilFeatureTree *self,
                    VigilFeatureNode *node)
{
  for (guint i = 0; node->invalidators[i] != NULL; i++)
    {
      GPtrArray *list = g_hash_table_lookup (self->invalidates, node->invalidators[i]);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->invalidates, node->invalidators[i], list);
        }
      if (!g_ptr_array_find_with_equal_func (list, node->name, g_str_equal, NULL))
        g_ptr_array_add (list, node->name);
    }
}

static void
walk_category (Walk             *walk,
               ArvGcCategory    *category,
               VigilFeatureNode *parent,
               GPtrArray        *into,
               guint             depth)
{
  if (depth >= MAX_DEPTH)
    return;

  for (const GSList *l = arv_gc_category_get_features (category); l != NULL; l = l->next)
    {
      const char *name = l->data;
      ArvGcNode *gc_node = name ? arv_gc_get_node (walk->genicam, name) : NULL;
      VigilFeatureNode *node;

      if (walk->tree->nodes->len >= MAX_NODES)
        return;
      if (!ARV_IS_GC_FEATURE_NODE (gc_node) || g_hash_table_contains (walk->path, name))
        continue;

      node = node_new (ARV_GC_FEATURE_NODE (gc_node), name);
      node->depth = depth;
      node->parent = parent;
      g_ptr_array_add (walk->tree->nodes, node);
      g_ptr_array_add (into, node);
      if (!g_hash_table_contains (walk->tree->by_name, node->name))
        {
          g_hash_table_insert (walk->tree->by_name, node->name, node);
          index_invalidators (walk->tree, node);
        }
      if (node->kind == VIGIL_FEATURE_KIND_CATEGORY)
        {
          node->children = g_ptr_array_new ();
          g_hash_table_add (walk->path, (gpointer) name);
          walk_category (walk, ARV_GC_CATEGORY (gc_node), node, node->children, depth + 1);
          g_hash_table_remove (walk->path, name);
        }
    }
}

/**
 * vigil_feature_tree_build:
 * @genicam: the device's node map; session worker thread only
 *
 * Walks the categories from "Root" down.  Reads no register.
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL with @error when
 *   the XML has no Root category
 */
VigilFeatureTree *
vigil_feature_tree_build (ArvGc   *genicam,
                          GError **error)
{
  g_autoptr(VigilFeatureTree) self = NULL;
  g_autoptr(GHashTable) path = NULL;
  ArvGcNode *root;
  Walk walk;

  g_return_val_if_fail (ARV_IS_GC (genicam), NULL);

  root = arv_gc_get_node (genicam, "Root");
  if (!ARV_IS_GC_CATEGORY (root))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FEATURE,
                   _("The camera’s GenICam description has no Root category"));
      return NULL;
    }

  self = g_atomic_rc_box_new0 (VigilFeatureTree);
  self->roots = g_ptr_array_new ();
  self->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->invalidates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  path = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (path, (gpointer) "Root");
  walk = (Walk) { self, genicam, path };
  walk_category (&walk, ARV_GC_CATEGORY (root), NULL, self->roots, 0);
  return g_steal_pointer (&self);
}

VigilFeatureTree *
vigil_feature_tree_ref (VigilFeatureTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
vigil_feature_tree_unref (VigilFeatureTree *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) tree_clear);
}

/**
 * vigil_feature_tree_get_roots:
 *
 * Returns: (transfer none) (element-type VigilFeatureNode): Root's children
 */
GPtrArray *
vigil_feature_tree_get_roots (VigilFeatureTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->roots;
}

/**
 * vigil_feature_tree_get_nodes:
 *
 * Returns: (transfer none) (element-type VigilFeatureNode): every node,
 *   depth first
 */
GPtrArray *
vigil_feature_tree_get_nodes (VigilFeatureTree *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->nodes;
}

/**
 * vigil_feature_tree_lookup:
 *
 * Returns: (transfer none) (nullable): the first node named @name
 */
VigilFeatureNode *
vigil_feature_tree_lookup (VigilFeatureTree *self,
                           const char       *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  return name ? g_hash_table_lookup (self->by_name, name) : NULL;
}

static void
add_invalidated (VigilFeatureTree *self,
                 const char       *name,
                 GPtrArray        *out)
{
  GPtrArray *list = name ? g_hash_table_lookup (self->invalidates, name) : NULL;

  for (guint i = 0; list != NULL && i < list->len; i++)
    if (!g_ptr_array_find_with_equal_func (out, list->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (out, g_strdup (list->pdata[i]));
}

/**
 * vigil_feature_tree_dup_invalidated:
 * @written: the feature just written
 *
 * The features whose XML names @written (or the node @written takes its
 * value from) as an invalidator: to be read again after the write.
 *
 * Returns: (transfer full) (element-type utf8): their names
 */
GPtrArray *
vigil_feature_tree_dup_invalidated (VigilFeatureTree *self,
                                    const char       *written)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  VigilFeatureNode *node;

  g_return_val_if_fail (self != NULL, out);

  node = vigil_feature_tree_lookup (self, written);
  add_invalidated (self, written, out);
  if (node != NULL)
    add_invalidated (self, node->value_node, out);
  return out;
}

/* How many places the tree has for categories (or features) of exactly
 * @visibility. */
guint
vigil_feature_tree_count (VigilFeatureTree       *self,
                          gboolean                categories,
                          VigilFeatureVisibility  visibility)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      VigilFeatureNode *node = self->nodes->pdata[i];

      if (vigil_feature_node_is_category (node) == !!categories && node->visibility == visibility)
        n++;
    }
  return n;
}

gboolean
vigil_feature_node_is_category (const VigilFeatureNode *node)
{
  return node != NULL && node->kind == VIGIL_FEATURE_KIND_CATEGORY;
}

/* Untranslated names, for files and logs; the view translates them. */
/* What a GenICam node is, by its Aravis class (the tree and the reads
 * share it). */
VigilFeatureKind
vigil_feature_kind_of (ArvGcNode *node)
{
  if (ARV_IS_GC_CATEGORY (node))
    return VIGIL_FEATURE_KIND_CATEGORY;
  if (ARV_IS_GC_ENUMERATION (node))
    return VIGIL_FEATURE_KIND_ENUMERATION;
  if (ARV_IS_GC_BOOLEAN (node))
    return VIGIL_FEATURE_KIND_BOOLEAN;
  if (ARV_IS_GC_COMMAND (node))
    return VIGIL_FEATURE_KIND_COMMAND;
  if (ARV_IS_GC_FLOAT (node))
    return VIGIL_FEATURE_KIND_FLOAT;
  if (ARV_IS_GC_INTEGER (node))
    return VIGIL_FEATURE_KIND_INTEGER;
  if (ARV_IS_GC_STRING (node))
    return VIGIL_FEATURE_KIND_STRING;
  return VIGIL_FEATURE_KIND_OTHER;
}

const char *
vigil_feature_kind_to_string (VigilFeatureKind kind)
{
  static const char * const names[] = {
    N_("Category"), N_("Integer"), N_("Float"), N_("Enumeration"),
    N_("Boolean"), N_("String"), N_("Command"), N_("Other"),
  };

  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : N_("Other");
}

const char *
vigil_feature_visibility_to_string (VigilFeatureVisibility visibility)
{
  static const char * const names[] = { N_("Beginner"), N_("Expert"), N_("Guru"), N_("Invisible") };

  return (guint) visibility < G_N_ELEMENTS (names) ? names[visibility] : N_("Beginner");
}

const char *
vigil_feature_access_to_string (VigilFeatureAccess access)
{
  static const char * const names[] = { N_("Undefined"), N_("Read only"), N_("Write only"), N_("Read and write") };

  return (guint) access < G_N_ELEMENTS (names) ? names[access] : N_("Undefined");
}
