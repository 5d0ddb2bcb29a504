/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a frame is turned before it is shown: first a rotation by quarter
 * turns clockwise, then mirrored on the screen's axes. */
typedef struct
{
  guint    quarter_turns;   /* 0 … 3: 0°, 90°, 180°, 270° clockwise */
  gboolean flip_h;          /* mirror left ↔ right */
  gboolean flip_v;          /* mirror top ↔ bottom */
} VigilOrientation;

/* Smallest and largest zoom (device pixels a frame pixel). */
#define VIGIL_VIEW_ZOOM_MIN (1.0 / 16.0)
#define VIGIL_VIEW_ZOOM_MAX 32.0

/* The picture's geometry: which part of a frame is shown where.  Pure
 * arithmetic, no GTK, shared by the consumer thread (what to convert) and
 * the view (where to draw, what is under the pointer).
 *
 * Three coordinate systems, all continuous (pixel i covers [i, i + 1)):
 * raw: the frame as the camera sends it, frame_width × frame_height;
 * oriented: the raw frame turned by the orientation;
 * view: device pixels of the widget, view_width × view_height. */
typedef struct
{
  guint            frame_width;
  guint            frame_height;
  VigilOrientation orientation;
  guint            view_width;
  guint            view_height;
  double           zoom;        /* 0: fit the view; else device pixels a frame pixel */
  double           center_x;    /* oriented point shown at the view's centre */
  double           center_y;    /*   (ignored when fitting) */
} VigilViewGeometry;

/* A rectangle of whole raw pixels. */
typedef struct
{
  guint x;
  guint y;
  guint width;
  guint height;
} VigilPixelRect;

void     vigil_orientation_size          (const VigilOrientation  *orientation,
                                          guint                    width,
                                          guint                    height,
                                          guint                   *out_width,
                                          guint                   *out_height);
void     vigil_orientation_map           (const VigilOrientation  *orientation,
                                          double                   width,
                                          double                   height,
                                          double                   x,
                                          double                   y,
                                          double                  *u,
                                          double                  *v);
void     vigil_orientation_unmap         (const VigilOrientation  *orientation,
                                          double                   width,
                                          double                   height,
                                          double                   u,
                                          double                   v,
                                          double                  *x,
                                          double                  *y);
void     vigil_orientation_map_pixel     (const VigilOrientation  *orientation,
                                          guint                    width,
                                          guint                    height,
                                          guint                    x,
                                          guint                    y,
                                          guint                   *u,
                                          guint                   *v);
gboolean vigil_orientation_is_identity   (const VigilOrientation  *orientation);

double   vigil_view_geometry_scale       (const VigilViewGeometry *geometry);
double   vigil_view_geometry_fit_scale   (const VigilViewGeometry *geometry);
void     vigil_view_geometry_clamp       (VigilViewGeometry       *geometry);
void     vigil_view_geometry_center      (const VigilViewGeometry *geometry,
                                          double                  *center_x,
                                          double                  *center_y);
void     vigil_view_geometry_view_to_raw (const VigilViewGeometry *geometry,
                                          double                   view_x,
                                          double                   view_y,
                                          double                  *raw_x,
                                          double                  *raw_y);
void     vigil_view_geometry_raw_to_view (const VigilViewGeometry *geometry,
                                          double                   raw_x,
                                          double                   raw_y,
                                          double                  *view_x,
                                          double                  *view_y);
gboolean vigil_view_geometry_pixel_at    (const VigilViewGeometry *geometry,
                                          double                   view_x,
                                          double                   view_y,
                                          guint                   *raw_x,
                                          guint                   *raw_y);
gboolean vigil_view_geometry_visible     (const VigilViewGeometry *geometry,
                                          VigilPixelRect          *raw_rect);
void     vigil_view_geometry_rect_in_view (const VigilViewGeometry *geometry,
                                          const VigilPixelRect    *raw_rect,
                                          double                  *x,
                                          double                  *y,
                                          double                  *width,
                                          double                  *height);
void     vigil_view_geometry_zoom_at     (VigilViewGeometry       *geometry,
                                          double                   zoom,
                                          double                   view_x,
                                          double                   view_y);
void     vigil_view_geometry_pan         (VigilViewGeometry       *geometry,
                                          double                   dx,
                                          double                   dy);

G_END_DECLS
