/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-frame.h"

/* An immutable frame: the pixels are copied out of the ArvBuffer so the
 * buffer can go back to the stream at once.  The display image is attached
 * once by the consumer thread before the frame is shared. */
struct _VigilFrame
{
  guint32  pixel_format;
  guint    width;
  guint    height;
  gsize    stride;
  GBytes  *data;
  guint64  frame_id;
  gint64   timestamp_us;

  GBytes  *display;
  guint    display_width;
  guint    display_height;
};

static void
vigil_frame_free (VigilFrame *self)
{
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->display, g_bytes_unref);
}

G_DEFINE_BOXED_TYPE (VigilFrame, vigil_frame, vigil_frame_ref, vigil_frame_unref)

typedef enum { RED, GREEN, BLUE } Channel;

const char *
vigil_pixel_format_to_string (guint32 pixel_format)
{
  switch (pixel_format)
    {
    case VIGIL_PIXEL_FORMAT_MONO8:     return "Mono8";
    case VIGIL_PIXEL_FORMAT_MONO16:    return "Mono16";
    case VIGIL_PIXEL_FORMAT_BAYER_GR8: return "BayerGR8";
    case VIGIL_PIXEL_FORMAT_BAYER_RG8: return "BayerRG8";
    case VIGIL_PIXEL_FORMAT_BAYER_GB8: return "BayerGB8";
    case VIGIL_PIXEL_FORMAT_BAYER_BG8: return "BayerBG8";
    case VIGIL_PIXEL_FORMAT_RGB8:      return "RGB8";
    default:                           return NULL;
    }
}

gboolean
vigil_pixel_format_is_supported (guint32 pixel_format)
{
  return vigil_pixel_format_to_string (pixel_format) != NULL;
}

guint
vigil_pixel_format_bytes_per_pixel (guint32 pixel_format)
{
  switch (pixel_format)
    {
    case VIGIL_PIXEL_FORMAT_MONO16: return 2;
    case VIGIL_PIXEL_FORMAT_RGB8:   return 3;
    default:                        return 1;
    }
}

static gboolean
is_bayer (guint32 pixel_format)
{
  return pixel_format == VIGIL_PIXEL_FORMAT_BAYER_GR8 ||
         pixel_format == VIGIL_PIXEL_FORMAT_BAYER_RG8 ||
         pixel_format == VIGIL_PIXEL_FORMAT_BAYER_GB8 ||
         pixel_format == VIGIL_PIXEL_FORMAT_BAYER_BG8;
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
  VigilFrame *self;
  gsize row_bytes;
  gsize needed;

  if (!vigil_pixel_format_is_supported (pixel_format))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT,
                   _("Pixel format 0x%08x is not supported; choose Mono8, Mono16, a Bayer 8-bit format or RGB8"),
                   pixel_format);
      return NULL;
    }

  if (width == 0 || height == 0 || width > VIGIL_FRAME_MAX_SIDE || height > VIGIL_FRAME_MAX_SIDE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Frame size %u×%u is out of range"), width, height);
      return NULL;
    }

  if (is_bayer (pixel_format) && (width < 2 || height < 2))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("A Bayer frame needs at least 2×2 pixels, got %u×%u"), width, height);
      return NULL;
    }

  row_bytes = (gsize) width * vigil_pixel_format_bytes_per_pixel (pixel_format);
  if (stride == 0)
    stride = row_bytes;
  if (stride < row_bytes || stride > row_bytes + 4096)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Row stride %zu does not fit a row of %zu bytes"),
                   stride, row_bytes);
      return NULL;
    }

  needed = stride * (height - 1) + row_bytes;
  if (data == NULL || size < needed)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Frame buffer is truncated: %zu bytes, %u×%u %s needs %zu"),
                   data ? size : 0, width, height, vigil_pixel_format_to_string (pixel_format), needed);
      return NULL;
    }
  if (size > stride * height)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("Frame buffer is oversized: %zu bytes, %u×%u %s holds at most %zu"),
                   size, width, height, vigil_pixel_format_to_string (pixel_format), stride * height);
      return NULL;
    }

  self = g_atomic_rc_box_new0 (VigilFrame);
  self->pixel_format = pixel_format;
  self->width = width;
  self->height = height;
  self->stride = stride;
  self->data = g_bytes_new (data, size);
  self->frame_id = frame_id;
  self->timestamp_us = timestamp_us;

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

guint32 vigil_frame_get_pixel_format (VigilFrame *self) { return self->pixel_format; }
guint   vigil_frame_get_width        (VigilFrame *self) { return self->width; }
guint   vigil_frame_get_height       (VigilFrame *self) { return self->height; }
gsize   vigil_frame_get_stride       (VigilFrame *self) { return self->stride; }
guint64 vigil_frame_get_id           (VigilFrame *self) { return self->frame_id; }
gint64  vigil_frame_get_timestamp    (VigilFrame *self) { return self->timestamp_us; }

/**
 * vigil_frame_get_data:
 *
 * Returns: (transfer none): the raw pixels
 */
GBytes *
vigil_frame_get_data (VigilFrame *self)
{
  return self->data;
}

/* Mirror a coordinate at the border; mirroring by one pixel keeps the
 * Bayer parity, so the neighbour of a red pixel is green again. */
static inline guint
mirror (int v, guint n)
{
  if (v < 0)
    return (guint) -v;
  if ((guint) v >= n)
    return 2 * n - 2 - (guint) v;
  return (guint) v;
}

static inline Channel
bayer_channel (guint32 fmt, guint x, guint y)
{
  /* Colour of the top-left 2×2 cell in reading order. */
  static const Channel rg[4] = { RED, GREEN, GREEN, BLUE };
  static const Channel gr[4] = { GREEN, RED, BLUE, GREEN };
  static const Channel gb[4] = { GREEN, BLUE, RED, GREEN };
  static const Channel bg[4] = { BLUE, GREEN, GREEN, RED };
  const Channel *cell;

  switch (fmt)
    {
    case VIGIL_PIXEL_FORMAT_BAYER_RG8: cell = rg; break;
    case VIGIL_PIXEL_FORMAT_BAYER_GR8: cell = gr; break;
    case VIGIL_PIXEL_FORMAT_BAYER_GB8: cell = gb; break;
    default:                           cell = bg; break;
    }

  return cell[(y & 1) * 2 + (x & 1)];
}

static inline guint8
bayer_at (const guint8 *p, gsize stride, guint w, guint h, int x, int y)
{
  return p[mirror (y, h) * stride + mirror (x, w)];
}

/* Bilinear demosaic of one pixel. */
static void
demosaic_pixel (const guint8 *p,
                gsize         stride,
                guint         w,
                guint         h,
                guint32       fmt,
                guint         x,
                guint         y,
                guint8       *out)
{
  int ix = (int) x;
  int iy = (int) y;
  guint own = bayer_at (p, stride, w, h, ix, iy);
  guint cross = (bayer_at (p, stride, w, h, ix - 1, iy) + bayer_at (p, stride, w, h, ix + 1, iy) +
                 bayer_at (p, stride, w, h, ix, iy - 1) + bayer_at (p, stride, w, h, ix, iy + 1) + 2) / 4;
  guint diag = (bayer_at (p, stride, w, h, ix - 1, iy - 1) + bayer_at (p, stride, w, h, ix + 1, iy - 1) +
                bayer_at (p, stride, w, h, ix - 1, iy + 1) + bayer_at (p, stride, w, h, ix + 1, iy + 1) + 2) / 4;
  guint horiz = (bayer_at (p, stride, w, h, ix - 1, iy) + bayer_at (p, stride, w, h, ix + 1, iy) + 1) / 2;
  guint vert = (bayer_at (p, stride, w, h, ix, iy - 1) + bayer_at (p, stride, w, h, ix, iy + 1) + 1) / 2;

  switch (bayer_channel (fmt, x, y))
    {
    case RED:
      out[0] = own; out[1] = cross; out[2] = diag;
      break;
    case BLUE:
      out[0] = diag; out[1] = cross; out[2] = own;
      break;
    case GREEN:
    default:
      out[1] = own;
      /* The horizontal neighbours of a green pixel carry the colour of its row. */
      if (bayer_channel (fmt, x + 1, y) == RED)
        {
          out[0] = horiz; out[2] = vert;
        }
      else
        {
          out[0] = vert; out[2] = horiz;
        }
      break;
    }
}

/**
 * vigil_frame_to_rgb:
 * @out_width: width of the result, 0 for the frame's width
 * @out_height: height of the result, 0 for the frame's height
 *
 * Converts the frame to packed RGB (3 bytes a pixel, no row padding),
 * scaling in the same pass (nearest neighbour) so the renderer only copies.
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL with @error set
 */
GBytes *
vigil_frame_to_rgb (VigilFrame  *self,
                    guint        out_width,
                    guint        out_height,
                    GError     **error)
{
  const guint8 *src;
  g_autofree guint8 *dst = NULL;
  g_autofree guint *xmap = NULL;
  gsize dst_size;

  g_return_val_if_fail (self != NULL, NULL);

  if (out_width == 0)
    out_width = self->width;
  if (out_height == 0)
    out_height = self->height;
  if (out_width > VIGIL_FRAME_MAX_SIDE || out_height > VIGIL_FRAME_MAX_SIDE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Display size %u×%u is out of range"), out_width, out_height);
      return NULL;
    }

  src = g_bytes_get_data (self->data, NULL);
  dst_size = (gsize) out_width * out_height * 3;
  dst = g_malloc (dst_size);
  xmap = g_new (guint, out_width);
  for (guint ox = 0; ox < out_width; ox++)
    xmap[ox] = (guint) (((guint64) ox * self->width) / out_width);

  for (guint oy = 0; oy < out_height; oy++)
    {
      guint y = (guint) (((guint64) oy * self->height) / out_height);
      const guint8 *row = src + (gsize) y * self->stride;
      guint8 *out = dst + (gsize) oy * out_width * 3;

      switch (self->pixel_format)
        {
        case VIGIL_PIXEL_FORMAT_MONO8:
          for (guint ox = 0; ox < out_width; ox++, out += 3)
            out[0] = out[1] = out[2] = row[xmap[ox]];
          break;

        case VIGIL_PIXEL_FORMAT_MONO16:
          /* Little endian as GenICam defines it; the display shows the high byte. */
          for (guint ox = 0; ox < out_width; ox++, out += 3)
            out[0] = out[1] = out[2] = row[xmap[ox] * 2 + 1];
          break;

        case VIGIL_PIXEL_FORMAT_RGB8:
          for (guint ox = 0; ox < out_width; ox++, out += 3)
            memcpy (out, row + xmap[ox] * 3, 3);
          break;

        default:
          for (guint ox = 0; ox < out_width; ox++, out += 3)
            demosaic_pixel (src, self->stride, self->width, self->height,
                            self->pixel_format, xmap[ox], y, out);
          break;
        }
    }

  return g_bytes_new_take (g_steal_pointer (&dst), dst_size);
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
