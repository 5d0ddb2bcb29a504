/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <arv.h>

#include "vigil-frame-sink.h"

G_BEGIN_DECLS

/* The frame consumer thread of one session. */
typedef struct _VigilConsumer VigilConsumer;

VigilConsumer *vigil_consumer_start           (ArvStream       *stream,
                                               VigilFrameSink  *sink,
                                               GError         **error);
void           vigil_consumer_stop            (VigilConsumer   *self);
gint64         vigil_consumer_get_last_frame  (VigilConsumer   *self);
gboolean       vigil_consumer_wait_first_frame (VigilConsumer  *self,
                                               gint64           timeout_us);
void           vigil_consumer_set_muted       (VigilConsumer   *self,
                                               gboolean         muted);
guint64        vigil_consumer_get_frames      (VigilConsumer   *self);
void           vigil_consumer_set_frame_limit (VigilConsumer   *self,
                                               guint64          limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConsumer, vigil_consumer_stop)

G_END_DECLS
