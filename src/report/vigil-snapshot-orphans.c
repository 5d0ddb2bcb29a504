/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-orphans"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "vigil-json.h"
#include "vigil-snapshot-private.h"

/* Orphans in the snapshot (docs/snapshot.md "orphans"): each session's,
 * the run-level summary by phase and kind with unattributed growth, and
 * their lines in the explanation. */

#define MAX_GROWTH_LISTED 20

static void
add_orphan (JsonBuilder       *builder,
            const VigilOrphan *orphan)
{
  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "phase", vigil_phase_to_string (orphan->phase));
  vigil_json_add_string (builder, "kind", orphan->kind);
  vigil_json_add_string (builder, "name", orphan->name);
  vigil_json_add_string (builder, "what", orphan->what);
  vigil_json_add_bool (builder, "thread", orphan->thread);
  vigil_json_add_int (builder, orphan->thread ? "tid" : "fd", orphan->handle);
  vigil_json_add_string (builder, "target", orphan->target);
  vigil_json_add_int (builder, "attributed_us", orphan->attributed_us);
  json_builder_end_object (builder);
}

/**
 * vigil_snapshot_add_session_orphans:
 * @orphans: (element-type VigilOrphan): every orphan, listed once
 *
 * Adds the member "orphans" of one session.
 */
void
vigil_snapshot_add_session_orphans (JsonBuilder *builder,
                                    GPtrArray   *orphans,
                                    guint64      session)
{
  json_builder_set_member_name (builder, "orphans");
  json_builder_begin_array (builder);
  for (guint i = 0; orphans != NULL && i < orphans->len; i++)
    {
      const VigilOrphan *orphan = g_ptr_array_index (orphans, i);

      if (orphan->session == session)
        add_orphan (builder, orphan);
    }
  json_builder_end_array (builder);
}

static void
add_group (JsonBuilder            *builder,
           const VigilOrphanGroup *group)
{
  g_autofree char *text = vigil_orphan_group_describe (group);

  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "phase", vigil_phase_to_string (group->phase));
  vigil_json_add_string (builder, "kind", group->kind);
  vigil_json_add_string (builder, "what", group->what);
  vigil_json_add_string (builder, "example", group->example);
  vigil_json_add_int (builder, "example_handle", group->example_handle);
  vigil_json_add_int (builder, "orphans", group->n_orphans);
  vigil_json_add_int (builder, "sessions", group->n_sessions);
  vigil_json_add_int (builder, "phase_sessions", group->n_phase_sessions);
  vigil_json_add_int (builder, "first_session", (gint64) group->first_session);
  vigil_json_add_int (builder, "last_session", (gint64) group->last_session);
  vigil_json_add_bool (builder, "leak", group->leak);
  vigil_json_add_string (builder, "text", text);
  json_builder_end_object (builder);
}

static const char *
context_name (VigilGrowthContext context)
{
  switch (context)
    {
    case VIGIL_GROWTH_BETWEEN_SESSIONS: return "between-sessions";
    case VIGIL_GROWTH_WHILE_OPENING:    return "opening";
    case VIGIL_GROWTH_WHILE_STREAMING:  return "streaming";
    default:                            return "unknown";
    }
}

static void
add_growth (JsonBuilder *builder,
            GPtrArray   *growth)
{
  guint fds = 0, threads = 0;

  for (guint i = 0; i < growth->len; i++)
    {
      if (((VigilGrowth *) g_ptr_array_index (growth, i))->thread)
        threads++;
      else
        fds++;
    }
  json_builder_set_member_name (builder, "unattributed");
  json_builder_begin_object (builder);
  vigil_json_add_int (builder, "fds", fds);
  vigil_json_add_int (builder, "threads", threads);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < growth->len && i < MAX_GROWTH_LISTED; i++)
    {
      const VigilGrowth *item = g_ptr_array_index (growth, i);

      json_builder_begin_object (builder);
      vigil_json_add_string (builder, "kind", item->kind);
      vigil_json_add_string (builder, "name", item->name);
      vigil_json_add_bool (builder, "thread", item->thread);
      vigil_json_add_int (builder, item->thread ? "tid" : "fd", item->handle);
      vigil_json_add_int (builder, "from_us", item->from_us);
      vigil_json_add_int (builder, "to_us", item->to_us);
      vigil_json_add_string (builder, "context", context_name (item->context));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * vigil_snapshot_add_orphans:
 *
 * Adds the run-level member "orphans": how many orphans leak (fds,
 * threads), the groups by phase and kind, unattributed growth.
 */
void
vigil_snapshot_add_orphans (JsonBuilder  *builder,
                            VigilOrphans *orphans)
{
  g_autoptr(GPtrArray) groups = vigil_orphans_list_groups (orphans);
  g_autoptr(GPtrArray) growth = vigil_orphans_list_growth (orphans);
  guint leaked_fds = 0, leaked_threads = 0, total = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      const VigilOrphanGroup *group = g_ptr_array_index (groups, i);

      total += group->n_orphans;
      if (group->leak && g_strcmp0 (group->kind, "thread") == 0)
        leaked_threads += group->n_orphans;
      else if (group->leak)
        leaked_fds += group->n_orphans;
    }

  json_builder_set_member_name (builder, "orphans");
  json_builder_begin_object (builder);
  vigil_json_add_int (builder, "total", total);
  vigil_json_add_int (builder, "leaked_fds", leaked_fds);
  vigil_json_add_int (builder, "leaked_threads", leaked_threads);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    add_group (builder, g_ptr_array_index (groups, i));
  json_builder_end_array (builder);
  add_growth (builder, growth);
  json_builder_end_object (builder);
}

/* ---- The explanation ------------------------------------------------------ */

/**
 * vigil_snapshot_orphans_leak:
 *
 * Returns: whether the document's orphans hold a leak
 */
gboolean
vigil_snapshot_orphans_leak (JsonObject *root)
{
  JsonObject *orphans = vigil_json_get_object (root, "orphans");

  return vigil_json_get_int (orphans, "leaked_fds", 0) > 0 || vigil_json_get_int (orphans, "leaked_threads", 0) > 0;
}

/**
 * vigil_snapshot_explain_orphans:
 *
 * The orphans by phase and kind: leaks with an example and its OS handle,
 * then what was kept once.
 */
void
vigil_snapshot_explain_orphans (GString    *out,
                                JsonObject *root)
{
  JsonArray *groups = vigil_json_get_array (vigil_json_get_object (root, "orphans"), "groups");
  guint n = groups != NULL ? json_array_get_length (groups) : 0;

  if (n == 0)
    {
      g_string_append (out, _("Orphans (left by a phase, tracked by nobody): none\n"));
      return;
    }
  g_string_append (out, _("Orphans (left by a phase, tracked by nobody), by phase and kind:\n"));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (groups, i);
      JsonObject *group = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (group == NULL)
        continue;
      g_string_append_printf (out, "  %s%s\n", vigil_json_get_bool (group, "leak") ? _("LEAK: ") : "",
                              vigil_json_get_string (group, "text", "?"));
      g_string_append_printf (out, _("    e.g. %s (OS handle %" PRId64 "), sessions %" PRId64 "–%" PRId64 "\n"),
                              vigil_json_get_string (group, "example", "?"), vigil_json_get_int (group, "example_handle", -1),
                              vigil_json_get_int (group, "first_session", 0), vigil_json_get_int (group, "last_session", 0));
    }
}

/* Whether the verdict reads LEAK on fds or threads. */
static gboolean
exact_metric_leaks (JsonObject *root)
{
  JsonObject *metrics = vigil_json_get_object (vigil_json_get_object (root, "verdict"), "metrics");

  return g_strcmp0 (vigil_json_get_string (vigil_json_get_object (metrics, "open_fds"), "status", NULL), "LEAK") == 0 ||
         g_strcmp0 (vigil_json_get_string (vigil_json_get_object (metrics, "threads"), "status", NULL), "LEAK") == 0;
}

static gint64
utc_seconds (gint64 us)
{
  return us / G_USEC_PER_SEC;
}

/**
 * vigil_snapshot_explain_unattributed:
 * @explained: whether the ledger or the orphans explain the growth
 *
 * When fds or threads read LEAK and nothing explains it, says so in words
 * with what grew outside every phase and when.
 */
void
vigil_snapshot_explain_unattributed (GString    *out,
                                     JsonObject *root,
                                     gboolean    explained)
{
  JsonObject *growth = vigil_json_get_object (vigil_json_get_object (root, "orphans"), "unattributed");
  JsonArray *items = vigil_json_get_array (growth, "items");
  guint n = items != NULL ? json_array_get_length (items) : 0;

  if (!exact_metric_leaks (root) || explained)
    return;
  if (n == 0)
    {
      g_string_append (out, _("Growth not attributed to any phase, and not seen at a phase either: it appeared "
                              "and went between the probe's samples, or in a part of the process no session "
                              "phase covers\n"));
      return;
    }
  g_string_append_printf (out, _("Growth not attributed to any phase: %" PRId64 " fds and %" PRId64
                                 " threads appeared outside every phase:\n"),
                          vigil_json_get_int (growth, "fds", 0), vigil_json_get_int (growth, "threads", 0));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GDateTime) from = NULL;
      g_autoptr(GDateTime) to = NULL;
      g_autofree char *from_text = NULL;
      g_autofree char *to_text = NULL;
      const char *context;

      if (item == NULL)
        continue;
      from = g_date_time_new_from_unix_utc (utc_seconds (vigil_json_get_int (item, "from_us", 0)));
      to = g_date_time_new_from_unix_utc (utc_seconds (vigil_json_get_int (item, "to_us", 0)));
      from_text = from ? g_date_time_format (from, "%H:%M:%SZ") : g_strdup ("?");
      to_text = to ? g_date_time_format (to, "%H:%M:%SZ") : g_strdup ("?");
      context = vigil_json_get_string (item, "context", "");
      g_string_append_printf (out, _("  %s, between %s and %s, %s\n"), vigil_json_get_string (item, "name", "?"),
                              from_text, to_text,
                              g_strcmp0 (context, "between-sessions") == 0
                                ? vigil_growth_context_to_string (VIGIL_GROWTH_BETWEEN_SESSIONS)
                                : g_strcmp0 (context, "opening") == 0
                                  ? vigil_growth_context_to_string (VIGIL_GROWTH_WHILE_OPENING)
                                  : vigil_growth_context_to_string (VIGIL_GROWTH_WHILE_STREAMING));
    }
}
