/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-models"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-event-item.h"
#include "vigil-json.h"
#include "vigil-snapshot-models-private.h"
#include "vigil-snapshot-models.h"

/* The panel's models built from a diagnostic snapshot (docs/snapshot.md)
 * instead of the live diagnostics: the four charts from the periodic
 * series (time in the snapshot's clock, reconnects and faults marked from
 * its events), the pairs model from its sessions and orphans, and the
 * event log's items from its events.  What the document lacks (an older
 * or a damaged snapshot) is listed by member name, and so is what this
 * Vigil does not know (a newer one).  GIO only; main thread. */

#define SCHEMA_PREFIX "vigil-snapshot/"

/* What is shown of a document at most, the newest kept: more than Vigil
 * writes (3,600 periodic samples, a 10,000-event ring), so that a hostile
 * file within the loader's 64 MiB cannot make the viewer build millions of
 * rows. */
#define MAX_POINTS 20000
#define MAX_EVENTS 50000

/* The members of schema vigil-snapshot/1 that the viewer shows, and their
 * JSON node types. */
static const struct
{
  const char   *member;
  JsonNodeType  type;
} shown_members[] = {
  { "created", JSON_NODE_VALUE }, { "host", JSON_NODE_OBJECT }, { "process", JSON_NODE_OBJECT },
  { "settings", JSON_NODE_OBJECT }, { "camera", JSON_NODE_OBJECT }, { "supervisor", JSON_NODE_OBJECT },
  { "verdict", JSON_NODE_OBJECT }, { "series", JSON_NODE_OBJECT }, { "sessions", JSON_NODE_ARRAY },
  { "orphans", JSON_NODE_OBJECT }, { "faults", JSON_NODE_OBJECT }, { "events", JSON_NODE_ARRAY },
  { "sessions_dropped", JSON_NODE_OBJECT },
};

/* Known but not shown on their own: not "unknown". */
static const char * const other_members[] = { "schema", "created_us", "app", "soak", NULL };

struct _VigilSnapshotModels
{
  GObject          parent_instance;

  JsonNode        *document;
  VigilChartModel *charts[VIGIL_SNAPSHOT_N_CHARTS];
  VigilPairsModel *pairs;
  GListStore      *events;             /* VigilEventItem, oldest first */
  char            *host;
  gint64           created_us;
  GPtrArray       *missing;            /* member names, NULL-terminated */
  GPtrArray       *unknown;            /* member names, NULL-terminated */
  GPtrArray       *cut;                /* "events: the newest 50000 of 80000", NULL-terminated */
};

G_DEFINE_FINAL_TYPE (VigilSnapshotModels, vigil_snapshot_models, G_TYPE_OBJECT)

/* Whether @schema is "vigil-snapshot/1" or a minor of it ("1.2"). */
static gboolean
check_schema (const char  *schema,
              GError     **error)
{
  const char *version;

  if (schema == NULL || !g_str_has_prefix (schema, SCHEMA_PREFIX))
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                           _("Not a Vigil snapshot: the document has no \"schema\": \"vigil-snapshot/1\""));
      return FALSE;
    }
  version = schema + strlen (SCHEMA_PREFIX);
  if (version[0] != '1' || (version[1] != '\0' && version[1] != '.'))
    {
      g_autofree char *shown = g_utf8_make_valid (version, MIN (strlen (version), 32));

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("A snapshot of schema version %s, which this Vigil cannot read (it reads version 1)"), shown);
      return FALSE;
    }
  return TRUE;
}

static void
check_members (VigilSnapshotModels *self,
               JsonObject          *root)
{
  g_autoptr(GList) names = json_object_get_members (root);

  for (guint i = 0; i < G_N_ELEMENTS (shown_members); i++)
    {
      JsonNode *node = json_object_get_member (root, shown_members[i].member);

      if (node == NULL || JSON_NODE_TYPE (node) != shown_members[i].type)
        g_ptr_array_add (self->missing, (char *) shown_members[i].member);
    }
  for (GList *l = names; l != NULL; l = l->next)
    {
      gboolean known = g_strv_contains (other_members, l->data);

      for (guint i = 0; !known && i < G_N_ELEMENTS (shown_members); i++)
        known = g_strcmp0 (shown_members[i].member, l->data) == 0;
      if (!known && self->unknown->len < 20)
        g_ptr_array_add (self->unknown, g_utf8_make_valid (l->data, MIN (strlen (l->data), 64)));
    }
  g_ptr_array_add (self->missing, NULL);
  g_ptr_array_add (self->unknown, NULL);
}

/* Notes that only the newest @max of @n items of @member are shown. */
static void
note_cut (VigilSnapshotModels *self,
          const char          *member,
          guint                n,
          guint                max)
{
  if (n > max)
    /* Translators: a member of the snapshot document, then two counts. */
    g_ptr_array_add (self->cut, g_strdup_printf (_("%s: the newest %u of %u"), member, max, n));
}

/* Whether @points holds a point whose time is not in @reconnect_times. */
static gboolean
has_other_points (JsonArray  *points,
                  GHashTable *reconnect_times)
{
  guint n = points != NULL ? json_array_get_length (points) : 0;

  for (guint i = n > MAX_POINTS ? n - MAX_POINTS : 0; i < n; i++)
    {
      gint64 wall_us = vigil_json_get_int (vigil_json_element_object (points, i), "wall_us", G_MININT64);

      if (wall_us != G_MININT64 && !g_hash_table_contains (reconnect_times, &wall_us))
        return TRUE;
    }
  return FALSE;
}

/* The values of one periodic point, in chart order; unknown as -1. */
static void
point_values (JsonObject *point,
              gdouble    *values)
{
  values[VIGIL_SNAPSHOT_CHART_FDS] = (gdouble) vigil_json_get_int (point, "open_fds", -1);
  values[VIGIL_SNAPSHOT_CHART_THREADS] = (gdouble) vigil_json_get_int (point, "threads", -1);
  values[VIGIL_SNAPSHOT_CHART_MEMORY] = (gdouble) vigil_json_get_int (point, "private_bytes", -1);
  values[VIGIL_SNAPSHOT_CHART_RECONNECTS] = (gdouble) MAX (vigil_json_get_int (point, "reconnects", 0), 0);
}

/* The times of the reconnect samples among the newest of @reconnects. */
static GHashTable *
reconnect_times (JsonArray *reconnects)
{
  GHashTable *times = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n = reconnects != NULL ? json_array_get_length (reconnects) : 0;

  for (guint i = n > 2 * MAX_POINTS ? n - 2 * MAX_POINTS : 0; i < n; i++)
    {
      gint64 wall_us = vigil_json_get_int (vigil_json_element_object (reconnects, i), "wall_us", G_MININT64);

      g_hash_table_add (times, g_memdup2 (&wall_us, sizeof wall_us));
    }
  return times;
}

static void
build_charts (VigilSnapshotModels *self,
              JsonObject          *root)
{
  JsonObject *series = vigil_json_get_object (root, "series");
  JsonArray *points = vigil_json_get_array (series, "periodic");
  g_autoptr(GHashTable) skip = reconnect_times (vigil_json_get_array (series, "per_reconnect"));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gdouble) * VIGIL_SNAPSHOT_N_CHARTS);
  guint n = points != NULL ? json_array_get_length (points) : 0;
  gint64 last_us = G_MININT64;

  /* The history also keeps each reconnect's sample among the periodic
   * ones; the panel charts only its own periodic samples.  When there are
   * no others (vigil-soak samples only at reconnects), those are the
   * series. */
  if (!has_other_points (points, skip))
    g_hash_table_remove_all (skip);
  note_cut (self, "series.periodic", n, MAX_POINTS);
  for (guint i = n > MAX_POINTS ? n - MAX_POINTS : 0; i < n; i++)
    {
      JsonObject *point = vigil_json_element_object (points, i);
      gint64 wall_us = vigil_json_get_int (point, "wall_us", G_MININT64);
      gdouble point_value[VIGIL_SNAPSHOT_N_CHARTS];

      /* Out of order or without a time: not a point of the time axis. */
      if (point == NULL || wall_us == G_MININT64 || wall_us < last_us || g_hash_table_contains (skip, &wall_us))
        continue;
      last_us = wall_us;
      point_values (point, point_value);
      g_array_append_val (times, wall_us);
      g_array_append_vals (values, point_value, 1);
    }

  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    {
      g_autofree gdouble *column = g_new (gdouble, MAX (times->len, 1));

      for (guint i = 0; i < times->len; i++)
        column[i] = ((gdouble *) values->data)[i * VIGIL_SNAPSHOT_N_CHARTS + c];
      self->charts[c] = vigil_chart_model_new (1, MAX (times->len, 1));
      if (c == VIGIL_SNAPSHOT_CHART_RECONNECTS)
        vigil_chart_model_set_zero_based (self->charts[c], TRUE);
      vigil_chart_model_push_many (self->charts[c], times->len, (const gint64 *) times->data, column);
    }
}

/* The events, and on the charts the reconnects and faults they mark, as
 * the panel marks them. */
static void
build_events (VigilSnapshotModels *self,
              JsonObject          *root)
{
  JsonArray *events = vigil_json_get_array (root, "events");
  guint n = events != NULL ? json_array_get_length (events) : 0;

  note_cut (self, "events", n, MAX_EVENTS);
  for (guint i = n > MAX_EVENTS ? n - MAX_EVENTS : 0; i < n; i++)
    {
      JsonObject *object = vigil_json_element_object (events, i);
      g_autoptr(VigilEvent) event = object != NULL ? vigil_snapshot_models_read_event (object) : NULL;
      g_autoptr(VigilEventItem) item = NULL;
      gint kind = -1;

      if (event == NULL)
        continue;
      if (event->phase == VIGIL_PHASE_RECONNECT_START)
        kind = VIGIL_CHART_MARKER_RECONNECT;
      else if (event->event == VIGIL_EVENT_FAULT)
        kind = VIGIL_CHART_MARKER_FAULT;
      if (kind >= 0)
        for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
          vigil_chart_model_add_marker (self->charts[c], event->ts_us, (VigilChartMarkerKind) kind);
      item = vigil_event_item_new (event);
      g_list_store_append (self->events, item);
    }
}

static void
vigil_snapshot_models_dispose (GObject *object)
{
  VigilSnapshotModels *self = (VigilSnapshotModels *) object;

  for (guint c = 0; c < VIGIL_SNAPSHOT_N_CHARTS; c++)
    g_clear_object (&self->charts[c]);
  g_clear_object (&self->pairs);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (vigil_snapshot_models_parent_class)->dispose (object);
}

static void
vigil_snapshot_models_finalize (GObject *object)
{
  VigilSnapshotModels *self = (VigilSnapshotModels *) object;

  g_clear_pointer (&self->document, json_node_unref);
  g_clear_pointer (&self->missing, g_ptr_array_unref);
  g_clear_pointer (&self->unknown, g_ptr_array_unref);
  g_clear_pointer (&self->cut, g_ptr_array_unref);
  g_free (self->host);

  G_OBJECT_CLASS (vigil_snapshot_models_parent_class)->finalize (object);
}

static void
vigil_snapshot_models_class_init (VigilSnapshotModelsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_snapshot_models_dispose;
  object_class->finalize = vigil_snapshot_models_finalize;
}

static void
vigil_snapshot_models_init (VigilSnapshotModels *self)
{
  self->events = g_list_store_new (VIGIL_TYPE_EVENT_ITEM);
  self->missing = g_ptr_array_new ();
  self->unknown = g_ptr_array_new_with_free_func (g_free);
  self->cut = g_ptr_array_new_with_free_func (g_free);
}

/**
 * vigil_snapshot_models_new:
 * @document: a parsed snapshot (vigil_snapshot_load ())
 *
 * Returns: (transfer full) (nullable): the models, or %NULL with @error
 *   set in words when @document is not a Vigil snapshot of schema 1
 */
VigilSnapshotModels *
vigil_snapshot_models_new (JsonNode  *document,
                           GError   **error)
{
  g_autoptr(VigilSnapshotModels) self = NULL;
  JsonObject *root;
  JsonArray *sessions;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                           _("Not a Vigil snapshot: the document is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (document);
  if (!check_schema (vigil_json_get_string (root, "schema", NULL), error))
    return NULL;

  self = g_object_new (VIGIL_TYPE_SNAPSHOT_MODELS, NULL);
  self->document = json_node_ref (document);
  self->host = vigil_snapshot_models_text (vigil_json_get_object (root, "host"), "hostname");
  self->created_us = vigil_json_get_int (root, "created_us", -1);
  check_members (self, root);
  build_charts (self, root);
  build_events (self, root);
  sessions = vigil_json_get_array (root, "sessions");
  note_cut (self, "sessions", sessions != NULL ? json_array_get_length (sessions) : 0,
            VIGIL_SNAPSHOT_MODELS_MAX_SESSIONS);
  self->pairs = vigil_pairs_model_new_fixed (vigil_snapshot_models_read_sessions (
                  sessions, vigil_json_get_object (root, "sessions_dropped")));
  g_ptr_array_add (self->cut, NULL);
  vigil_pairs_model_set_max_bars (self->pairs, G_MAXUINT);
  vigil_pairs_model_refresh (self->pairs);
  return g_steal_pointer (&self);
}

/* Returns: (transfer none): the document's root object */
JsonObject *
vigil_snapshot_models_get_root (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  return json_node_get_object (self->document);
}

/* Returns: (transfer none): one series of the snapshot's periodic samples */
VigilChartModel *
vigil_snapshot_models_get_chart (VigilSnapshotModels *self,
                                 VigilSnapshotChart   chart)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  g_return_val_if_fail (chart < VIGIL_SNAPSHOT_N_CHARTS, NULL);
  return self->charts[chart];
}

/* Returns: (transfer none): the sessions and the pairs graph, refreshed */
VigilPairsModel *
vigil_snapshot_models_get_pairs (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  return self->pairs;
}

/* Returns: (transfer none): the events (VigilEventItem), oldest first */
GListModel *
vigil_snapshot_models_get_events (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  return G_LIST_MODEL (self->events);
}

/* Returns: (nullable): the host's name, as the document says it */
const char *
vigil_snapshot_models_get_host (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  return self->host;
}

/* When the snapshot was built, UTC µs; -1 when the document does not say. */
gint64
vigil_snapshot_models_get_created (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), -1);
  return self->created_us;
}

/* Returns: (transfer full): "Snapshot of lab-pc, 2026-11-25 19:14:46 UTC" */
char *
vigil_snapshot_models_dup_title (VigilSnapshotModels *self)
{
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);

  if (self->created_us >= 0)
    created = g_date_time_new_from_unix_utc (self->created_us / G_USEC_PER_SEC);
  when = created != NULL ? g_date_time_format (created, "%Y-%m-%d %H:%M:%S UTC") : g_strdup (_("an unknown date"));
  /* Translators: a host name, then a date. */
  return g_strdup_printf (_("Snapshot of %s, %s"), self->host != NULL ? self->host : _("an unknown host"), when);
}

/* Returns: (transfer none) (array zero-terminated=1): the members the
 * viewer shows that the document lacks or holds in another type */
const char * const *
vigil_snapshot_models_get_missing (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  return (const char * const *) self->missing->pdata;
}

/* Returns: (transfer none) (array zero-terminated=1): the top-level
 * members this Vigil does not know (a newer snapshot), at most 20 */
const char * const *
vigil_snapshot_models_get_unknown (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  return (const char * const *) self->unknown->pdata;
}

/* Returns: (transfer none) (array zero-terminated=1): what was cut to the
 * newest items, in words ("events: the newest 50000 of 80000") */
const char * const *
vigil_snapshot_models_get_cut (VigilSnapshotModels *self)
{
  g_return_val_if_fail (VIGIL_IS_SNAPSHOT_MODELS (self), NULL);
  return (const char * const *) self->cut->pdata;
}
