/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "vigil-events.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_EVENT_LOG (vigil_event_log_get_type ())

G_DECLARE_FINAL_TYPE (VigilEventLog, vigil_event_log, VIGIL, EVENT_LOG, GtkWidget)

void vigil_event_log_set_events  (VigilEventLog *self,
                                  VigilEvents   *events);
void vigil_event_log_set_items   (VigilEventLog *self,
                                  GListModel    *items);

G_END_DECLS
