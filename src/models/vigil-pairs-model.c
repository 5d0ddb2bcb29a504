/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-pairs-model"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-pairs-model.h"

/* The ledger as the panel shows it: a tree of rows (sessions → kinds →
 * resources) for a tree list view, and the bars of the pairs graph for
 * the newest sessions.  Rows that are, or hold, an unpaired resource of an
 * ended session are flagged and sort first at every level; otherwise
 * sessions are newest first, kinds in kind order and resources in creation
 * order.  A session's orphans (fds and threads its phases left that no
 * ledger entry knows) are a group of their own under it, flagged like
 * unpaired resources.  Rows are kept and updated in place across
 * refreshes, so expanded rows stay expanded.  GIO only (no GTK); main
 * thread only. */

/* The key of the orphans group among a session's kind rows. */
#define ORPHANS_KEY ((guint64) VIGIL_N_RESOURCE_KINDS)
struct _VigilPairsModel
{
  GObject        parent_instance;

  VigilLedger   *ledger;               /* (nullable) when fixed */
  VigilOrphans  *orphans;              /* (nullable) */
  VigilPairsFixed *fixed;              /* (nullable): rows of a document, not a ledger */
  GListStore    *sessions;             /* VigilPairsRow */
  GArray        *bars;                 /* VigilPairsBar, oldest first */
  guint          max_bars;
  guint          bar_max;
  guint          n_unpaired;
  VigilLedgerDropped dropped;
};

G_DEFINE_FINAL_TYPE (VigilPairsModel, vigil_pairs_model, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_time (gint64 utc_us)
{
  g_autoptr(GDateTime) local = NULL;

  if (utc_us < 0)
    return g_strdup ("—");
  local = g_date_time_new_from_unix_local (utc_us / G_USEC_PER_SEC);
  return local ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");
}

/* The row of @store with @key, or a new one; (transfer full). */
static VigilPairsRow *
find_or_new (GListStore        *store,
             VigilPairsRowType  type,
             guint64            session,
             guint64            key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilPairsRow) row = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (vigil_pairs_row_get_key (row) == key)
        return g_steal_pointer (&row);
    }
  return vigil_pairs_row_new (type, session, key);
}

static gboolean
array_contains (GPtrArray *rows,
                gpointer   row)
{
  return g_ptr_array_find (rows, row, NULL);
}

/* Makes @store hold @rows in that order with as few changes as possible:
 * rows that stay in place are not removed and inserted again. */
static void
sync_store (GListStore *store,
            GPtrArray  *rows)
{
  GListModel *model = G_LIST_MODEL (store);

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i - 1);

      if (!array_contains (rows, item))
        g_list_store_remove (store, i - 1);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      gpointer want = g_ptr_array_index (rows, i);
      guint n = g_list_model_get_n_items (model);
      g_autoptr(GObject) here = i < n ? g_list_model_get_item (model, i) : NULL;
      guint at;

      if (here == want)
        continue;
      if (g_list_store_find (store, want, &at))
        g_list_store_remove (store, at);
      g_list_store_insert (store, i, want);
    }
}

static gint
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      descending)
{
  VigilPairsRow *ra = *(VigilPairsRow * const *) a;
  VigilPairsRow *rb = *(VigilPairsRow * const *) b;
  gboolean ua = vigil_pairs_row_get_unpaired (ra);
  gboolean ub = vigil_pairs_row_get_unpaired (rb);
  guint64 ka = vigil_pairs_row_get_key (ra);
  guint64 kb = vigil_pairs_row_get_key (rb);

  if (ua != ub)
    return ua ? -1 : 1;
  if (GPOINTER_TO_INT (descending))
    return (ka < kb) - (ka > kb);
  return (ka > kb) - (ka < kb);
}

static gboolean
update_resource (VigilPairsRow           *row,
                 const VigilResourceInfo *info,
                 gboolean                 ended)
{
  g_autofree char *created = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *handle = NULL;
  const char *state;
  gboolean unpaired = ended && !info->closed;

  created = g_strdup_printf ("%s · %s", vigil_action_to_string (info->create_action),
                             vigil_phase_to_string (info->create_phase));
  closed = g_strdup_printf ("%s · %s", vigil_action_to_string (info->close_action),
                            info->closed ? vigil_phase_to_string (info->close_phase) : "—");
  if (info->closed)
    state = _("Closed");
  else if (unpaired)
    state = _("Unpaired");
  else
    state = _("Open");
  if (info->os_handle >= 0)
    handle = g_strdup_printf ("fd %d → %s", info->os_handle, info->os_target ? info->os_target : "?");

  {
    const char *texts[VIGIL_PAIRS_N_COLUMNS] = { info->name, created, closed, state, handle };

    return vigil_pairs_row_update (row, texts, unpaired);
  }
}

static gboolean
update_kind (VigilPairsRow        *row,
             const VigilKindPairs *pairs,
             gboolean              ended,
             GPtrArray            *resources)
{
  GListStore *store = G_LIST_STORE (vigil_pairs_row_get_children (row));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *created = g_strdup_printf (_("%u created"), pairs->created);
  g_autofree char *closed = g_strdup_printf (_("%u closed"), pairs->closed);
  g_autofree char *state = NULL;
  gboolean unpaired = ended && pairs->open > 0;
  gboolean changed = FALSE;

  if (pairs->open == 0)
    state = g_strdup (_("Paired"));
  else if (ended)
    state = g_strdup_printf (_("%u unpaired"), pairs->open);
  else
    state = g_strdup_printf (_("%u open"), pairs->open);

  for (guint i = 0; i < resources->len; i++)
    {
      VigilResourceInfo *info = g_ptr_array_index (resources, i);
      VigilPairsRow *child;

      if (info->kind != pairs->kind)
        continue;
      child = find_or_new (store, VIGIL_PAIRS_ROW_RESOURCE, info->session, info->id);
      changed |= update_resource (child, info, ended);
      g_ptr_array_add (rows, child);
    }
  g_ptr_array_sort_with_data (rows, compare_rows, GINT_TO_POINTER (FALSE));
  sync_store (store, rows);

  {
    const char *texts[VIGIL_PAIRS_N_COLUMNS] = {
      vigil_resource_kind_to_string (pairs->kind), created, closed, state, NULL
    };

    changed |= vigil_pairs_row_update (row, texts, unpaired);
  }
  return changed;
}

static gboolean
update_orphan (VigilPairsRow     *row,
               const VigilOrphan *orphan)
{
  g_autofree char *created = g_strdup_printf (_("Left · %s"), vigil_phase_to_string (orphan->phase));
  g_autofree char *handle = g_strdup_printf ("%s %d → %s", orphan->thread ? "tid" : "fd", orphan->handle,
                                             orphan->target != NULL ? orphan->target : "?");
  const char *texts[VIGIL_PAIRS_N_COLUMNS] = { orphan->name, created, "—", _("Orphan"), handle };

  return vigil_pairs_row_update (row, texts, TRUE);
}

/* The group of @session's orphans (@orphans: all of them), when it has
 * any; returns how many it has. */
static guint
update_orphans (GListStore *store,
                GPtrArray  *rows,
                guint64     session,
                GPtrArray  *orphans,
                gboolean   *changed)
{
  g_autoptr(VigilPairsRow) group = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *created = NULL;
  g_autofree char *state = NULL;
  GListStore *child_store = NULL;

  for (guint i = 0; orphans != NULL && i < orphans->len; i++)
    {
      const VigilOrphan *orphan = g_ptr_array_index (orphans, i);
      guint64 key = ((guint64) orphan->thread << 32) | (guint32) orphan->handle;

      if (orphan->session != session)
        continue;
      if (group == NULL)
        {
          group = find_or_new (store, VIGIL_PAIRS_ROW_KIND, session, ORPHANS_KEY);
          child_store = G_LIST_STORE (vigil_pairs_row_get_children (group));
        }
      g_ptr_array_add (children, find_or_new (child_store, VIGIL_PAIRS_ROW_RESOURCE, session, key));
      *changed |= update_orphan (g_ptr_array_index (children, children->len - 1), orphan);
    }
  if (group == NULL)
    return 0;
  sync_store (child_store, children);
  created = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u left", "%u left", children->len), children->len);
  state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u orphan", "%u orphans", children->len), children->len);
  {
    const char *texts[VIGIL_PAIRS_N_COLUMNS] = { _("Orphans (tracked by nobody)"), created, "—", state, NULL };

    *changed |= vigil_pairs_row_update (group, texts, TRUE);
  }
  g_ptr_array_add (rows, g_steal_pointer (&group));
  return children->len;
}

static gboolean
update_session (GPtrArray              *resources,
                GArray                 *pairs,
                VigilPairsRow          *row,
                const VigilSessionInfo *info,
                GPtrArray              *orphans,
                VigilPairsBar          *bar)
{
  GListStore *store = G_LIST_STORE (vigil_pairs_row_get_children (row));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = NULL;
  g_autofree char *opened = format_time (info->opened_us);
  g_autofree char *closed = format_time (info->ended ? info->closed_us : -1);
  g_autofree char *state = NULL;
  gboolean unpaired = info->ended && info->n_open > 0;
  gboolean changed = FALSE;

  for (guint k = 0; k < pairs->len; k++)
    {
      const VigilKindPairs *kind = &g_array_index (pairs, VigilKindPairs, k);
      VigilPairsRow *child;

      bar->created[kind->kind] = kind->created;
      bar->closed[kind->kind] = kind->closed;
      bar->n_created += kind->created;
      bar->n_closed += kind->closed;
      if (kind->created == 0)
        continue;
      child = find_or_new (store, VIGIL_PAIRS_ROW_KIND, info->id, kind->kind);
      changed |= update_kind (child, kind, info->ended, resources);
      g_ptr_array_add (rows, child);
    }
  bar->n_orphans = update_orphans (store, rows, info->id, orphans, &changed);
  bar->unpaired |= bar->n_orphans > 0;
  unpaired |= bar->n_orphans > 0;
  g_ptr_array_sort_with_data (rows, compare_rows, GINT_TO_POINTER (FALSE));
  sync_store (store, rows);

  name = g_strdup_printf (_("Session %" PRIu64 " · %s"), info->id, info->camera ? info->camera : "?");
  if (!info->ended)
    state = g_strdup_printf (_("Live · %s"), vigil_phase_to_string (info->phase));
  else if (info->n_open > 0)
    state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ended · %u unpaired", "Ended · %u unpaired",
                                          info->n_open), info->n_open);
  else if (bar->n_orphans > 0)
    state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ended · %u orphan", "Ended · %u orphans",
                                          bar->n_orphans), bar->n_orphans);
  else
    state = g_strdup (_("Ended · all paired"));

  {
    const char *texts[VIGIL_PAIRS_N_COLUMNS] = { name, opened, closed, state, NULL };

    changed |= vigil_pairs_row_update (row, texts, unpaired);
  }
  return changed;
}

/* The row of the sessions the ledger no longer keeps in full (key 0: no
 * session has it), with their totals per kind and nothing below those. */
static gboolean
update_dropped (VigilPairsRow            *row,
                const VigilLedgerDropped *dropped)
{
  GListStore *store = G_LIST_STORE (vigil_pairs_row_get_children (row));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *state = NULL;
  gboolean changed = FALSE;

  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    {
      VigilKindPairs pairs = { (VigilResourceKind) k, (guint) dropped->created[k], (guint) dropped->closed[k], 0 };
      VigilPairsRow *child;

      for (guint p = 0; p < VIGIL_N_PHASES; p++)
        pairs.open += (guint) dropped->unpaired[k][p];
      if (pairs.created == 0)
        continue;
      child = find_or_new (store, VIGIL_PAIRS_ROW_KIND, 0, k);
      changed |= update_kind (child, &pairs, TRUE, none);
      g_ptr_array_add (rows, child);
    }
  g_ptr_array_sort_with_data (rows, compare_rows, GINT_TO_POINTER (FALSE));
  sync_store (store, rows);

  if (dropped->n_unpaired > 0)
    state = g_strdup_printf (_("%" PRIu64 " sessions · %" PRIu64 " unpaired"),
                             (uint64_t) dropped->sessions, (uint64_t) dropped->n_unpaired);
  else
    state = g_strdup_printf (_("%" PRIu64 " sessions · all paired"), (uint64_t) dropped->sessions);
  {
    const char *texts[VIGIL_PAIRS_N_COLUMNS] = { _("Older sessions (counted, details not kept)"), "—", "—",
                                                 state, NULL };

    changed |= vigil_pairs_row_update (row, texts, dropped->n_unpaired > 0);
  }
  return changed;
}

static void
vigil_pairs_model_dispose (GObject *object)
{
  VigilPairsModel *self = (VigilPairsModel *) object;

  g_clear_object (&self->sessions);
  g_clear_object (&self->ledger);
  g_clear_object (&self->orphans);
  g_clear_pointer (&self->fixed, vigil_pairs_fixed_free);

  G_OBJECT_CLASS (vigil_pairs_model_parent_class)->dispose (object);
}

static void
vigil_pairs_model_finalize (GObject *object)
{
  VigilPairsModel *self = (VigilPairsModel *) object;

  g_clear_pointer (&self->bars, g_array_unref);

  G_OBJECT_CLASS (vigil_pairs_model_parent_class)->finalize (object);
}

static void
vigil_pairs_model_class_init (VigilPairsModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_pairs_model_dispose;
  object_class->finalize = vigil_pairs_model_finalize;

  /**
   * VigilPairsModel::changed:
   *
   * A refresh changed the rows or the bars.  Main thread.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_pairs_model_init (VigilPairsModel *self)
{
  self->sessions = g_list_store_new (VIGIL_TYPE_PAIRS_ROW);
  self->bars = g_array_new (FALSE, TRUE, sizeof (VigilPairsBar));
  self->max_bars = VIGIL_PAIRS_MODEL_DEFAULT_BARS;
}

/**
 * vigil_pairs_model_new:
 *
 * Returns: (transfer full): a model of @ledger; empty until refreshed
 */
VigilPairsModel *
vigil_pairs_model_new (VigilLedger *ledger)
{
  VigilPairsModel *self;

  g_return_val_if_fail (VIGIL_IS_LEDGER (ledger), NULL);

  self = g_object_new (VIGIL_TYPE_PAIRS_MODEL, NULL);
  self->ledger = g_object_ref (ledger);
  return self;
}

/**
 * vigil_pairs_model_new_fixed:
 * @fixed: (transfer full): the sessions, their resources and pairs, and
 *   the orphans, as a document (a snapshot) holds them
 *
 * Returns: (transfer full): a model of rows that never change; empty until
 *   refreshed, like a model of a ledger
 */
VigilPairsModel *
vigil_pairs_model_new_fixed (VigilPairsFixed *fixed)
{
  VigilPairsModel *self;

  g_return_val_if_fail (fixed != NULL, NULL);
  g_return_val_if_fail (fixed->resources->len == fixed->sessions->len, NULL);
  g_return_val_if_fail (fixed->pairs->len == fixed->sessions->len, NULL);

  self = g_object_new (VIGIL_TYPE_PAIRS_MODEL, NULL);
  self->fixed = fixed;
  return self;
}

/**
 * vigil_pairs_fixed_new:
 *
 * Returns: (transfer full): empty arrays to fill: sessions
 *   (VigilSessionInfo, oldest first), and for each session at the same
 *   index its resources (a GPtrArray of VigilResourceInfo) and pairs (a
 *   GArray of VigilKindPairs); orphans (VigilOrphan) of every session
 */
VigilPairsFixed *
vigil_pairs_fixed_new (void)
{
  VigilPairsFixed *fixed = g_new0 (VigilPairsFixed, 1);

  fixed->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_session_info_free);
  fixed->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  fixed->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  fixed->orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_orphan_free);
  return fixed;
}

void
vigil_pairs_fixed_free (VigilPairsFixed *fixed)
{
  if (fixed == NULL)
    return;
  g_ptr_array_unref (fixed->sessions);
  g_ptr_array_unref (fixed->resources);
  g_ptr_array_unref (fixed->pairs);
  g_ptr_array_unref (fixed->orphans);
  g_free (fixed);
}

/* How many of the newest sessions the pairs graph shows. */
void
vigil_pairs_model_set_max_bars (VigilPairsModel *self,
                                guint            max_bars)
{
  g_return_if_fail (VIGIL_IS_PAIRS_MODEL (self));
  self->max_bars = MAX (max_bars, 1);
}

/**
 * vigil_pairs_model_set_orphans:
 * @orphans: (nullable): whose orphans to show under their sessions
 */
void
vigil_pairs_model_set_orphans (VigilPairsModel *self,
                               VigilOrphans    *orphans)
{
  g_return_if_fail (VIGIL_IS_PAIRS_MODEL (self));
  g_set_object (&self->orphans, orphans);
}

/**
 * vigil_pairs_model_refresh:
 *
 * Reads the ledger again and updates the rows in place; emits
 * #VigilPairsModel::changed when something differs.
 */
void
vigil_pairs_model_refresh (VigilPairsModel *self)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) bars = g_array_new (FALSE, TRUE, sizeof (VigilPairsBar));
  g_autoptr(GPtrArray) orphans = NULL;
  gboolean changed = FALSE;
  guint first_bar, bar_max = 0, n_unpaired = 0;

  g_return_if_fail (VIGIL_IS_PAIRS_MODEL (self));

  if (self->fixed != NULL)
    {
      infos = g_ptr_array_ref (self->fixed->sessions);
      orphans = g_ptr_array_ref (self->fixed->orphans);
    }
  else
    {
      infos = vigil_ledger_list_sessions (self->ledger);      /* oldest first */
      if (self->orphans != NULL)
        orphans = vigil_orphans_list (self->orphans, 0);
    }
  first_bar = infos->len > self->max_bars ? infos->len - self->max_bars : 0;

  for (guint i = 0; i < infos->len; i++)
    {
      VigilSessionInfo *info = g_ptr_array_index (infos, i);
      VigilPairsRow *row = find_or_new (self->sessions, VIGIL_PAIRS_ROW_SESSION, info->id, info->id);
      VigilPairsBar bar = { .session = info->id, .ended = info->ended,
                            .unpaired = info->ended && info->n_open > 0 };

      g_autoptr(GPtrArray) resources = NULL;
      g_autoptr(GArray) pairs = NULL;

      if (self->fixed != NULL)
        {
          resources = g_ptr_array_ref (g_ptr_array_index (self->fixed->resources, i));
          pairs = g_array_ref (g_ptr_array_index (self->fixed->pairs, i));
        }
      else
        {
          resources = vigil_ledger_list_resources (self->ledger, info->id);
          pairs = vigil_ledger_get_pairs (self->ledger, info->id);
        }
      changed |= update_session (resources, pairs, row, info, orphans, &bar);
      g_ptr_array_add (rows, row);
      if (bar.unpaired)
        n_unpaired += info->n_open + bar.n_orphans;
      if (i >= first_bar)
        {
          bar_max = MAX (bar_max, MAX (bar.n_created, bar.n_closed));
          g_array_append_val (bars, bar);
        }
    }
  if (self->fixed != NULL)
    self->dropped = self->fixed->dropped;
  else
    vigil_ledger_get_dropped (self->ledger, &self->dropped);
  if (self->dropped.sessions > 0)
    {
      VigilPairsRow *row = find_or_new (self->sessions, VIGIL_PAIRS_ROW_SESSION, 0, 0);

      changed |= update_dropped (row, &self->dropped);
      g_ptr_array_add (rows, row);
      n_unpaired += (guint) self->dropped.n_unpaired;
    }
  g_ptr_array_sort_with_data (rows, compare_rows, GINT_TO_POINTER (TRUE));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->sessions)) != rows->len)
    changed = TRUE;
  sync_store (self->sessions, rows);

  /* memcmp() of zero bytes still wants two valid pointers, and an empty
   * GArray's data may be NULL. */
  if (bars->len != self->bars->len ||
      (bars->len > 0 &&
       memcmp (bars->data, self->bars->data, bars->len * sizeof (VigilPairsBar)) != 0))
    changed = TRUE;
  g_clear_pointer (&self->bars, g_array_unref);
  self->bars = g_steal_pointer (&bars);
  self->bar_max = bar_max;
  self->n_unpaired = n_unpaired;

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Returns: (transfer none): the session rows (VigilPairsRow) */
GListModel *
vigil_pairs_model_get_sessions (VigilPairsModel *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_MODEL (self), NULL);
  return G_LIST_MODEL (self->sessions);
}

/* Resources of ended sessions never closed: those of the sessions kept,
 * their orphans, and those of the sessions counted only. */
guint
vigil_pairs_model_get_n_unpaired (VigilPairsModel *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_MODEL (self), 0);
  return self->n_unpaired;
}

/**
 * vigil_pairs_model_get_dropped:
 *
 * Returns: (transfer none): the totals of the sessions the ledger no
 *   longer keeps in full, as of the last refresh
 */
const VigilLedgerDropped *
vigil_pairs_model_get_dropped (VigilPairsModel *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_MODEL (self), NULL);
  return &self->dropped;
}

/* Bars of the newest sessions, oldest first (drawn newest right). */
guint
vigil_pairs_model_get_n_bars (VigilPairsModel *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_MODEL (self), 0);
  return self->bars->len;
}

/* Returns: (transfer none): bar @i, valid until the next refresh */
const VigilPairsBar *
vigil_pairs_model_get_bar (VigilPairsModel *self,
                           guint            i)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_MODEL (self), NULL);
  g_return_val_if_fail (i < self->bars->len, NULL);
  return &g_array_index (self->bars, VigilPairsBar, i);
}

/* The largest created or closed total among the bars (the graph's top). */
guint
vigil_pairs_model_get_bar_max (VigilPairsModel *self)
{
  g_return_val_if_fail (VIGIL_IS_PAIRS_MODEL (self), 0);
  return self->bar_max;
}
