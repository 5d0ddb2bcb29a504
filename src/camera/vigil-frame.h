/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FRAME (vigil_frame_get_type ())

/* Pixel format codes are the GenICam PFNC values Aravis uses. */
#define VIGIL_PIXEL_FORMAT_MONO8     0x01080001u
#define VIGIL_PIXEL_FORMAT_MONO16    0x01100007u
#define VIGIL_PIXEL_FORMAT_BAYER_GR8 0x01080008u
#define VIGIL_PIXEL_FORMAT_BAYER_RG8 0x01080009u
#define VIGIL_PIXEL_FORMAT_BAYER_GB8 0x0108000Au
#define VIGIL_PIXEL_FORMAT_BAYER_BG8 0x0108000Bu
#define VIGIL_PIXEL_FORMAT_RGB8      0x02180014u

/* Largest width or height accepted; keeps every size computation in range. */
#define VIGIL_FRAME_MAX_SIDE 65535u

GType        vigil_frame_get_type              (void) G_GNUC_CONST;
VigilFrame  *vigil_frame_new                   (guint32        pixel_format,
                                                guint          width,
                                                guint          height,
                                                gsize          stride,
                                                const guint8  *data,
                                                gsize          size,
                                                guint64        frame_id,
                                                gint64         timestamp_us,
                                                GError       **error);
VigilFrame  *vigil_frame_ref                   (VigilFrame    *self);
void         vigil_frame_unref                 (VigilFrame    *self);
guint32      vigil_frame_get_pixel_format      (VigilFrame    *self);
guint        vigil_frame_get_width             (VigilFrame    *self);
guint        vigil_frame_get_height            (VigilFrame    *self);
gsize        vigil_frame_get_stride            (VigilFrame    *self);
GBytes      *vigil_frame_get_data              (VigilFrame    *self);
guint64      vigil_frame_get_id                (VigilFrame    *self);
gint64       vigil_frame_get_timestamp         (VigilFrame    *self);
GBytes      *vigil_frame_to_rgb                (VigilFrame    *self,
                                                guint          out_width,
                                                guint          out_height,
                                                GError       **error);
void         vigil_frame_attach_display        (VigilFrame    *self,
                                                GBytes        *rgb,
                                                guint          width,
                                                guint          height);
GBytes      *vigil_frame_get_display           (VigilFrame    *self,
                                                guint         *width,
                                                guint         *height);

const char  *vigil_pixel_format_to_string      (guint32        pixel_format);
gboolean     vigil_pixel_format_is_supported   (guint32        pixel_format);
guint        vigil_pixel_format_bytes_per_pixel (guint32       pixel_format);
void         vigil_fit_size                    (guint          width,
                                                guint          height,
                                                guint          max_width,
                                                guint          max_height,
                                                guint         *out_width,
                                                guint         *out_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFrame, vigil_frame_unref)

G_END_DECLS
