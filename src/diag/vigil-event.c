/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-event"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-event.h"
#include "vigil-json.h"
#include "vigil-utf8.h"

G_DEFINE_BOXED_TYPE (VigilEvent, vigil_event, vigil_event_ref, vigil_event_unref)

static void
vigil_event_clear (gpointer data)
{
  VigilEvent *self = data;

  g_clear_pointer (&self->camera, g_free);
  g_clear_pointer (&self->operation, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->error_domain, g_free);
  g_clear_pointer (&self->error_message, g_free);
}

const char *
vigil_event_type_to_string (VigilEventType type)
{
  switch (type)
    {
    case VIGIL_EVENT_CAMERA_SESSION:  return "CameraSession";
    case VIGIL_EVENT_CAMERA_RESOURCE: return "CameraResource";
    case VIGIL_EVENT_HEARTBEAT:       return "Heartbeat";
    case VIGIL_EVENT_FAULT:           return "Fault";
    case VIGIL_EVENT_ERROR:           return "Error";
    case VIGIL_N_EVENT_TYPES:
    default:                          return NULL;
    }
}

/**
 * vigil_event_new:
 *
 * Returns: (transfer full): an event with every optional field absent
 */
VigilEvent *
vigil_event_new (VigilEventType type)
{
  g_autoptr(VigilEvent) self = g_atomic_rc_box_new0 (VigilEvent);

  self->event = type;
  self->reconnects = -1;
  self->os_handle = -1;
  self->errno_value = -1;
  self->timeout_ms = -1;
  self->open_fds = -1;
  self->threads = -1;
  self->private_bytes = -1;
  return g_steal_pointer (&self);
}

VigilEvent *
vigil_event_ref (VigilEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
vigil_event_unref (VigilEvent *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, vigil_event_clear);
}

/**
 * vigil_event_set_error:
 * @error: (nullable): the error to record (domain, code, message)
 */
void
vigil_event_set_error (VigilEvent   *self,
                       const GError *error)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->error_domain, g_free);
  g_clear_pointer (&self->error_message, g_free);
  self->error_code = 0;
  if (error == NULL)
    return;
  self->error_domain = g_strdup (g_quark_to_string (error->domain));
  self->error_code = error->code;
  self->error_message = vigil_utf8_sanitize_bounded (error->message, -1, VIGIL_UTF8_MESSAGE_MAX);
}

/**
 * vigil_event_set_strings:
 * @camera: (nullable): the camera name
 * @operation: (nullable): e.g. "open", "reconnect", "close"
 */
void
vigil_event_set_strings (VigilEvent *self,
                         const char *camera,
                         const char *operation)
{
  g_return_if_fail (self != NULL);

  g_free (self->camera);
  self->camera = vigil_utf8_sanitize_bounded (camera, -1, VIGIL_UTF8_NAME_MAX);
  g_free (self->operation);
  self->operation = vigil_utf8_sanitize_bounded (operation, -1, VIGIL_UTF8_NAME_MAX);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  vigil_json_add_string (builder, key, value);    /* valid UTF-8 whatever @value holds */
}

static void
add_int (JsonBuilder *builder,
         const char  *key,
         gboolean     present,
         gint64       value)
{
  json_builder_set_member_name (builder, key);
  if (present)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * vigil_event_to_json_node:
 *
 * Every field of the shape is present, absent values as null.
 *
 * Returns: (transfer full): a JSON object with the lower-case names
 */
JsonNode *
vigil_event_to_json_node (const VigilEvent *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "ts", TRUE, self->ts_us);
  add_string (builder, "event", vigil_event_type_to_string (self->event));
  add_int (builder, "session", self->session != 0, (gint64) self->session);
  add_string (builder, "camera", self->camera);
  add_string (builder, "operation", self->operation);
  add_int (builder, "reconnects", self->reconnects >= 0, self->reconnects);
  add_string (builder, "phase", vigil_phase_to_string (self->phase));
  add_int (builder, "resource", self->resource != 0, (gint64) self->resource);
  add_string (builder, "kind", self->kind);
  add_string (builder, "name", self->name);
  add_string (builder, "action", self->action);
  add_int (builder, "os_handle", self->os_handle >= 0, self->os_handle);
  add_string (builder, "owner", self->owner);
  add_string (builder, "error_domain", self->error_domain);
  add_int (builder, "error_code", self->error_domain != NULL, self->error_code);
  add_string (builder, "error_message", self->error_message);
  add_int (builder, "errno", self->errno_value >= 0, self->errno_value);
  add_int (builder, "timeout_ms", self->timeout_ms >= 0, self->timeout_ms);
  add_int (builder, "open_fds", self->open_fds >= 0, self->open_fds);
  add_int (builder, "threads", self->threads >= 0, self->threads);
  add_int (builder, "private_bytes", self->private_bytes >= 0, self->private_bytes);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * vigil_event_to_json_line:
 *
 * Returns: (transfer full): the event as one line of JSON, without newline
 */
char *
vigil_event_to_json_line (const VigilEvent *self)
{
  g_autoptr(JsonNode) node = vigil_event_to_json_node (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
