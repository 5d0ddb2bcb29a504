/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-event.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_EVENT_ITEM (vigil_event_item_get_type ())

G_DECLARE_FINAL_TYPE (VigilEventItem, vigil_event_item, VIGIL, EVENT_ITEM, GObject)

VigilEventItem *vigil_event_item_new        (VigilEvent      *event);
VigilEvent     *vigil_event_item_get_event  (VigilEventItem  *self);
const char     *vigil_event_item_get_title  (VigilEventItem  *self);
char           *vigil_event_item_dup_time   (VigilEventItem  *self);
char           *vigil_event_item_dup_json   (VigilEventItem  *self);
gboolean        vigil_event_item_matches    (VigilEventItem  *self,
                                             guint64          session,
                                             const char      *kind,
                                             const char      *action,
                                             const char      *text);

G_END_DECLS
