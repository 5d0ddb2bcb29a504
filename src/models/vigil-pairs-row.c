/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-pairs-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-pairs-row.h"

/* One row of the session tree of the panel: a session, one kind of
 * resource in a session, or one resource.  Holds its texts ready to show
 * and whether it is, or holds, an unpaired resource of an ended session.
 * Updated in place by VigilPairsModel (which emits "changed"), so a tree
 * view keeps its expanded rows.  Main thread only. */
struct _VigilPairsRow
{
  GObject            parent_instance;

  VigilPairsRowType  type;
  guint64            session;
  guint64            key;
  char              *texts[VIGIL_PAIRS_N_COLUMNS];
  gboolean           unpaired;
  GListStore        *children;         /* (nullable) none for resources */
};

G_DEFINE_FINAL_TYPE (VigilPairsRow, vigil_pairs_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vigil_pairs_row_dispose (GObject *object)
{
  VigilPairsRow *self = (VigilPairsRow *) object;

  g_clear_object (&self->children);

  G_OBJECT_CLASS (vigil_pairs_row_parent_class)->dispose (object);
}

static void
vigil_pairs_row_finalize (GObject *object)
{
  VigilPairsRow *self = (VigilPairsRow *) object;

  for (guint i = 0; i < VIGIL_PAIRS_N_COLUMNS; i++)
    g_free (self->texts[i]);

  G_OBJECT_CLASS (vigil_pairs_row_parent_class)->finalize (object);
}

static void
vigil_pairs_row_class_init (VigilPairsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_pairs_row_dispose;
  object_class->finalize = vigil_pairs_row_finalize;

  /**
   * VigilPairsRow::changed:
   *
   * Its texts or its unpaired flag changed.  Main thread.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_pairs_row_init (VigilPairsRow *self)
{
}

/**
 * vigil_pairs_row_new:
 * @session: the session id the row belongs to
 * @key: what identifies the row among its siblings: the session id, the
 *   VigilResourceKind or the resource id
 *
 * Returns: (transfer full): a row with empty texts
 */
VigilPairsRow *
vigil_pairs_row_new (VigilPairsRowType type,
                     guint64           session,
                     guint64           key)
{
  VigilPairsRow *self = g_object_new (VIGIL_TYPE_PAIRS_ROW, NULL);

  self->type = type;
  self->session = session;
  self->key = key;
  if (type != VIGIL_PAIRS_ROW_RESOURCE)
    self->children = g_list_store_new (VIGIL_TYPE_PAIRS_ROW);
  return self;
}

VigilPairsRowType
vigil_pairs_row_get_row_type (VigilPairsRow *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_ROW (self), VIGIL_PAIRS_ROW_SESSION);
  return self->type;
}

guint64
vigil_pairs_row_get_session (VigilPairsRow *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_ROW (self), 0);
  return self->session;
}

guint64
vigil_pairs_row_get_key (VigilPairsRow *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_ROW (self), 0);
  return self->key;
}

/* Returns: (transfer none): the text of @column, "" when empty */
const char *
vigil_pairs_row_get_text (VigilPairsRow    *self,
                          VigilPairsColumn  column)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_ROW (self), "");
  g_return_val_if_fail (column < VIGIL_PAIRS_N_COLUMNS, "");
  return self->texts[column] ? self->texts[column] : "";
}

/* Whether the row is, or holds, a resource of an ended session that was
 * never closed. */
gboolean
vigil_pairs_row_get_unpaired (VigilPairsRow *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_ROW (self), FALSE);
  return self->unpaired;
}

/* Returns: (transfer none) (nullable): the child rows, NULL for a resource */
GListModel *
vigil_pairs_row_get_children (VigilPairsRow *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_ROW (self), NULL);
  return self->children ? G_LIST_MODEL (self->children) : NULL;
}

/**
 * vigil_pairs_row_update:
 * @texts: (array fixed-size=5): one text per column (NULL = empty)
 *
 * Sets the texts and the unpaired flag, and emits #VigilPairsRow::changed
 * when something differs.
 *
 * Returns: whether something changed
 */
gboolean
vigil_pairs_row_update (VigilPairsRow      *self,
                        const char * const *texts,
                        gboolean            unpaired)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (VIGIL_IS_PAIRS_ROW (self), FALSE);

  for (guint i = 0; i < VIGIL_PAIRS_N_COLUMNS; i++)
    if (g_strcmp0 (self->texts[i], texts[i]) != 0)
      {
        g_free (self->texts[i]);
        self->texts[i] = g_strdup (texts[i]);
        changed = TRUE;
      }
  if (self->unpaired != !!unpaired)
    {
      self->unpaired = !!unpaired;
      changed = TRUE;
    }
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return changed;
}
