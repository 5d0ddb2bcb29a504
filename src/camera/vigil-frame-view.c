/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-frame-private.h"
#include "vigil-frame.h"

/* The conversion for the picture: only the raw pixels that show (at 1:1
 * and above a crop of the frame, read in place through the row stride),
 * scaled to the size they are shown at and turned while each output row
 * is stored, as B G R 255, the format cairo and GDK copy without
 * converting. */

/* Stores conversion row @oy, turned, into the destination. */
void
vigil_output_store (VigilOutput *output,
                    guint        oy)
{
  const guint8 *restrict s = output->scratch;
  guint8 *restrict d;
  guint u, v, u1 = 0, v1 = 0;
  gssize step;

  vigil_orientation_map_pixel (&output->orientation, output->width, output->height, 0, oy, &u, &v);
  if (output->width > 1)
    vigil_orientation_map_pixel (&output->orientation, output->width, output->height, 1, oy, &u1, &v1);
  else
    u1 = u + 1, v1 = v;
  step = ((gssize) v1 - (gssize) v) * output->dst_width + ((gssize) u1 - (gssize) u);
  d = output->dst + ((gsize) v * output->dst_width + u) * 4;

  if (step == 1)
    {
      guint32 *restrict w = (guint32 *) (gpointer) d;

      for (guint i = 0; i < output->width; i++)
        w[i] = vigil_bgrx_word (s[3 * i], s[3 * i + 1], s[3 * i + 2]);
    }
  else
    for (guint i = 0; i < output->width; i++, d += step * 4)
      {
        d[0] = s[3 * i + 2];
        d[1] = s[3 * i + 1];
        d[2] = s[3 * i];
        d[3] = 255;
      }
}

/* Pixels a crop must start and end on across and down, so that it starts
 * on a byte and a Bayer crop keeps its colour order. */
static void
granularity (const VigilPixelInfo *info,
             guint                *gx,
             guint                *gy)
{
  *gx = 1;
  *gy = 1;
  switch (info->packing)
    {
    case VIGIL_PACKING_GIGE_10:
    case VIGIL_PACKING_GIGE_12:
    case VIGIL_PACKING_LSB_12:
      *gx = 2;
      break;
    case VIGIL_PACKING_LSB_10:
      *gx = 4;
      break;
    case VIGIL_PACKING_NONE:
    default:
      break;
    }
  if (info->kind == VIGIL_PIXEL_KIND_BAYER)
    {
      *gx = MAX (*gx, 2);
      *gy = 2;
    }
  if (info->kind == VIGIL_PIXEL_KIND_YUV)
    *gx = MAX (*gx, 2);
}

/* Bytes from one row to the next, or 0 when rows do not start on a byte. */
static gsize
row_stride (const VigilPixelInfo *info,
            guint                 width,
            gsize                 stride)
{
  if (stride != 0)
    return stride;
  if (((guint64) width * info->bits) % 8 != 0)
    return 0;
  return (gsize) ((guint64) width * info->bits / 8);
}

static void
align_axis (guint  extent,
            guint  g,
            guint *start,
            guint *length)
{
  guint a = *start / g * g;
  guint b = MIN (extent, (*start + *length + g - 1) / g * g);

  if (b - a < g && extent >= g)
    a = b >= g ? (b - g) / g * g : 0, b = MIN (extent, a + 2 * g);
  *start = a;
  *length = b - a;
}

/* Widens @rect to a crop that can be read in place; %FALSE when only the
 * whole frame can (a packed frame whose rows do not start on a byte). */
static gboolean
align_region (const VigilPixelInfo *info,
              guint                 width,
              guint                 height,
              gsize                 stride,
              VigilPixelRect       *rect)
{
  guint gx, gy;

  if (row_stride (info, width, stride) == 0)
    return FALSE;
  granularity (info, &gx, &gy);
  align_axis (width, gx, &rect->x, &rect->width);
  align_axis (height, gy, &rect->y, &rect->height);
  return TRUE;
}

/* The output size: @rect turned, at @scale, no larger than a few times the
 * view (only a frame that cannot be cropped comes near that). */
static void
output_size (const VigilViewGeometry *geometry,
             const VigilPixelRect    *rect,
             double                   scale,
             guint                   *width,
             guint                   *height)
{
  double limit = 4.0 * MAX ((double) geometry->view_width * geometry->view_height, 1 << 20);
  guint ow, oh;
  double w, h;

  vigil_orientation_size (&geometry->orientation, rect->width, rect->height, &ow, &oh);
  w = MAX (1.0, round (ow * scale));
  h = MAX (1.0, round (oh * scale));
  if (w * h > limit)
    {
      double f = sqrt (limit / (w * h));

      w = MAX (1.0, floor (w * f));
      h = MAX (1.0, floor (h * f));
    }
  *width = (guint) MIN (w, VIGIL_FRAME_MAX_SIDE);
  *height = (guint) MIN (h, VIGIL_FRAME_MAX_SIDE);
}

/**
 * vigil_frame_plan_view:
 * @geometry: the picture's geometry; its frame size is taken from @width
 *   and @height; a view of 0×0 shows the frame at 1:1
 * @view: (out): what to convert and at which size
 *
 * Returns: %TRUE, or %FALSE with @error set for a format that cannot be
 *   shown or a size out of range
 */
gboolean
vigil_frame_plan_view (guint32                  pixel_format,
                       guint                    width,
                       guint                    height,
                       gsize                    stride,
                       const VigilViewGeometry *geometry,
                       VigilFrameView          *view,
                       GError                 **error)
{
  const VigilPixelInfo *info = vigil_pixel_info_lookup (pixel_format);
  VigilViewGeometry g = *geometry;
  VigilPixelRect rect = { 0, 0, width, height };

  g_return_val_if_fail (geometry != NULL && view != NULL, FALSE);

  if (info == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT,
                   _("A %u×%u frame in pixel format 0x%08x cannot be shown"), width, height, pixel_format);
      return FALSE;
    }
  /* Say why in words: a camera set to a width it streams but nothing
   * can show (--feature Width=99999 on the simulator) keeps streaming. */
  if (width == 0 || height == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("A %u×%u %s frame cannot be shown: it has no pixels"), width, height,
                   vigil_pixel_format_to_string (pixel_format));
      return FALSE;
    }
  if (width > VIGIL_FRAME_MAX_SIDE || height > VIGIL_FRAME_MAX_SIDE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER,
                   _("A %u×%u %s frame cannot be shown: Vigil shows frames of up to %u pixels a side"),
                   width, height, vigil_pixel_format_to_string (pixel_format), VIGIL_FRAME_MAX_SIDE);
      return FALSE;
    }

  g.frame_width = width;
  g.frame_height = height;
  g.orientation.quarter_turns %= 4;
  if (g.view_width == 0 || g.view_height == 0)
    {
      vigil_orientation_size (&g.orientation, width, height, &g.view_width, &g.view_height);
      g.zoom = 0;
    }
  if (!vigil_view_geometry_visible (&g, &rect) || !align_region (info, width, height, stride, &rect))
    rect = (VigilPixelRect) { 0, 0, width, height };

  view->region = rect;
  view->orientation = g.orientation;
  /* Enlarged here too, not by the renderer: letting cairo enlarge a 512²
   * frame to 900² cost 6.6 ms of CPU a shown frame against 3.3 ms (640×480
   * at 200 fps: 8.9 against 4.3–5.4 ms; vigil-bench.sh, three runs each). */
  output_size (&g, &rect, vigil_view_geometry_scale (&g), &view->width, &view->height);
  return TRUE;
}

/* The pixels of @region read in place from the checked frame @full. */
static gboolean
crop_pixels (const VigilPixels    *full,
             const VigilPixelRect *region,
             VigilPixels          *crop,
             GError              **error)
{
  const VigilPixelInfo *info = full->info;
  gsize stride = row_stride (info, full->width, full->stride);
  gsize offset, row_bytes, needed;

  if (region->x == 0 && region->y == 0 && region->width == full->width && region->height == full->height)
    {
      *crop = *full;
      return TRUE;
    }
  if (stride == 0 || region->x + (guint64) region->width > full->width ||
      region->y + (guint64) region->height > full->height ||
      ((guint64) region->x * info->bits) % 8 != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Region %u,%u %u×%u cannot be read from a %u×%u %s frame"),
                   region->x, region->y, region->width, region->height,
                   full->width, full->height, info->name);
      return FALSE;
    }

  offset = (gsize) region->y * stride + (gsize) ((guint64) region->x * info->bits / 8);
  row_bytes = info->packing != VIGIL_PACKING_NONE ? vigil_packed_bytes (info->packing, region->width)
                                                   : (gsize) region->width * (info->bits / 8);
  needed = offset + (gsize) (region->height - 1) * stride + row_bytes;
  g_assert (needed <= full->size);   /* the whole frame was checked */

  *crop = (VigilPixels) { info, region->width, region->height, stride, full->data + offset, needed - offset };
  return TRUE;
}

/**
 * vigil_frame_convert_view:
 * @view: from vigil_frame_plan_view() for the same frame shape
 * @dst: (out caller-allocates): @view's width × height × 4 bytes
 *
 * Converts the region of @view into @dst, scaled and turned, B G R 255.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
vigil_frame_convert_view (guint32                 pixel_format,
                          guint                   width,
                          guint                   height,
                          gsize                   stride,
                          const guint8           *data,
                          gsize                   size,
                          const VigilFrameLevels *levels,
                          const VigilFrameView   *view,
                          guint8                 *dst,
                          GError                **error)
{
  VigilPixels full = { vigil_pixel_info_lookup (pixel_format), width, height, stride, data, size };
  VigilPixels crop;
  VigilConvert convert;
  VigilOutput output;
  g_autofree guint8 *scratch = NULL;
  guint cw, ch;

  g_return_val_if_fail (view != NULL && dst != NULL, FALSE);
  g_return_val_if_fail (view->width > 0 && view->height > 0, FALSE);

  if (full.info == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT,
                   _("Pixel format 0x%08x cannot be shown"), pixel_format);
      return FALSE;
    }
  if (!vigil_pixels_check (&full, error) || !crop_pixels (&full, &view->region, &crop, error))
    return FALSE;

  /* The conversion runs unturned: its size is the output's, turned back. */
  vigil_orientation_size (&view->orientation, view->width, view->height, &cw, &ch);
  scratch = g_malloc ((gsize) cw * 3);
  output = (VigilOutput) { scratch, dst, view->width, vigil_orientation_is_identity (&view->orientation),
                           cw, ch, view->orientation };

  vigil_convert_init (&convert, &crop, levels);
  convert.output = &output;
  convert.bgrx = output.direct;
  if (crop.info->kind == VIGIL_PIXEL_KIND_BAYER)
    vigil_bayer_scale (&convert, NULL, cw, ch, 0, ch);
  else
    vigil_scale_rows (&convert, NULL, cw, ch, 0, ch);
  vigil_convert_clear (&convert);
  return TRUE;
}
