/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-explain"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-history.h"
#include "vigil-json.h"
#include "vigil-snapshot-private.h"
#include "vigil-snapshot.h"

/* The human summary of a snapshot document: what someone far from the
 * machine reads first.  Works on a parsed file as well as on a freshly
 * built document, so every member is looked up defensively. */

#define TOP_KINDS  3
#define LAST_ERRORS 5

/* One group of unpaired resources: a phase and a kind. */
typedef struct
{
  char      *phase;
  char      *kind;
  guint      count;
  GString   *names;      /* the first few names */
  GString   *sessions;   /* the sessions they belong to */
  guint64    last_session;
} UnpairedGroup;

static void
unpaired_group_free (UnpairedGroup *group)
{
  g_free (group->phase);
  g_free (group->kind);
  g_string_free (group->names, TRUE);
  g_string_free (group->sessions, TRUE);
  g_free (group);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnpairedGroup, unpaired_group_free)

typedef struct
{
  const char *kind;
  gint64      open;
} KindCount;

static void
explain_header (GString    *out,
                JsonObject *root)
{
  JsonObject *app = vigil_json_get_object (root, "app");
  JsonObject *host = vigil_json_get_object (root, "host");
  JsonObject *supervisor = vigil_json_get_object (root, "supervisor");
  JsonObject *camera = vigil_json_get_object (root, "camera");

  g_string_append_printf (out, _("Vigil snapshot of %s: vigil %s on %s (pid %" PRId64 ", kernel %s)\n"),
                          vigil_json_get_string (root, "created", "?"), vigil_json_get_string (app, "version", "?"),
                          vigil_json_get_string (host, "hostname", "?"), vigil_json_get_int (host, "pid", -1),
                          vigil_json_get_string (host, "kernel", "?"));
  g_string_append_printf (out, _("Camera %s: %s, %" PRId64 " reconnects\n"),
                          vigil_json_get_string (camera, "id", _("(none)")), vigil_json_get_string (supervisor, "state", _("unknown state")),
                          vigil_json_get_int (supervisor, "reconnects", 0));
}

/* A vigil-soak report: the run's own verdict first.  The document's
 * verdict is the history's, over samples taken with sessions open, and
 * may differ (README, vigil-soak "Measuring"). */
static void
explain_soak (GString    *out,
              JsonObject *root)
{
  JsonObject *soak = vigil_json_get_object (root, "soak");

  if (soak == NULL)
    return;
  g_string_append_printf (out, _("vigil-soak run: %s, from its quiesce points; the verdict below is the "
                                 "history's, over samples taken with sessions open\n"),
                          vigil_json_get_string (soak, "status", "?"));
  g_string_append_printf (out, "  %s\n", vigil_json_get_string (soak, "summary", ""));
}

static void
explain_verdict (GString    *out,
                 JsonObject *root)
{
  JsonObject *verdict = vigil_json_get_object (root, "verdict");
  JsonObject *baseline = vigil_json_get_object (verdict, "baseline");
  JsonObject *metrics = vigil_json_get_object (verdict, "metrics");
  JsonObject *memory;
  gdouble days;

  g_string_append_printf (out, _("Verdict: %s after %" PRId64 " reconnects"),
                          vigil_json_get_string (verdict, "status", "?"), vigil_json_get_int (verdict, "reconnects", 0));
  if (baseline != NULL)
    g_string_append_printf (out, _(" (baseline at reconnect %" PRId64 ")\n"),
                            vigil_json_get_int (baseline, "reconnects", 0));
  else
    g_string_append (out, _(" (no baseline yet)\n"));

  if (metrics != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (metrics);   /* document order */

      for (const GList *l = names; l != NULL; l = l->next)
        {
          const char *name = l->data;
          JsonObject *metric = vigil_json_get_object (metrics, name);
          gdouble slope = 0, theil_sen = 0, p = 1;

          if (metric == NULL)
            continue;
          vigil_json_get_number (metric, "slope", &slope);
          vigil_json_get_number (metric, "theil_sen", &theil_sen);
          vigil_json_get_number (metric, "mann_kendall_p", &p);
          g_string_append_printf (out, _("  %-14s %-5s slope %+.3g per reconnect, Theil–Sen %+.3g, Mann–Kendall p %.3g\n"),
                                  name, vigil_json_get_string (metric, "status", "?"), slope, theil_sen, p);
        }
    }

  memory = vigil_json_get_object (verdict, "memory");
  if (memory != NULL)
    g_string_append_printf (out, _("Memory: %s — %s (decided by: %s)\n"),
                            vigil_json_get_string (memory, "status", "?"), vigil_json_get_string (memory, "reason", "?"),
                            vigil_json_get_string (memory, "decided_by", "?"));

  if (vigil_json_get_number (verdict, "time_to_exhaustion_days", &days))
    {
      g_autofree char *duration = vigil_duration_days_to_string (days);

      g_string_append_printf (out, _("Time to fd exhaustion: %s\n"), duration);
    }
  else
    g_string_append (out, _("Time to fd exhaustion: not expected (or unknown)\n"));
}

static gint
compare_kind_count (gconstpointer a,
                    gconstpointer b)
{
  const KindCount *ka = a;
  const KindCount *kb = b;

  return (kb->open > ka->open) - (kb->open < ka->open);
}

/* Kinds with resources left open in ended sessions, most first: what grows
 * with every reconnect. */
static void
explain_growing_kinds (GString   *out,
                       JsonArray *sessions,
                       gboolean   orphans_leak)
{
  g_autoptr(GHashTable) totals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (KindCount));
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; sessions != NULL && i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = vigil_json_element_object (sessions, i);
      JsonObject *pairs = vigil_json_get_object (session, "pairs");
      JsonObjectIter pair_iter;
      const char *kind;
      JsonNode *node;

      if (pairs == NULL || g_strcmp0 (vigil_json_get_string (session, "state", NULL), "ended") != 0)
        continue;
      json_object_iter_init (&pair_iter, pairs);
      while (json_object_iter_next (&pair_iter, &kind, &node))
        {
          gint64 open = JSON_NODE_HOLDS_OBJECT (node) ? vigil_json_get_int (json_node_get_object (node), "open", 0) : 0;

          if (open > 0)
            g_hash_table_insert (totals, (gpointer) kind,
                                 GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (totals, kind)) + (gsize) open));
        }
    }

  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KindCount count = { key, (gint64) GPOINTER_TO_SIZE (value) };

      g_array_append_val (counts, count);
    }
  g_array_sort (counts, compare_kind_count);

  if (counts->len == 0 && orphans_leak)
    {
      /* Not "none": what grows is what nobody recorded, named above. */
      g_string_append (out, _("Growing kinds in the ledger: none (every ended session closed what it recorded; "
                              "what grows is the orphans above)\n"));
      return;
    }
  if (counts->len == 0)
    {
      g_string_append (out, _("Growing kinds: none (every ended session closed what it opened)\n"));
      return;
    }
  g_string_append (out, _("Growing kinds (left open by ended sessions):"));
  for (guint i = 0; i < counts->len && i < TOP_KINDS; i++)
    {
      const KindCount *count = &g_array_index (counts, KindCount, i);

      g_string_append_printf (out, " %s%s %" G_GINT64_FORMAT, i ? "," : "", count->kind, count->open);
    }
  g_string_append_c (out, '\n');
}

/* Returns: how many resources are unpaired */
/* The unpaired resources of sessions the ledger no longer kept in full
 * ("sessions_dropped"), into the same groups. */
static guint
add_dropped_unpaired (GHashTable *groups,
                      GPtrArray  *order,
                      JsonObject *root)
{
  JsonObject *dropped = vigil_json_get_object (root, "sessions_dropped");
  JsonArray *unpaired = vigil_json_get_array (dropped, "unpaired");
  guint total = 0;

  for (guint i = 0; unpaired != NULL && i < json_array_get_length (unpaired); i++)
    {
      JsonObject *entry = vigil_json_element_object (unpaired, i);
      const char *phase = vigil_json_get_string (entry, "create_phase", "?");
      const char *kind = vigil_json_get_string (entry, "kind", "?");
      gint64 count = vigil_json_get_int (entry, "count", 0);
      g_autofree char *key = g_strconcat (phase, "\n", kind, NULL);
      UnpairedGroup *group = g_hash_table_lookup (groups, key);

      if (count <= 0 || count > G_MAXUINT - total)
        continue;
      if (group == NULL)
        {
          g_autoptr(UnpairedGroup) added = g_new0 (UnpairedGroup, 1);

          added->phase = g_strdup (phase);
          added->kind = g_strdup (kind);
          added->names = g_string_new (NULL);
          added->sessions = g_string_new (NULL);
          group = added;
          g_ptr_array_add (order, group);
          g_hash_table_insert (groups, g_steal_pointer (&key), g_steal_pointer (&added));
        }
      g_string_append_printf (group->sessions, _("%s%" PRId64 " in older sessions, counted only"),
                              group->sessions->len ? ", " : "", (int64_t) count);
      group->count += (guint) count;
      total += (guint) count;
    }
  return total;
}

static guint
explain_unpaired (GString    *out,
                  JsonObject *root,
                  JsonArray  *sessions)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) unpaired_group_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  guint total = 0;

  for (guint i = 0; sessions != NULL && i < json_array_get_length (sessions); i++)
    {
      JsonObject *session = vigil_json_element_object (sessions, i);
      JsonArray *unpaired = vigil_json_get_array (session, "unpaired");
      guint64 session_id = (guint64) vigil_json_get_int (session, "id", 0);

      for (guint j = 0; unpaired != NULL && j < json_array_get_length (unpaired); j++)
        {
          JsonObject *resource = vigil_json_element_object (unpaired, j);
          const char *phase = vigil_json_get_string (resource, "create_phase", "?");
          const char *kind = vigil_json_get_string (resource, "kind", "?");
          g_autofree char *key = g_strconcat (phase, "\n", kind, NULL);
          UnpairedGroup *group = g_hash_table_lookup (groups, key);

          if (group == NULL)
            {
              g_autoptr(UnpairedGroup) added = g_new0 (UnpairedGroup, 1);

              added->phase = g_strdup (phase);
              added->kind = g_strdup (kind);
              added->names = g_string_new (NULL);
              added->sessions = g_string_new (NULL);
              group = added;
              g_ptr_array_add (order, group);
              g_hash_table_insert (groups, g_steal_pointer (&key), g_steal_pointer (&added));
            }
          if (group->count < 3)
            g_string_append_printf (group->names, "%s%s", group->count ? ", " : "",
                                    vigil_json_get_string (resource, "name", "?"));
          if (group->sessions->len == 0 || group->last_session != session_id)
            g_string_append_printf (group->sessions, "%s%" G_GUINT64_FORMAT,
                                    group->sessions->len ? ", " : "", session_id);
          group->last_session = session_id;
          group->count++;
          total++;
        }
    }
  total += add_dropped_unpaired (groups, order, root);

  if (total == 0)
    {
      g_string_append (out, _("Unpaired resources: none\n"));
      return 0;
    }
  g_string_append_printf (out, _("Unpaired resources: %u, by phase and kind:\n"), total);
  for (guint i = 0; i < order->len; i++)
    {
      const UnpairedGroup *group = g_ptr_array_index (order, i);

      g_string_append_printf (out, _("  created in %s, %s: %u (%s%s; sessions %s)\n"),
                              group->phase, group->kind, group->count, group->names->str,
                              group->count > 3 ? ", …" : "", group->sessions->str);
    }
  return total;
}

static void
explain_errors (GString    *out,
                JsonObject *root)
{
  JsonObject *last = vigil_json_get_object (vigil_json_get_object (root, "supervisor"), "last_error");
  JsonArray *events = vigil_json_get_array (root, "events");
  g_autoptr(GPtrArray) errors = g_ptr_array_new ();

  if (last != NULL)
    g_string_append_printf (out, _("Supervisor's last error: %s (%s %" PRId64 ")\n"),
                            vigil_json_get_string (last, "message", "?"), vigil_json_get_string (last, "domain", "?"),
                            vigil_json_get_int (last, "code", 0));

  /* Newest last in the ring: walk back for the last few with an error. */
  for (guint i = events ? json_array_get_length (events) : 0; i > 0 && errors->len < LAST_ERRORS; i--)
    {
      JsonObject *event = vigil_json_element_object (events, i - 1);

      if (vigil_json_get_string (event, "error_domain", NULL) != NULL)
        g_ptr_array_add (errors, event);
    }
  if (errors->len == 0)
    {
      g_string_append (out, _("Last errors: none in the event ring\n"));
      return;
    }
  g_string_append (out, _("Last errors, newest last:\n"));
  for (guint i = errors->len; i > 0; i--)
    {
      JsonObject *event = g_ptr_array_index (errors, i - 1);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (vigil_json_get_int (event, "ts", 0) / G_USEC_PER_SEC);
      g_autofree char *stamp = time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%SZ") : g_strdup ("?");

      g_string_append_printf (out, "  %s %s %s: %s (%s %" G_GINT64_FORMAT ")\n", stamp,
                              vigil_json_get_string (event, "operation", "-"), vigil_json_get_string (event, "phase", "-"),
                              vigil_json_get_string (event, "error_message", "?"), vigil_json_get_string (event, "error_domain", "?"),
                              vigil_json_get_int (event, "error_code", 0));
    }
}

/**
 * vigil_snapshot_explain:
 * @document: a snapshot, built or parsed from a file
 *
 * Returns: (transfer full) (nullable): a few lines for a person: the
 *   verdict, the kinds that grow, the unpaired resources by phase and kind,
 *   the last errors; %NULL with @error (VIGIL_ERROR_INVALID_ARGUMENT) when
 *   @document is not a vigil-snapshot/1 document
 */
char *
vigil_snapshot_explain (JsonNode  *document,
                        GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *root;
  JsonArray *sessions;
  const char *schema;
  gboolean orphans_leak;
  guint unpaired;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = document && JSON_NODE_HOLDS_OBJECT (document) ? json_node_get_object (document) : NULL;
  schema = vigil_json_get_string (root, "schema", NULL);
  if (g_strcmp0 (schema, VIGIL_SNAPSHOT_SCHEMA) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Not a Vigil snapshot: expected schema “%s”, found %s"), VIGIL_SNAPSHOT_SCHEMA,
                   schema ? schema : _("none"));
      return NULL;
    }

  sessions = vigil_json_get_array (root, "sessions");
  orphans_leak = vigil_snapshot_orphans_leak (root);
  explain_header (out, root);
  explain_soak (out, root);
  /* Orphans first when they are what leaks: nobody's ledger names them. */
  if (orphans_leak)
    vigil_snapshot_explain_orphans (out, root);
  explain_verdict (out, root);
  explain_growing_kinds (out, sessions, orphans_leak);
  unpaired = explain_unpaired (out, root, sessions);
  if (!orphans_leak)
    vigil_snapshot_explain_orphans (out, root);
  vigil_snapshot_explain_unattributed (out, root, orphans_leak || unpaired > 0);
  explain_errors (out, root);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
