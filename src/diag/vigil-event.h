/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-phase.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_EVENT (vigil_event_get_type ())

/* Appended, never inserted. */
typedef enum
{
  VIGIL_EVENT_CAMERA_SESSION,
  VIGIL_EVENT_CAMERA_RESOURCE,
  VIGIL_EVENT_HEARTBEAT,
  VIGIL_EVENT_FAULT,
  VIGIL_EVENT_ERROR,
  VIGIL_N_EVENT_TYPES,
} VigilEventType;

/* The one shape of every lifecycle event (DESIGN.md "Lifecycle event").
 * Refcounted; fill the fields after vigil_event_new () and before posting,
 * never after: a posted event is shared read-only between threads.
 * Absent values (written as null): strings NULL, session and resource 0,
 * phase VIGIL_PHASE_NONE, the gint64 figures -1; error_code counts only
 * when error_domain is set. */
typedef struct
{
  gint64          ts_us;             /* UTC µs; 0 = set when posted */
  VigilEventType  event;
  guint64         session;
  char           *camera;
  char           *operation;
  gint64          reconnects;
  VigilPhase      phase;

  guint64         resource;
  char           *kind;
  char           *name;
  char           *action;
  gint64          os_handle;
  char           *owner;

  char           *error_domain;
  gint            error_code;
  char           *error_message;
  gint64          errno_value;       /* "errno" */
  gint64          timeout_ms;

  gint64          open_fds;
  gint64          threads;
  gint64          private_bytes;
} VigilEvent;

GType           vigil_event_get_type          (void) G_GNUC_CONST;
VigilEvent     *vigil_event_new               (VigilEventType    type);
VigilEvent     *vigil_event_ref               (VigilEvent       *self);
void            vigil_event_unref             (VigilEvent       *self);
void            vigil_event_set_error         (VigilEvent       *self,
                                               const GError     *error);
void            vigil_event_set_strings       (VigilEvent       *self,
                                               const char       *camera,
                                               const char       *operation);
JsonNode       *vigil_event_to_json_node      (const VigilEvent *self);
char           *vigil_event_to_json_line      (const VigilEvent *self);
const char     *vigil_event_type_to_string    (VigilEventType    type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilEvent, vigil_event_unref)

G_END_DECLS
