/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-view-geometry"

#include "config.h"

#include <math.h>

#include "vigil-view-geometry.h"

/* The size of @width × @height once turned. */
void
vigil_orientation_size (const VigilOrientation *orientation,
                        guint                   width,
                        guint                   height,
                        guint                  *out_width,
                        guint                  *out_height)
{
  gboolean swap = orientation->quarter_turns % 2 == 1;

  *out_width = swap ? height : width;
  *out_height = swap ? width : height;
}

gboolean
vigil_orientation_is_identity (const VigilOrientation *orientation)
{
  return orientation->quarter_turns % 4 == 0 && !orientation->flip_h && !orientation->flip_v;
}

/* A raw point (x, y) of a @width × @height frame, turned. */
void
vigil_orientation_map (const VigilOrientation *orientation,
                       double                  width,
                       double                  height,
                       double                  x,
                       double                  y,
                       double                 *u,
                       double                 *v)
{
  double a, b, ow = width, oh = height;

  switch (orientation->quarter_turns % 4)
    {
    case 1:  a = height - y; b = x;          ow = height; oh = width; break;
    case 2:  a = width - x;  b = height - y; break;
    case 3:  a = y;          b = width - x;  ow = height; oh = width; break;
    default: a = x;          b = y;          break;
    }
  *u = orientation->flip_h ? ow - a : a;
  *v = orientation->flip_v ? oh - b : b;
}

/* The inverse of vigil_orientation_map(): a turned point back to raw. */
void
vigil_orientation_unmap (const VigilOrientation *orientation,
                         double                  width,
                         double                  height,
                         double                  u,
                         double                  v,
                         double                 *x,
                         double                 *y)
{
  guint turns = orientation->quarter_turns % 4;
  double ow = turns % 2 ? height : width, oh = turns % 2 ? width : height;
  double a = orientation->flip_h ? ow - u : u;
  double b = orientation->flip_v ? oh - v : v;

  switch (turns)
    {
    case 1:  *x = b;         *y = height - a; break;
    case 2:  *x = width - a; *y = height - b; break;
    case 3:  *x = width - b; *y = a;          break;
    default: *x = a;         *y = b;          break;
    }
}

/* Where raw pixel (x, y) lands, as a pixel of the turned frame. */
void
vigil_orientation_map_pixel (const VigilOrientation *orientation,
                             guint                   width,
                             guint                   height,
                             guint                   x,
                             guint                   y,
                             guint                  *u,
                             guint                  *v)
{
  double fu, fv;

  vigil_orientation_map (orientation, width, height, x + 0.5, y + 0.5, &fu, &fv);
  *u = (guint) floor (fu);
  *v = (guint) floor (fv);
}

static void
oriented_size (const VigilViewGeometry *geometry,
               double                  *width,
               double                  *height)
{
  guint w, h;

  vigil_orientation_size (&geometry->orientation, geometry->frame_width, geometry->frame_height, &w, &h);
  *width = w;
  *height = h;
}

/* Device pixels a frame pixel when fitting the whole frame in the view. */
double
vigil_view_geometry_fit_scale (const VigilViewGeometry *geometry)
{
  double ow, oh;

  oriented_size (geometry, &ow, &oh);
  if (ow <= 0 || oh <= 0 || geometry->view_width == 0 || geometry->view_height == 0)
    return 1.0;
  return MIN (geometry->view_width / ow, geometry->view_height / oh);
}

/* Device pixels a frame pixel. */
double
vigil_view_geometry_scale (const VigilViewGeometry *geometry)
{
  if (geometry->zoom <= 0)
    return vigil_view_geometry_fit_scale (geometry);
  return CLAMP (geometry->zoom, VIGIL_VIEW_ZOOM_MIN, VIGIL_VIEW_ZOOM_MAX);
}

static double
clamp_axis (double center,
            double extent,
            double view,
            double scale)
{
  double half = view / 2.0 / scale;

  if (extent <= 2.0 * half)
    return extent / 2.0;
  return CLAMP (center, half, extent - half);
}

/* The oriented point at the view's centre: the frame's centre when it fits,
 * otherwise the requested centre kept so that the frame covers the view. */
void
vigil_view_geometry_center (const VigilViewGeometry *geometry,
                            double                  *center_x,
                            double                  *center_y)
{
  double ow, oh, s = vigil_view_geometry_scale (geometry);

  oriented_size (geometry, &ow, &oh);
  if (geometry->zoom <= 0)
    {
      *center_x = ow / 2.0;
      *center_y = oh / 2.0;
      return;
    }
  *center_x = clamp_axis (geometry->center_x, ow, geometry->view_width, s);
  *center_y = clamp_axis (geometry->center_y, oh, geometry->view_height, s);
}

/* Stores the clamped zoom and centre back. */
void
vigil_view_geometry_clamp (VigilViewGeometry *geometry)
{
  double cx, cy;

  if (geometry->zoom > 0)
    geometry->zoom = CLAMP (geometry->zoom, VIGIL_VIEW_ZOOM_MIN, VIGIL_VIEW_ZOOM_MAX);
  vigil_view_geometry_center (geometry, &cx, &cy);
  geometry->center_x = cx;
  geometry->center_y = cy;
}

static void
view_to_oriented (const VigilViewGeometry *geometry,
                  double                   view_x,
                  double                   view_y,
                  double                  *u,
                  double                  *v)
{
  double cx, cy, s = vigil_view_geometry_scale (geometry);

  vigil_view_geometry_center (geometry, &cx, &cy);
  *u = cx + (view_x - geometry->view_width / 2.0) / s;
  *v = cy + (view_y - geometry->view_height / 2.0) / s;
}

static void
oriented_to_view (const VigilViewGeometry *geometry,
                  double                   u,
                  double                   v,
                  double                  *view_x,
                  double                  *view_y)
{
  double cx, cy, s = vigil_view_geometry_scale (geometry);

  vigil_view_geometry_center (geometry, &cx, &cy);
  *view_x = geometry->view_width / 2.0 + (u - cx) * s;
  *view_y = geometry->view_height / 2.0 + (v - cy) * s;
}

/* A view point (device pixels) as a raw frame point. */
void
vigil_view_geometry_view_to_raw (const VigilViewGeometry *geometry,
                                 double                   view_x,
                                 double                   view_y,
                                 double                  *raw_x,
                                 double                  *raw_y)
{
  double u, v;

  view_to_oriented (geometry, view_x, view_y, &u, &v);
  vigil_orientation_unmap (&geometry->orientation, geometry->frame_width, geometry->frame_height,
                           u, v, raw_x, raw_y);
}

/* A raw frame point as a view point (device pixels). */
void
vigil_view_geometry_raw_to_view (const VigilViewGeometry *geometry,
                                 double                   raw_x,
                                 double                   raw_y,
                                 double                  *view_x,
                                 double                  *view_y)
{
  double u, v;

  vigil_orientation_map (&geometry->orientation, geometry->frame_width, geometry->frame_height,
                         raw_x, raw_y, &u, &v);
  oriented_to_view (geometry, u, v, view_x, view_y);
}

/* The raw pixel under a view point; %FALSE when the point is off the frame. */
gboolean
vigil_view_geometry_pixel_at (const VigilViewGeometry *geometry,
                              double                   view_x,
                              double                   view_y,
                              guint                   *raw_x,
                              guint                   *raw_y)
{
  double x, y;

  vigil_view_geometry_view_to_raw (geometry, view_x, view_y, &x, &y);
  if (!(x >= 0 && y >= 0 && x < geometry->frame_width && y < geometry->frame_height))
    return FALSE;
  *raw_x = (guint) floor (x);
  *raw_y = (guint) floor (y);
  return TRUE;
}

/* The raw pixels that show in the view, whole pixels; %FALSE when none. */
gboolean
vigil_view_geometry_visible (const VigilViewGeometry *geometry,
                             VigilPixelRect          *raw_rect)
{
  double u0, v0, u1, v1, x0, y0, x1, y1, ow, oh;
  double left, top, right, bottom;

  oriented_size (geometry, &ow, &oh);
  view_to_oriented (geometry, 0, 0, &u0, &v0);
  view_to_oriented (geometry, geometry->view_width, geometry->view_height, &u1, &v1);
  u0 = MAX (u0, 0);
  v0 = MAX (v0, 0);
  u1 = MIN (u1, ow);
  v1 = MIN (v1, oh);
  if (u1 <= u0 || v1 <= v0)
    return FALSE;

  vigil_orientation_unmap (&geometry->orientation, geometry->frame_width, geometry->frame_height, u0, v0, &x0, &y0);
  vigil_orientation_unmap (&geometry->orientation, geometry->frame_width, geometry->frame_height, u1, v1, &x1, &y1);
  /* A tiny tolerance so an edge that falls on a pixel border by arithmetic
   * does not add a column of pixels that do not show. */
  left = floor (MIN (x0, x1) + 1e-6);
  top = floor (MIN (y0, y1) + 1e-6);
  right = ceil (MAX (x0, x1) - 1e-6);
  bottom = ceil (MAX (y0, y1) - 1e-6);
  left = CLAMP (left, 0, geometry->frame_width - 1);
  top = CLAMP (top, 0, geometry->frame_height - 1);
  right = CLAMP (right, left + 1, geometry->frame_width);
  bottom = CLAMP (bottom, top + 1, geometry->frame_height);

  raw_rect->x = (guint) left;
  raw_rect->y = (guint) top;
  raw_rect->width = (guint) (right - left);
  raw_rect->height = (guint) (bottom - top);
  return TRUE;
}

/* Where a rectangle of raw pixels lies in the view (device pixels). */
void
vigil_view_geometry_rect_in_view (const VigilViewGeometry *geometry,
                                  const VigilPixelRect    *raw_rect,
                                  double                  *x,
                                  double                  *y,
                                  double                  *width,
                                  double                  *height)
{
  double ax, ay, bx, by;

  vigil_view_geometry_raw_to_view (geometry, raw_rect->x, raw_rect->y, &ax, &ay);
  vigil_view_geometry_raw_to_view (geometry, (double) raw_rect->x + raw_rect->width,
                                   (double) raw_rect->y + raw_rect->height, &bx, &by);
  *x = MIN (ax, bx);
  *y = MIN (ay, by);
  *width = fabs (bx - ax);
  *height = fabs (by - ay);
}

/* Sets @zoom (0: fit) keeping the frame point under (view_x, view_y)
 * where it is. */
void
vigil_view_geometry_zoom_at (VigilViewGeometry *geometry,
                             double             zoom,
                             double             view_x,
                             double             view_y)
{
  double u, v, s;

  view_to_oriented (geometry, view_x, view_y, &u, &v);
  geometry->zoom = zoom <= 0 ? 0 : CLAMP (zoom, VIGIL_VIEW_ZOOM_MIN, VIGIL_VIEW_ZOOM_MAX);
  s = vigil_view_geometry_scale (geometry);
  geometry->center_x = u - (view_x - geometry->view_width / 2.0) / s;
  geometry->center_y = v - (view_y - geometry->view_height / 2.0) / s;
  vigil_view_geometry_clamp (geometry);
}

/* Moves the picture by (dx, dy) device pixels, as a drag does. */
void
vigil_view_geometry_pan (VigilViewGeometry *geometry,
                         double             dx,
                         double             dy)
{
  double s = vigil_view_geometry_scale (geometry);

  if (geometry->zoom <= 0)
    return;
  vigil_view_geometry_clamp (geometry);
  geometry->center_x -= dx / s;
  geometry->center_y -= dy / s;
  vigil_view_geometry_clamp (geometry);
}
