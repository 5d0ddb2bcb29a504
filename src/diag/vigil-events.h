/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-defaults.h"
#include "vigil-event.h"
#include "vigil-ledger.h"
#include "vigil-probe.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_EVENTS (vigil_events_get_type ())

#define VIGIL_EVENTS_DEFAULT_CAPACITY VIGIL_EVENT_RING_SIZE_DEFAULT

/* The operation of the Error event that says the log file cannot be written. */
#define VIGIL_EVENTS_LOG_OPERATION "log-file"

G_DECLARE_FINAL_TYPE (VigilEvents, vigil_events, VIGIL, EVENTS, GObject)

VigilEvents *vigil_events_new              (void);
void         vigil_events_post             (VigilEvents  *self,
                                            VigilEvent   *event);
GPtrArray   *vigil_events_list             (VigilEvents  *self);
void         vigil_events_set_capacity     (VigilEvents  *self,
                                            guint         capacity);
guint        vigil_events_get_capacity     (VigilEvents  *self);
gboolean     vigil_events_is_full          (VigilEvents  *self);
gboolean     vigil_events_set_log_file     (VigilEvents  *self,
                                            const char   *path,
                                            GError      **error);
void         vigil_events_set_log_fault    (VigilEvents  *self,
                                            gint64        max_file_bytes);
void         vigil_events_set_journal      (VigilEvents  *self,
                                            gboolean      enabled);
void         vigil_events_set_probe        (VigilEvents  *self,
                                            VigilProbe   *probe);
void         vigil_events_set_reconnects   (VigilEvents  *self,
                                            gint64        reconnects);
void         vigil_events_attach_ledger    (VigilEvents  *self,
                                            VigilLedger  *ledger);

G_END_DECLS
