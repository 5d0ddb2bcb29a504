/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-view-geometry.h"

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
#define VIGIL_PIXEL_FORMAT_MONO10    0x01100003u
#define VIGIL_PIXEL_FORMAT_MONO12    0x01100005u
#define VIGIL_PIXEL_FORMAT_MONO14    0x01100025u
#define VIGIL_PIXEL_FORMAT_MONO10_PACKED 0x010C0004u
#define VIGIL_PIXEL_FORMAT_MONO12_PACKED 0x010C0006u
#define VIGIL_PIXEL_FORMAT_MONO10P   0x010A0046u
#define VIGIL_PIXEL_FORMAT_MONO12P   0x010C0047u
#define VIGIL_PIXEL_FORMAT_BAYER_GR10 0x0110000Cu
#define VIGIL_PIXEL_FORMAT_BAYER_RG10 0x0110000Du
#define VIGIL_PIXEL_FORMAT_BAYER_GB10 0x0110000Eu
#define VIGIL_PIXEL_FORMAT_BAYER_BG10 0x0110000Fu
#define VIGIL_PIXEL_FORMAT_BAYER_GR12 0x01100010u
#define VIGIL_PIXEL_FORMAT_BAYER_RG12 0x01100011u
#define VIGIL_PIXEL_FORMAT_BAYER_GB12 0x01100012u
#define VIGIL_PIXEL_FORMAT_BAYER_BG12 0x01100013u
#define VIGIL_PIXEL_FORMAT_BAYER_GR16 0x0110002Eu
#define VIGIL_PIXEL_FORMAT_BAYER_RG16 0x0110002Fu
#define VIGIL_PIXEL_FORMAT_BAYER_GB16 0x01100030u
#define VIGIL_PIXEL_FORMAT_BAYER_BG16 0x01100031u
#define VIGIL_PIXEL_FORMAT_BAYER_GR10_PACKED 0x010C0026u
#define VIGIL_PIXEL_FORMAT_BAYER_RG10_PACKED 0x010C0027u
#define VIGIL_PIXEL_FORMAT_BAYER_GB10_PACKED 0x010C0028u
#define VIGIL_PIXEL_FORMAT_BAYER_BG10_PACKED 0x010C0029u
#define VIGIL_PIXEL_FORMAT_BAYER_GR12_PACKED 0x010C002Au
#define VIGIL_PIXEL_FORMAT_BAYER_RG12_PACKED 0x010C002Bu
#define VIGIL_PIXEL_FORMAT_BAYER_GB12_PACKED 0x010C002Cu
#define VIGIL_PIXEL_FORMAT_BAYER_BG12_PACKED 0x010C002Du
#define VIGIL_PIXEL_FORMAT_BAYER_BG10P 0x010A0052u
#define VIGIL_PIXEL_FORMAT_BAYER_GB10P 0x010A0054u
#define VIGIL_PIXEL_FORMAT_BAYER_GR10P 0x010A0056u
#define VIGIL_PIXEL_FORMAT_BAYER_RG10P 0x010A0058u
#define VIGIL_PIXEL_FORMAT_BAYER_BG12P 0x010C0053u
#define VIGIL_PIXEL_FORMAT_BAYER_GB12P 0x010C0055u
#define VIGIL_PIXEL_FORMAT_BAYER_GR12P 0x010C0057u
#define VIGIL_PIXEL_FORMAT_BAYER_RG12P 0x010C0059u
#define VIGIL_PIXEL_FORMAT_BGR8      0x02180015u
#define VIGIL_PIXEL_FORMAT_RGBA8     0x02200016u
#define VIGIL_PIXEL_FORMAT_BGRA8     0x02200017u
#define VIGIL_PIXEL_FORMAT_YUV422_8_UYVY 0x0210001Fu   /* also GigE YUV422Packed */
#define VIGIL_PIXEL_FORMAT_YUV422_8  0x02100032u       /* YUYV */

/* Largest width or height accepted; keeps every size computation in range. */
#define VIGIL_FRAME_MAX_SIDE 65535u

/* How samples deeper than 8 bits are shown. */
typedef enum
{
  VIGIL_LEVELS_BIT_DEPTH,   /* the format's full range (Mono12: 0 … 4095) */
  VIGIL_LEVELS_WINDOW,      /* low … high, in the format's units */
  VIGIL_LEVELS_AUTO,        /* the frame's own range (0.5 % to 99.5 % of its samples) */
} VigilLevelsMode;

typedef struct
{
  VigilLevelsMode mode;
  guint           low;
  guint           high;
} VigilFrameLevels;

/* What a display image shows: the raw pixels of @region, turned by
 * @orientation, at @width × @height; 4 bytes a pixel, B G R 255. */
typedef struct
{
  VigilPixelRect   region;
  VigilOrientation orientation;
  guint            width;
  guint            height;
} VigilFrameView;

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
guint64      vigil_frame_get_camera_timestamp  (VigilFrame    *self);
void         vigil_frame_set_camera_timestamp  (VigilFrame    *self,
                                                guint64        timestamp_ns);
guint16     *vigil_frame_dup_mono_samples      (VigilFrame    *self,
                                                guint         *depth,
                                                GError       **error);
GBytes      *vigil_frame_to_rgb                (VigilFrame    *self,
                                                guint          out_width,
                                                guint          out_height,
                                                GError       **error);
GBytes      *vigil_frame_to_rgb_levels         (VigilFrame    *self,
                                                const VigilFrameLevels *levels,
                                                guint          out_width,
                                                guint          out_height,
                                                GError       **error);
GBytes      *vigil_frame_convert_pixels        (guint32        pixel_format,
                                                guint          width,
                                                guint          height,
                                                gsize          stride,
                                                const guint8  *data,
                                                gsize          size,
                                                const VigilFrameLevels *levels,
                                                guint          out_width,
                                                guint          out_height,
                                                GError       **error);
gboolean     vigil_frame_convert_into          (guint32        pixel_format,
                                                guint          width,
                                                guint          height,
                                                gsize          stride,
                                                const guint8  *data,
                                                gsize          size,
                                                const VigilFrameLevels *levels,
                                                guint8        *dst,
                                                guint          out_width,
                                                guint          out_height,
                                                GError       **error);
gboolean     vigil_frame_convert_rows_into     (guint32        pixel_format,
                                                guint          width,
                                                guint          height,
                                                gsize          stride,
                                                const guint8  *data,
                                                gsize          size,
                                                const VigilFrameLevels *levels,
                                                guint8        *dst,
                                                guint          out_width,
                                                guint          out_height,
                                                guint          row_begin,
                                                guint          row_end,
                                                GError       **error);
VigilFrame  *vigil_frame_new_shown             (guint32        pixel_format,
                                                guint          width,
                                                guint          height,
                                                guint64        frame_id,
                                                gint64         timestamp_us,
                                                GBytes        *rgb,
                                                guint          display_width,
                                                guint          display_height);
void         vigil_frame_attach_display        (VigilFrame    *self,
                                                GBytes        *rgb,
                                                guint          width,
                                                guint          height);
GBytes      *vigil_frame_get_display           (VigilFrame    *self,
                                                guint         *width,
                                                guint         *height);
gboolean     vigil_frame_plan_view             (guint32        pixel_format,
                                                guint          width,
                                                guint          height,
                                                gsize          stride,
                                                const VigilViewGeometry *geometry,
                                                VigilFrameView *view,
                                                GError       **error);
gboolean     vigil_frame_convert_view          (guint32        pixel_format,
                                                guint          width,
                                                guint          height,
                                                gsize          stride,
                                                const guint8  *data,
                                                gsize          size,
                                                const VigilFrameLevels *levels,
                                                const VigilFrameView *view,
                                                guint8        *dst,
                                                GError       **error);
void         vigil_frame_set_view              (VigilFrame    *self,
                                                const VigilFrameView *view);
gboolean     vigil_frame_get_view              (VigilFrame    *self,
                                                VigilFrameView *view);
char        *vigil_frame_describe_pixel        (VigilFrame    *self,
                                                guint          x,
                                                guint          y);

const char  *vigil_pixel_format_to_string      (guint32        pixel_format);
gboolean     vigil_pixel_format_is_supported   (guint32        pixel_format);
guint        vigil_pixel_format_bytes_per_pixel (guint32       pixel_format);
guint        vigil_pixel_format_bits_per_pixel (guint32        pixel_format);
guint        vigil_pixel_format_get_depth      (guint32        pixel_format);
void         vigil_fit_size                    (guint          width,
                                                guint          height,
                                                guint          max_width,
                                                guint          max_height,
                                                guint         *out_width,
                                                guint         *out_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFrame, vigil_frame_unref)

G_END_DECLS
