/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-feature-log"

#include "config.h"

#include "vigil-feature-log.h"

/* At most this many features are remembered (the quick controls have a
 * dozen; a script writing hundreds of names must not grow it forever). */
#define MAX_FEATURES 64

typedef struct
{
  char     *feature;
  GVariant *value;
} Entry;

struct _VigilFeatureLog
{
  GPtrArray *entries;   /* of Entry, oldest first */
};

static void
entry_free (Entry *entry)
{
  g_free (entry->feature);
  g_variant_unref (entry->value);
  g_free (entry);
}

/**
 * vigil_feature_log_new:
 *
 * Returns: (transfer full): an empty log
 */
VigilFeatureLog *
vigil_feature_log_new (void)
{
  VigilFeatureLog *self = g_new0 (VigilFeatureLog, 1);

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return self;
}

void
vigil_feature_log_free (VigilFeatureLog *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->entries);
  g_free (self);
}

void
vigil_feature_log_forget (VigilFeatureLog *self,
                          const char      *feature)
{
  g_return_if_fail (self != NULL && feature != NULL);

  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (((Entry *) g_ptr_array_index (self->entries, i))->feature, feature))
      {
        g_ptr_array_remove_index (self->entries, i);
        return;
      }
}

/**
 * vigil_feature_log_set:
 * @value: (transfer none): a floating reference is sunk
 *
 * Remembers that @feature was written with @value.
 */
void
vigil_feature_log_set (VigilFeatureLog *self,
                       const char      *feature,
                       GVariant        *value)
{
  Entry *entry;

  g_return_if_fail (self != NULL && feature != NULL && value != NULL);

  g_variant_ref_sink (value);
  vigil_feature_log_forget (self, feature);
  if (self->entries->len >= MAX_FEATURES)
    g_ptr_array_remove_index (self->entries, 0);
  entry = g_new0 (Entry, 1);
  entry->feature = g_strdup (feature);
  entry->value = value;
  g_ptr_array_add (self->entries, entry);
}

guint
vigil_feature_log_count (VigilFeatureLog *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

/* Calls @func for each feature, oldest write first. */
void
vigil_feature_log_foreach (VigilFeatureLog     *self,
                           VigilFeatureLogFunc  func,
                           gpointer             user_data)
{
  g_return_if_fail (self != NULL && func != NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      func (entry->feature, entry->value, user_data);
    }
}
