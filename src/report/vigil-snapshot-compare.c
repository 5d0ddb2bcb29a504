/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-compare"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-json.h"
#include "vigil-probe.h"
#include "vigil-snapshot-compare.h"
#include "vigil-utf8.h"

/* Two snapshots of one host, "before and after the fix": what differs in
 * the process figures (fds by kind, threads, memory), the reconnects, and
 * which unpaired resources and orphans are new (by session and resource,
 * or session and handle, that the earlier one did not hold), grouped as
 * kind/phase.  Pure: JSON in, a diff out; the text is built from the
 * diff.  The documents are untrusted (tolerant readers, bounded names). */

#define MAX_GROUPS 64

static void
change_free (VigilSnapshotChange *change)
{
  g_free (change->name);
  g_free (change);
}

void
vigil_snapshot_diff_free (VigilSnapshotDiff *diff)
{
  if (diff == NULL)
    return;
  g_free (diff->host);
  g_clear_pointer (&diff->changes, g_ptr_array_unref);
  g_free (diff);
}

static void
add_change (VigilSnapshotDiff *diff,
            const char        *name,
            gint64             before,
            gint64             after,
            gint64             added)
{
  VigilSnapshotChange *change = g_new0 (VigilSnapshotChange, 1);

  change->name = g_strdup (name);
  change->before = before;
  change->after = after;
  change->added = added;
  g_ptr_array_add (diff->changes, change);
}

/* A figure of both documents; -1 when one does not know it. */
static void
add_figure (VigilSnapshotDiff *diff,
            const char        *name,
            JsonObject        *before,
            JsonObject        *after,
            const char        *member)
{
  gint64 a = vigil_json_get_int (before, member, -1);
  gint64 b = vigil_json_get_int (after, member, -1);

  add_change (diff, name, a, b, a >= 0 && b >= 0 ? b - a : 0);
}

/* Counts of @document's unpaired resources (or orphans) by group name, and
 * the set of their keys ("session:resource"). */
static void
count_items (JsonObject *document,
             gboolean    orphans,
             GHashTable *counts,
             GHashTable *keys)
{
  JsonArray *sessions = vigil_json_get_array (document, "sessions");

  for (guint s = 0; sessions != NULL && s < json_array_get_length (sessions); s++)
    {
      JsonObject *session = vigil_json_element_object (sessions, s);
      JsonArray *items = vigil_json_get_array (session, orphans ? "orphans" : "unpaired");
      gint64 id = vigil_json_get_int (session, "id", 0);

      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        {
          JsonObject *item = vigil_json_element_object (items, i);
          const char *kind, *phase;
          gint64 handle;
          g_autofree char *raw = NULL;
          char *group;
          gpointer count = NULL;

          if (item == NULL)
            continue;
          kind = vigil_json_get_string (item, orphans ? "what" : "kind", "?");
          phase = vigil_json_get_string (item, orphans ? "phase" : "create_phase", "?");
          handle = orphans ? vigil_json_get_int (item, vigil_json_get_bool (item, "thread") ? "tid" : "fd", -1)
                           : vigil_json_get_int (item, "id", -1);
          raw = g_strdup_printf ("%s %s/%s", orphans ? "orphans" : "unpaired", kind, phase);
          group = vigil_utf8_sanitize_bounded (raw, -1, VIGIL_UTF8_NAME_MAX);
          if (keys != NULL)
            g_hash_table_add (keys, g_strdup_printf ("%s|%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, group, id, handle));
          if (!g_hash_table_lookup_extended (counts, group, NULL, &count) &&
              g_hash_table_size (counts) >= MAX_GROUPS)
            {
              g_free (group);
              continue;
            }
          g_hash_table_insert (counts, group, GINT_TO_POINTER (GPOINTER_TO_INT (count) + 1));
        }
    }
}

/* Unpaired resources or orphans: each group of either document, with how
 * many of the later one's the earlier one did not hold. */
static void
add_items (VigilSnapshotDiff *diff,
           JsonObject        *before,
           JsonObject        *after,
           gboolean           orphans)
{
  g_autoptr(GHashTable) counts_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) keys_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) keys_after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) groups = NULL;
  GHashTableIter iter;
  gpointer key;

  count_items (before, orphans, counts_before, keys_before);
  count_items (after, orphans, counts_after, keys_after);
  g_hash_table_iter_init (&iter, keys_after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (keys_before, key))
      {
        char *group = g_strndup (key, strrchr (key, '|') - (char *) key);
        gpointer count = g_hash_table_lookup (added, group);

        g_hash_table_insert (added, group, GINT_TO_POINTER (GPOINTER_TO_INT (count) + 1));
      }
  g_hash_table_iter_init (&iter, counts_before);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (counts_after, key))
      g_hash_table_insert (counts_after, g_strdup (key), GINT_TO_POINTER (0));

  groups = g_list_sort (g_hash_table_get_keys (counts_after), (GCompareFunc) g_strcmp0);
  for (GList *l = groups; l != NULL; l = l->next)
    add_change (diff, l->data, GPOINTER_TO_INT (g_hash_table_lookup (counts_before, l->data)),
                GPOINTER_TO_INT (g_hash_table_lookup (counts_after, l->data)),
                GPOINTER_TO_INT (g_hash_table_lookup (added, l->data)));
}

static JsonObject *
process_of (JsonObject *document)
{
  return vigil_json_get_object (document, "process");
}

/**
 * vigil_snapshot_compare:
 * @first: a snapshot's root object
 * @second: another snapshot of the same host
 *
 * The earlier of the two (by "created_us") is "before".
 *
 * Returns: (transfer full) (nullable): the difference, or %NULL with
 *   @error set when the snapshots are of different hosts
 */
VigilSnapshotDiff *
vigil_snapshot_compare (JsonObject  *first,
                        JsonObject  *second,
                        GError     **error)
{
  g_autoptr(VigilSnapshotDiff) diff = g_new0 (VigilSnapshotDiff, 1);
  const char *host_a = vigil_json_get_string (vigil_json_get_object (first, "host"), "hostname", NULL);
  const char *host_b = vigil_json_get_string (vigil_json_get_object (second, "host"), "hostname", NULL);
  JsonObject *before = first, *after = second;

  g_return_val_if_fail (first != NULL && second != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (host_a, host_b) != 0)
    {
      g_autofree char *a = vigil_utf8_sanitize_bounded (host_a ? host_a : "?", -1, VIGIL_UTF8_NAME_MAX);
      g_autofree char *b = vigil_utf8_sanitize_bounded (host_b ? host_b : "?", -1, VIGIL_UTF8_NAME_MAX);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("The snapshots are of different hosts (%s and %s); compare two snapshots of one host"), a, b);
      return NULL;
    }
  if (vigil_json_get_int (second, "created_us", 0) < vigil_json_get_int (first, "created_us", 0))
    {
      before = second;
      after = first;
    }
  diff->host = vigil_utf8_sanitize_bounded (host_a ? host_a : "?", -1, VIGIL_UTF8_NAME_MAX);
  diff->before_us = vigil_json_get_int (before, "created_us", -1);
  diff->after_us = vigil_json_get_int (after, "created_us", -1);
  diff->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);

  add_figure (diff, "open_fds", process_of (before), process_of (after), "open_fds");
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    {
      g_autofree char *name = g_strdup_printf ("fds_by_kind.%s", vigil_fd_kind_to_string (k));

      add_figure (diff, name, vigil_json_get_object (process_of (before), "fds_by_kind"),
                  vigil_json_get_object (process_of (after), "fds_by_kind"), vigil_fd_kind_to_string (k));
    }
  add_figure (diff, "threads", process_of (before), process_of (after), "threads");
  add_figure (diff, "private_bytes", process_of (before), process_of (after), "private_bytes");
  add_figure (diff, "rss_bytes", process_of (before), process_of (after), "rss_bytes");
  add_figure (diff, "reconnects", vigil_json_get_object (before, "supervisor"),
              vigil_json_get_object (after, "supervisor"), "reconnects");
  add_items (diff, before, after, FALSE);
  add_items (diff, before, after, TRUE);
  return g_steal_pointer (&diff);
}

/* Returns: (transfer none) (nullable): the change named @name */
const VigilSnapshotChange *
vigil_snapshot_diff_find (const VigilSnapshotDiff *diff,
                          const char              *name)
{
  g_return_val_if_fail (diff != NULL, NULL);

  for (guint i = 0; i < diff->changes->len; i++)
    {
      const VigilSnapshotChange *change = g_ptr_array_index (diff->changes, i);

      if (g_strcmp0 (change->name, name) == 0)
        return change;
    }
  return NULL;
}

static char *
format_time (gint64 utc_us)
{
  g_autoptr(GDateTime) time = utc_us >= 0 ? g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC) : NULL;

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

/* Returns: (transfer full): the difference in words, one line a change:
 * "unpaired Event/CallbackRegistered: 2 → 12 (+10 new)" */
char *
vigil_snapshot_diff_describe (const VigilSnapshotDiff *diff)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint unchanged = 0;

  g_return_val_if_fail (diff != NULL, NULL);

  before = format_time (diff->before_us);
  after = format_time (diff->after_us);
  /* Translators: a host, then two dates. */
  g_string_append_printf (text, _("%s: from %s to %s\n"), diff->host, before, after);
  for (guint i = 0; i < diff->changes->len; i++)
    {
      const VigilSnapshotChange *change = g_ptr_array_index (diff->changes, i);
      gboolean items = g_str_has_prefix (change->name, "unpaired ") || g_str_has_prefix (change->name, "orphans ");

      if (change->before < 0 || change->after < 0)
        g_string_append_printf (text, _("%s: unknown in one of the snapshots\n"), change->name);
      else if (change->before == change->after && change->added == 0)
        unchanged++;
      else if (items)
        /* Translators: a group, its count before and after, and how many are new. */
        g_string_append_printf (text, _("%s: %" PRId64 " → %" PRId64 " (%+" PRId64 " new)\n"),
                                change->name, change->before, change->after, change->added);
      else
        g_string_append_printf (text, "%s: %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " (%+" G_GINT64_FORMAT ")\n",
                                change->name, change->before, change->after, change->added);
    }
  if (unchanged > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u other figure unchanged\n",
                                               "%u other figures unchanged\n", unchanged), unchanged);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
