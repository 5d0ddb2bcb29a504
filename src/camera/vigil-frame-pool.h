/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigilFramePool VigilFramePool;

VigilFramePool *vigil_frame_pool_new   (guint           max_free);
VigilFramePool *vigil_frame_pool_ref   (VigilFramePool *self);
void            vigil_frame_pool_unref (VigilFramePool *self);
GBytes         *vigil_frame_pool_take  (VigilFramePool *self,
                                        gsize           size,
                                        guint8        **data);
guint           vigil_frame_pool_get_allocated (VigilFramePool *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFramePool, vigil_frame_pool_unref)

G_END_DECLS
