/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-feature-row.h"

struct _VigilFeatureRow
{
  GObject            parent_instance;

  VigilFeatureTree  *tree;       /* keeps `node` alive */
  VigilFeatureNode  *node;
  VigilFeatureValue *value;      /* (nullable) not read yet */
  char              *text;
  char              *haystack;   /* casefolded name, display name, description */
  gint64             read_at;    /* monotonic µs of the newest read, 0 before */
};

G_DEFINE_FINAL_TYPE (VigilFeatureRow, vigil_feature_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_feature_row_finalize (GObject *object)
{
  VigilFeatureRow *self = (VigilFeatureRow *) object;

  g_clear_pointer (&self->value, vigil_feature_value_free);
  g_clear_pointer (&self->tree, vigil_feature_tree_unref);
  g_free (self->text);
  g_free (self->haystack);

  G_OBJECT_CLASS (vigil_feature_row_parent_class)->finalize (object);
}

static void
vigil_feature_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilFeatureRow *self = VIGIL_FEATURE_ROW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, vigil_feature_row_get_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_feature_row_class_init (VigilFeatureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_feature_row_finalize;
  object_class->get_property = vigil_feature_row_get_property;

  /* The value in words, the placeholder before it was read. */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_feature_row_init (VigilFeatureRow *self)
{
}

/**
 * vigil_feature_row_new:
 * @node: (transfer none): a node of @tree
 *
 * Returns: (transfer full): a row without a value
 */
VigilFeatureRow *
vigil_feature_row_new (VigilFeatureTree *tree,
                       VigilFeatureNode *node)
{
  VigilFeatureRow *self;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (tree != NULL && node != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_FEATURE_ROW, NULL);
  self->tree = vigil_feature_tree_ref (tree);
  self->node = node;
  joined = g_strjoin ("\n", node->name, node->display_name, node->description ? node->description : "", NULL);
  self->haystack = g_utf8_casefold (joined, -1);
  return self;
}

VigilFeatureNode *
vigil_feature_row_get_node (VigilFeatureRow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_ROW (self), NULL);
  return self->node;
}

/**
 * vigil_feature_row_get_value:
 *
 * Returns: (transfer none) (nullable): the newest value read, %NULL before
 */
const VigilFeatureValue *
vigil_feature_row_get_value (VigilFeatureRow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_ROW (self), NULL);
  return self->value;
}

static void
set_text (VigilFeatureRow *self,
          char            *text)
{
  if (g_strcmp0 (self->text, text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->text);
  self->text = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
vigil_feature_row_set_value (VigilFeatureRow         *self,
                             const VigilFeatureValue *value)
{
  g_return_if_fail (VIGIL_IS_FEATURE_ROW (self));
  g_return_if_fail (value != NULL);

  g_clear_pointer (&self->value, vigil_feature_value_free);
  self->value = vigil_feature_value_copy (value);
  self->read_at = g_get_monotonic_time ();
  if (value->text == NULL)
    /* Translators: shown instead of a value that could not be read. */
    set_text (self, g_strdup (_("(not read)")));
  else if (!value->available)
    set_text (self, g_strdup (_("(not available)")));
  else
    set_text (self, g_strdup (value->text));
}

/* The value is stale (F5, a reconnect): read again when shown. */
void
vigil_feature_row_forget (VigilFeatureRow *self)
{
  g_return_if_fail (VIGIL_IS_FEATURE_ROW (self));

  g_clear_pointer (&self->value, vigil_feature_value_free);
  self->read_at = 0;
  set_text (self, NULL);
}

const char *
vigil_feature_row_get_text (VigilFeatureRow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_ROW (self), NULL);
  if (vigil_feature_node_is_category (self->node))
    return "";
  return self->text ? self->text : VIGIL_FEATURE_ROW_PLACEHOLDER;
}

gint64
vigil_feature_row_get_read_at (VigilFeatureRow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_ROW (self), 0);
  return self->read_at;
}

const char *
vigil_feature_row_get_haystack (VigilFeatureRow *self)
{
  g_return_val_if_fail (VIGIL_IS_FEATURE_ROW (self), NULL);
  return self->haystack;
}
