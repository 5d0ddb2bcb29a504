/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-models-read"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-json.h"
#include "vigil-ledger.h"
#include "vigil-orphans.h"
#include "vigil-snapshot-models-private.h"
#include "vigil-snapshot-models.h"
#include "vigil-utf8.h"

/* A snapshot's sessions, resources, pairs, orphans and events read back
 * into the structs the ledger, the orphans and the event ring answer, so
 * the panel's models show them the same way.  The document is untrusted:
 * a member that is missing or of another type reads as absent, strings
 * are made valid UTF-8 and bounded. */

/* Returns: (transfer full) (nullable): @member of @object as valid UTF-8
 * of at most VIGIL_UTF8_MESSAGE_MAX characters, NULL when not a string */
char *
vigil_snapshot_models_text (JsonObject *object,
                            const char *member)
{
  const char *text = vigil_json_get_string (object, member, NULL);

  return text != NULL ? vigil_utf8_sanitize_bounded (text, -1, VIGIL_UTF8_MESSAGE_MAX) : NULL;
}

static VigilPhase
read_phase (JsonObject *object,
            const char *member)
{
  VigilPhase phase = VIGIL_PHASE_NONE;
  const char *name = vigil_json_get_string (object, member, NULL);

  if (name == NULL || !vigil_phase_from_string (name, &phase))
    return VIGIL_PHASE_NONE;
  return phase;
}

static VigilAction
read_action (JsonObject  *object,
             const char  *member,
             VigilAction  fallback)
{
  const char *name = vigil_json_get_string (object, member, NULL);

  for (guint a = 0; name != NULL && a < VIGIL_N_ACTIONS; a++)
    if (g_strcmp0 (vigil_action_to_string (a), name) == 0)
      return (VigilAction) a;
  return fallback;
}

static VigilResourceInfo *
read_resource (JsonObject             *object,
               const VigilSessionInfo *session)
{
  g_autoptr(VigilResourceInfo) info = g_new0 (VigilResourceInfo, 1);
  const char *kind = vigil_json_get_string (object, "kind", NULL);

  if (kind == NULL || !vigil_resource_kind_from_string (kind, &info->kind))
    return NULL;
  info->id = (guint64) MAX (vigil_json_get_int (object, "id", 0), 0);
  info->session = session->id;
  info->camera = g_strdup (session->camera);
  info->name = vigil_snapshot_models_text (object, "name");
  info->owner = vigil_snapshot_models_text (object, "owner");
  info->create_action = read_action (object, "create_action", VIGIL_ACTION_CREATE);
  info->close_action = read_action (object, "close_action", VIGIL_ACTION_CLOSE);
  info->create_phase = read_phase (object, "create_phase");
  info->created_us = vigil_json_get_int (object, "created_us", -1);
  info->closed = vigil_json_get_bool (object, "closed");
  info->close_phase = read_phase (object, "close_phase");
  info->closed_us = vigil_json_get_int (object, "closed_us", -1);
  info->os_handle = (int) CLAMP (vigil_json_get_int (object, "os_handle", -1), -1, G_MAXINT);
  info->os_target = vigil_snapshot_models_text (object, "os_target");
  return g_steal_pointer (&info);
}

/* One entry per kind, in kind order, as vigil_ledger_get_pairs () gives. */
static GArray *
read_pairs (JsonObject *object)
{
  GArray *pairs = g_array_sized_new (FALSE, TRUE, sizeof (VigilKindPairs), VIGIL_N_RESOURCE_KINDS);

  for (guint kind = 0; kind < VIGIL_N_RESOURCE_KINDS; kind++)
    {
      JsonObject *entry = vigil_json_get_object (object, vigil_resource_kind_to_string (kind));
      VigilKindPairs pair = { (VigilResourceKind) kind, 0, 0, 0 };

      pair.created = (guint) CLAMP (vigil_json_get_int (entry, "created", 0), 0, G_MAXUINT);
      pair.closed = (guint) CLAMP (vigil_json_get_int (entry, "closed", 0), 0, G_MAXUINT);
      pair.open = (guint) CLAMP (vigil_json_get_int (entry, "open", 0), 0, G_MAXUINT);
      g_array_append_val (pairs, pair);
    }
  return pairs;
}

static VigilOrphan *
read_orphan (JsonObject             *object,
             const VigilSessionInfo *session)
{
  VigilOrphan *orphan = g_new0 (VigilOrphan, 1);

  orphan->session = session->id;
  orphan->phase = read_phase (object, "phase");
  orphan->thread = vigil_json_get_bool (object, "thread");
  orphan->handle = (int) CLAMP (vigil_json_get_int (object, orphan->thread ? "tid" : "fd", -1), -1, G_MAXINT);
  orphan->kind = vigil_snapshot_models_text (object, "kind");
  orphan->name = vigil_snapshot_models_text (object, "name");
  orphan->target = vigil_snapshot_models_text (object, "target");
  orphan->what = vigil_snapshot_models_text (object, "what");
  orphan->attributed_us = vigil_json_get_int (object, "attributed_us", -1);
  orphan->closed_us = session->closed_us;
  return orphan;
}

static VigilSessionInfo *
read_session (JsonObject *object)
{
  VigilSessionInfo *info = g_new0 (VigilSessionInfo, 1);

  info->id = (guint64) MAX (vigil_json_get_int (object, "id", 0), 0);
  info->camera = vigil_snapshot_models_text (object, "camera");
  info->opened_us = vigil_json_get_int (object, "opened_us", -1);
  info->closed_us = vigil_json_get_int (object, "closed_us", -1);
  info->ended = g_strcmp0 (vigil_json_get_string (object, "state", NULL), "ended") == 0;
  info->phase = read_phase (object, "phase");
  info->n_open = (guint) CLAMP (vigil_json_get_int (object, "open", 0), 0, G_MAXUINT);
  return info;
}

/* The snapshot's "sessions_dropped" (src/report/vigil-snapshot-dropped.c):
 * totals of the ended sessions the ledger no longer kept in full. */
static void
read_dropped (JsonObject         *object,
              VigilLedgerDropped *dropped)
{
  JsonObject *kinds = vigil_json_get_object (object, "kinds");
  JsonArray *unpaired = vigil_json_get_array (object, "unpaired");

  memset (dropped, 0, sizeof *dropped);
  if (object == NULL)
    return;
  dropped->sessions = (guint64) MAX (vigil_json_get_int (object, "sessions", 0), 0);
  dropped->unpaired_sessions = (guint64) MAX (vigil_json_get_int (object, "unpaired_sessions", 0), 0);
  for (guint k = 0; kinds != NULL && k < VIGIL_N_RESOURCE_KINDS; k++)
    {
      JsonObject *kind = vigil_json_get_object (kinds, vigil_resource_kind_to_string (k));

      dropped->created[k] = (guint64) MAX (vigil_json_get_int (kind, "created", 0), 0);
      dropped->closed[k] = (guint64) MAX (vigil_json_get_int (kind, "closed", 0), 0);
    }
  for (guint i = 0; unpaired != NULL && i < json_array_get_length (unpaired); i++)
    {
      JsonObject *entry = vigil_json_element_object (unpaired, i);
      VigilResourceKind kind;
      const char *name = vigil_json_get_string (entry, "kind", NULL);
      gint64 count = vigil_json_get_int (entry, "count", 0);

      if (name == NULL || !vigil_resource_kind_from_string (name, &kind) || count <= 0)
        continue;
      dropped->unpaired[kind][read_phase (entry, "create_phase")] += (guint64) count;
      dropped->n_unpaired += (guint64) count;
    }
}

/**
 * vigil_snapshot_models_read_sessions:
 * @sessions: (nullable): the document's "sessions"
 * @dropped: (nullable): the document's "sessions_dropped"
 *
 * Returns: (transfer full): what a VigilPairsModel shows of them
 */
VigilPairsFixed *
vigil_snapshot_models_read_sessions (JsonArray  *sessions,
                                     JsonObject *dropped)
{
  g_autoptr(VigilPairsFixed) fixed = vigil_pairs_fixed_new ();
  guint n = sessions != NULL ? json_array_get_length (sessions) : 0;
  guint n_resources = 0;

  for (guint i = n > VIGIL_SNAPSHOT_MODELS_MAX_SESSIONS ? n - VIGIL_SNAPSHOT_MODELS_MAX_SESSIONS : 0; i < n; i++)
    {
      JsonObject *object = vigil_json_element_object (sessions, i);
      JsonArray *resources = vigil_json_get_array (object, "resources");
      JsonArray *orphans = vigil_json_get_array (object, "orphans");
      GPtrArray *infos;
      VigilSessionInfo *session;

      if (object == NULL)
        continue;
      session = read_session (object);
      infos = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_resource_info_free);
      for (guint r = 0; resources != NULL && r < MIN (json_array_get_length (resources),
                                                     VIGIL_SNAPSHOT_MODELS_MAX_RESOURCES) &&
                        n_resources < VIGIL_SNAPSHOT_MODELS_MAX_ROWS; r++, n_resources++)
        {
          JsonObject *resource = vigil_json_element_object (resources, r);
          VigilResourceInfo *info = resource != NULL ? read_resource (resource, session) : NULL;

          if (info != NULL)
            g_ptr_array_add (infos, info);
        }
      for (guint o = 0; orphans != NULL && o < MIN (json_array_get_length (orphans),
                                                   VIGIL_SNAPSHOT_MODELS_MAX_RESOURCES) &&
                        fixed->orphans->len < VIGIL_SNAPSHOT_MODELS_MAX_ORPHANS; o++)
        {
          JsonObject *orphan = vigil_json_element_object (orphans, o);

          if (orphan != NULL)
            g_ptr_array_add (fixed->orphans, read_orphan (orphan, session));
        }
      g_ptr_array_add (fixed->sessions, session);
      g_ptr_array_add (fixed->resources, infos);
      g_ptr_array_add (fixed->pairs, read_pairs (vigil_json_get_object (object, "pairs")));
    }
  read_dropped (dropped, &fixed->dropped);
  return g_steal_pointer (&fixed);
}

static VigilEventType
read_event_type (JsonObject *object)
{
  const char *name = vigil_json_get_string (object, "event", NULL);

  for (guint t = 0; name != NULL && t < VIGIL_N_EVENT_TYPES; t++)
    if (g_strcmp0 (vigil_event_type_to_string (t), name) == 0)
      return (VigilEventType) t;
  return VIGIL_N_EVENT_TYPES;
}

/**
 * vigil_snapshot_models_read_event:
 *
 * Returns: (transfer full) (nullable): the lifecycle event of the
 *   document's "events", NULL when it names no event type Vigil knows
 */
VigilEvent *
vigil_snapshot_models_read_event (JsonObject *object)
{
  VigilEventType type = read_event_type (object);
  g_autoptr(VigilEvent) event = NULL;

  if (type == VIGIL_N_EVENT_TYPES)
    return NULL;
  event = vigil_event_new (type);
  event->ts_us = vigil_json_get_int (object, "ts", 0);
  event->session = (guint64) MAX (vigil_json_get_int (object, "session", 0), 0);
  event->camera = vigil_snapshot_models_text (object, "camera");
  event->operation = vigil_snapshot_models_text (object, "operation");
  event->reconnects = vigil_json_get_int (object, "reconnects", -1);
  event->phase = read_phase (object, "phase");
  event->resource = (guint64) MAX (vigil_json_get_int (object, "resource", 0), 0);
  event->kind = vigil_snapshot_models_text (object, "kind");
  event->name = vigil_snapshot_models_text (object, "name");
  event->action = vigil_snapshot_models_text (object, "action");
  event->os_handle = vigil_json_get_int (object, "os_handle", -1);
  event->owner = vigil_snapshot_models_text (object, "owner");
  event->error_domain = vigil_snapshot_models_text (object, "error_domain");
  event->error_code = (gint) CLAMP (vigil_json_get_int (object, "error_code", 0), G_MININT, G_MAXINT);
  event->error_message = vigil_snapshot_models_text (object, "error_message");
  event->errno_value = vigil_json_get_int (object, "errno", -1);
  event->timeout_ms = vigil_json_get_int (object, "timeout_ms", -1);
  event->open_fds = vigil_json_get_int (object, "open_fds", -1);
  event->threads = vigil_json_get_int (object, "threads", -1);
  event->private_bytes = vigil_json_get_int (object, "private_bytes", -1);
  return g_steal_pointer (&event);
}
