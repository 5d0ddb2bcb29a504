/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-event-item"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-event-item.h"

/* A lifecycle event as an item of a GListModel (the panel's event log),
 * with the text it is searched by.  The event is shared read-only. */
struct _VigilEventItem
{
  GObject     parent_instance;

  VigilEvent *event;
  char       *title;                   /* "ReconnectStart", "Create Event eventfd" … */
  char       *haystack;                /* case-folded text of every field */
};

G_DEFINE_FINAL_TYPE (VigilEventItem, vigil_event_item, G_TYPE_OBJECT)

static void
vigil_event_item_finalize (GObject *object)
{
  VigilEventItem *self = (VigilEventItem *) object;

  g_clear_pointer (&self->event, vigil_event_unref);
  g_free (self->title);
  g_free (self->haystack);

  G_OBJECT_CLASS (vigil_event_item_parent_class)->finalize (object);
}

static void
vigil_event_item_class_init (VigilEventItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_event_item_finalize;
}

static void
vigil_event_item_init (VigilEventItem *self)
{
}

/**
 * vigil_event_item_new:
 * @event: (transfer none): a posted event
 *
 * Returns: (transfer full):
 */
VigilEventItem *
vigil_event_item_new (VigilEvent *event)
{
  VigilEventItem *self;
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *line = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_EVENT_ITEM, NULL);
  self->event = vigil_event_ref (event);

  if (event->phase != VIGIL_PHASE_NONE)
    g_string_append (title, vigil_phase_to_string (event->phase));
  else
    g_string_append (title, vigil_event_type_to_string (event->event));
  if (event->action != NULL)
    g_string_append_printf (title, " · %s", event->action);
  if (event->kind != NULL)
    g_string_append_printf (title, " %s", event->kind);
  if (event->name != NULL)
    g_string_append_printf (title, " %s", event->name);
  else if (event->operation != NULL)
    g_string_append_printf (title, " (%s)", event->operation);
  if (event->error_message != NULL)
    g_string_append_printf (title, ": %s", event->error_message);
  self->title = g_string_free (g_steal_pointer (&title), FALSE);

  line = vigil_event_to_json_line (event);
  self->haystack = g_utf8_casefold (line, -1);
  return self;
}

/* Returns: (transfer none): */
VigilEvent *
vigil_event_item_get_event (VigilEventItem *self)
{
  g_return_val_if_fail (VIGIL_IS_EVENT_ITEM (self), NULL);
  return self->event;
}

/* A one-line summary: phase or event type, action, kind, name, error. */
const char *
vigil_event_item_get_title (VigilEventItem *self)
{
  g_return_val_if_fail (VIGIL_IS_EVENT_ITEM (self), NULL);
  return self->title;
}

/* Returns: (transfer full): local time of the event, "HH:MM:SS.mmm" */
char *
vigil_event_item_dup_time (VigilEventItem *self)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (VIGIL_IS_EVENT_ITEM (self), NULL);

  local = g_date_time_new_from_unix_local (self->event->ts_us / G_USEC_PER_SEC);
  if (local == NULL)
    return g_strdup ("?");
  seconds = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", seconds, (int) ((self->event->ts_us / 1000) % 1000));
}

/* Returns: (transfer full): every field, as pretty-printed JSON */
char *
vigil_event_item_dup_json (VigilEventItem *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (VIGIL_IS_EVENT_ITEM (self), NULL);

  node = vigil_event_to_json_node (self->event);
  return json_to_string (node, TRUE);
}

/**
 * vigil_event_item_matches:
 * @session: a session id, or 0 for any
 * @kind: (nullable): a resource kind name, or %NULL for any
 * @action: (nullable): an action name, or %NULL for any
 * @text: (nullable): text that some field must contain (case-insensitive),
 *   or %NULL / "" for any
 *
 * Returns: whether the event passes every filter given
 */
gboolean
vigil_event_item_matches (VigilEventItem *self,
                          guint64         session,
                          const char     *kind,
                          const char     *action,
                          const char     *text)
{
  g_return_val_if_fail (VIGIL_IS_EVENT_ITEM (self), FALSE);

  if (session != 0 && self->event->session != session)
    return FALSE;
  if (kind != NULL && g_strcmp0 (self->event->kind, kind) != 0)
    return FALSE;
  if (action != NULL && g_strcmp0 (self->event->action, action) != 0)
    return FALSE;
  if (text != NULL && *text != '\0')
    {
      g_autofree char *needle = g_utf8_casefold (text, -1);

      if (strstr (self->haystack, needle) == NULL)
        return FALSE;
    }
  return TRUE;
}
