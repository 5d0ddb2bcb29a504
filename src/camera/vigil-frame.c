/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-frame-private.h"
#include "vigil-frame.h"

/* An immutable frame: the display image, converted on the consumer thread
 * before the frame is shared, and the full-resolution pixels when they were
 * copied (vigil_frame_new()).  The conversion itself is in
 * vigil-frame-{format,rows,scale,mono,bayer,yuv}.c. */
struct _VigilFrame
{
  guint32  pixel_format;
  guint    width;
  guint    height;
  gsize    stride;
  GBytes  *data;
  guint64  frame_id;
  gint64   timestamp_us;
  guint64  camera_timestamp_ns;   /* the camera's clock; 0 when unknown */

  GBytes  *display;
  guint    display_width;
  guint    display_height;
  VigilFrameView view;      /* valid when has_view: the display is B G R 255 */
  gboolean has_view;
};

static void
vigil_frame_free (VigilFrame *self)
{
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->display, g_bytes_unref);
}

G_DEFINE_BOXED_TYPE (VigilFrame, vigil_frame, vigil_frame_ref, vigil_frame_unref)

static gboolean
check_pixels (guint32       pixel_format,
              VigilPixels  *pixels,
              GError      **error)
{
  if (pixels->info == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT,
                   _("Pixel format 0x%08x cannot be shown; Vigil shows Mono 8 to 16 bits, Bayer 8 to 16 bits (also packed), RGB8, BGR8, RGBa8, BGRa8 and YUV 4:2:2"),
                   pixel_format);
      return FALSE;
    }
  return vigil_pixels_check (pixels, error);
}

/**
 * vigil_frame_new:
 * @data: (array length=size): the pixels, copied
 *
 * Checks that @size bytes hold @height rows of @stride bytes (the last row
 * may omit its padding) and copies them.
 *
 * Returns: (transfer full) (nullable): the frame, or %NULL with @error set
 */
VigilFrame *
vigil_frame_new (guint32        pixel_format,
                 guint          width,
                 guint          height,
                 gsize          stride,
                 const guint8  *data,
                 gsize          size,
                 guint64        frame_id,
                 gint64         timestamp_us,
                 GError       **error)
{
  VigilPixels pixels = { vigil_pixel_info_lookup (pixel_format), width, height, stride, data, size };
  VigilFrame *self;

  if (!check_pixels (pixel_format, &pixels, error))
    return NULL;

  self = g_atomic_rc_box_new0 (VigilFrame);
  self->pixel_format = pixel_format;
  self->width = width;
  self->height = height;
  self->stride = pixels.stride;
  self->data = g_bytes_new (data, size);
  self->frame_id = frame_id;
  self->timestamp_us = timestamp_us;

  return self;
}

/**
 * vigil_frame_new_shown:
 * @rgb: (transfer none): packed RGB pixels of @display_width × @display_height
 *
 * A frame that carries only what is shown: the consumer converts straight
 * from the camera's buffer and copies the full-resolution pixels only when
 * asked (vigil_frame_get_data() returns %NULL here).
 *
 * Returns: (transfer full): the frame
 */
VigilFrame *
vigil_frame_new_shown (guint32  pixel_format,
                       guint    width,
                       guint    height,
                       guint64  frame_id,
                       gint64   timestamp_us,
                       GBytes  *rgb,
                       guint    display_width,
                       guint    display_height)
{
  VigilFrame *self;

  g_return_val_if_fail (rgb != NULL, NULL);

  self = g_atomic_rc_box_new0 (VigilFrame);
  self->pixel_format = pixel_format;
  self->width = width;
  self->height = height;
  self->frame_id = frame_id;
  self->timestamp_us = timestamp_us;
  vigil_frame_attach_display (self, rgb, display_width, display_height);

  return self;
}

VigilFrame *
vigil_frame_ref (VigilFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
vigil_frame_unref (VigilFrame *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) vigil_frame_free);
}

/* The stride is 0 for a bit-packed frame copied as one continuous stream. */
guint32 vigil_frame_get_pixel_format (VigilFrame *self) { return self->pixel_format; }
guint   vigil_frame_get_width        (VigilFrame *self) { return self->width; }
guint   vigil_frame_get_height       (VigilFrame *self) { return self->height; }
gsize   vigil_frame_get_stride       (VigilFrame *self) { return self->stride; }
guint64 vigil_frame_get_id           (VigilFrame *self) { return self->frame_id; }
gint64  vigil_frame_get_timestamp    (VigilFrame *self) { return self->timestamp_us; }
guint64 vigil_frame_get_camera_timestamp (VigilFrame *self) { return self->camera_timestamp_ns; }

/* The consumer, before it hands the frame on: the camera's own timestamp
 * (arv_buffer_get_timestamp (), nanoseconds of the camera's clock). */
void
vigil_frame_set_camera_timestamp (VigilFrame *self,
                                  guint64     timestamp_ns)
{
  self->camera_timestamp_ns = timestamp_ns;
}

/**
 * vigil_frame_get_data:
 *
 * Returns: (transfer none) (nullable): the full-resolution pixels, %NULL
 *   for a frame made by vigil_frame_new_shown()
 */
GBytes *
vigil_frame_get_data (VigilFrame *self)
{
  return self->data;
}

/* Writes output rows @row_begin … @row_end - 1. */
static void
convert_rows (const VigilPixels      *pixels,
              const VigilFrameLevels *levels,
              guint8                 *dst,
              guint                   out_width,
              guint                   out_height,
              guint                   row_begin,
              guint                   row_end)
{
  VigilConvert convert;

  vigil_convert_init (&convert, pixels, levels);
  if (pixels->info->kind == VIGIL_PIXEL_KIND_BAYER)
    vigil_bayer_scale (&convert, dst, out_width, out_height, row_begin, row_end);
  else
    vigil_scale_rows (&convert, dst, out_width, out_height, row_begin, row_end);
  vigil_convert_clear (&convert);
}

/**
 * vigil_frame_convert_into:
 * @dst: (out caller-allocates): packed RGB of @out_width × @out_height,
 *   neither 0
 *
 * vigil_frame_convert_pixels() into a buffer the caller owns (and may use
 * again: fresh memory costs a page fault every 4 KiB).
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
vigil_frame_convert_into (guint32                 pixel_format,
                          guint                   width,
                          guint                   height,
                          gsize                   stride,
                          const guint8           *data,
                          gsize                   size,
                          const VigilFrameLevels *levels,
                          guint8                 *dst,
                          guint                   out_width,
                          guint                   out_height,
                          GError                **error)
{
  return vigil_frame_convert_rows_into (pixel_format, width, height, stride, data, size, levels,
                                        dst, out_width, out_height, 0, out_height, error);
}

/**
 * vigil_frame_convert_rows_into:
 * @row_begin: first output row to write
 * @row_end: the row after the last one, at most @out_height
 *
 * vigil_frame_convert_into() for output rows @row_begin … @row_end - 1
 * only, so threads can share a frame by rows.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
vigil_frame_convert_rows_into (guint32                 pixel_format,
                               guint                   width,
                               guint                   height,
                               gsize                   stride,
                               const guint8           *data,
                               gsize                   size,
                               const VigilFrameLevels *levels,
                               guint8                 *dst,
                               guint                   out_width,
                               guint                   out_height,
                               guint                   row_begin,
                               guint                   row_end,
                               GError                **error)
{
  VigilPixels pixels = { vigil_pixel_info_lookup (pixel_format), width, height, stride, data, size };

  g_return_val_if_fail (dst != NULL, FALSE);
  g_return_val_if_fail (row_begin <= row_end && row_end <= out_height, FALSE);

  if (!check_pixels (pixel_format, &pixels, error))
    return FALSE;
  if (out_width == 0 || out_height == 0 ||
      out_width > VIGIL_FRAME_MAX_SIDE || out_height > VIGIL_FRAME_MAX_SIDE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Display size %u×%u is out of range"), out_width, out_height);
      return FALSE;
    }

  convert_rows (&pixels, levels, dst, out_width, out_height, row_begin, row_end);
  return TRUE;
}

/**
 * vigil_frame_convert_pixels:
 * @data: (array length=size): the pixels, read only during the call
 * @stride: bytes from row to row; 0 for tight rows (for bit-packed formats:
 *   one continuous bit stream, rows need not start on a byte)
 * @levels: (nullable): how samples deeper than 8 bits are shown; %NULL for
 *   their bit depth
 * @out_width: width of the result, 0 for the frame's width
 * @out_height: height of the result, 0 for the frame's height
 *
 * Converts pixels in memory to packed RGB (3 bytes a pixel, no row
 * padding) at the size they are shown: area averaging when shrinking (a
 * tent two output pixels wide; Bayer at 2× or more straight from its 2×2
 * cells, otherwise demosaiced bilinearly first), bilinear when enlarging.  Reads no byte outside @data … @data + @size.
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL with @error set
 */
GBytes *
vigil_frame_convert_pixels (guint32                 pixel_format,
                            guint                   width,
                            guint                   height,
                            gsize                   stride,
                            const guint8           *data,
                            gsize                   size,
                            const VigilFrameLevels *levels,
                            guint                   out_width,
                            guint                   out_height,
                            GError                **error)
{
  g_autofree guint8 *dst = NULL;
  gsize dst_size;

  if (out_width == 0)
    out_width = width;
  if (out_height == 0)
    out_height = height;
  if (out_width > VIGIL_FRAME_MAX_SIDE || out_height > VIGIL_FRAME_MAX_SIDE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Display size %u×%u is out of range"), out_width, out_height);
      return NULL;
    }
  /* A frame's own size may be 0 or out of range: let the check say so. */
  dst_size = (gsize) MAX (out_width, 1) * MAX (out_height, 1) * 3;
  dst = g_malloc (dst_size);
  if (!vigil_frame_convert_into (pixel_format, width, height, stride, data, size, levels,
                                 dst, MAX (out_width, 1), MAX (out_height, 1), error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&dst), dst_size);
}

/**
 * vigil_frame_to_rgb_levels:
 * @levels: (nullable): as for vigil_frame_convert_pixels()
 *
 * Converts the frame's full-resolution pixels; see
 * vigil_frame_convert_pixels().  A frame made by vigil_frame_new_shown()
 * has none and gives an error.
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL with @error set
 */
GBytes *
vigil_frame_to_rgb_levels (VigilFrame              *self,
                           const VigilFrameLevels  *levels,
                           guint                    out_width,
                           guint                    out_height,
                           GError                 **error)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->data == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("This frame kept only its display image, not its pixels"));
      return NULL;
    }

  data = g_bytes_get_data (self->data, &size);
  return vigil_frame_convert_pixels (self->pixel_format, self->width, self->height, self->stride,
                                     data, size, levels, out_width, out_height, error);
}

/**
 * vigil_frame_to_rgb:
 * @out_width: width of the result, 0 for the frame's width
 * @out_height: height of the result, 0 for the frame's height
 *
 * vigil_frame_to_rgb_levels() with samples shown by their bit depth.
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL with @error set
 */
GBytes *
vigil_frame_to_rgb (VigilFrame  *self,
                    guint        out_width,
                    guint        out_height,
                    GError     **error)
{
  return vigil_frame_to_rgb_levels (self, NULL, out_width, out_height, error);
}

/**
 * vigil_frame_attach_display:
 * @rgb: (transfer none): packed RGB pixels of @width × @height
 *
 * Attaches the converted display image.  Call it only before the frame is
 * shared with another thread.
 */
void
vigil_frame_attach_display (VigilFrame *self,
                            GBytes     *rgb,
                            guint       width,
                            guint       height)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->display == NULL);

  self->display = g_bytes_ref (rgb);
  self->display_width = width;
  self->display_height = height;
}

/**
 * vigil_frame_get_display:
 *
 * Returns: (transfer none) (nullable): the display image, if attached
 */
GBytes *
vigil_frame_get_display (VigilFrame *self,
                         guint      *width,
                         guint      *height)
{
  if (width)
    *width = self->display_width;
  if (height)
    *height = self->display_height;
  return self->display;
}

/**
 * vigil_frame_set_view:
 *
 * Says what the attached display image shows (and that it has 4 bytes a
 * pixel).  Call it only before the frame is shared with another thread.
 */
void
vigil_frame_set_view (VigilFrame           *self,
                      const VigilFrameView *view)
{
  g_return_if_fail (self != NULL && view != NULL);

  self->view = *view;
  self->has_view = TRUE;
}

/* %TRUE and @view when the display image came from vigil_frame_convert_view(). */
gboolean
vigil_frame_get_view (VigilFrame     *self,
                      VigilFrameView *view)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->has_view && view != NULL)
    *view = self->view;
  return self->has_view;
}

/* The largest size with the aspect ratio of @width × @height that fits in
 * @max_width × @max_height (never larger than the frame itself). */
void
vigil_fit_size (guint  width,
                guint  height,
                guint  max_width,
                guint  max_height,
                guint *out_width,
                guint *out_height)
{
  guint w = width, h = height;

  if (max_width > 0 && max_height > 0 && (width > max_width || height > max_height))
    {
      if ((guint64) width * max_height > (guint64) height * max_width)
        {
          w = max_width;
          h = MAX (1, (guint) (((guint64) height * max_width) / width));
        }
      else
        {
          h = max_height;
          w = MAX (1, (guint) (((guint64) width * max_height) / height));
        }
    }

  *out_width = w;
  *out_height = h;
}
