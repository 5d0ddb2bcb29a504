/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-camera-view.h"
#include "vigil-frame.h"
#include "vigil-view-geometry.h"

G_BEGIN_DECLS

/* What vigil-camera-view.c (frames, drawing, messages) and
 * vigil-camera-view-input.c (zoom, pan, turning, readout) share. */
struct _VigilCameraView
{
  GtkWidget          parent_instance;

  GtkWidget         *hscroll;
  GtkWidget         *vscroll;
  GtkLabel          *readout_label;
  GtkWidget         *message_box;
  GtkImage          *message_icon;
  GtkLabel          *message_title;
  GtkLabel          *message_detail;

  VigilFrameSink    *sink;
  GSettings         *settings;        /* (nullable) when the schema is not installed */

  VigilFrame        *frame;           /* the frame shown, with its display image */
  VigilFrameView     view;            /* what its display image holds */
  cairo_surface_t   *surface;         /* its image for the cairo renderer, made when drawn */
  GdkTexture        *texture;         /* or for the others */

  VigilViewGeometry  geometry;        /* frame size of the last frame, view in device pixels */
  gboolean           syncing;         /* the scroll bars are being set */
  guint              sync_source;     /* idle: geometry after a change of size */
  double             drag_x;          /* the drag's offset already applied */
  double             drag_y;
  double             pointer_x;       /* widget coordinates */
  double             pointer_y;
  gboolean           pointer_in;
  gboolean           show_readout;
  guint64            n_shown;
  guint              refresh_hz;      /* of the monitor shown on; 0 before it is known */
};

void  vigil_camera_view_sync_geometry  (VigilCameraView *self);
void  vigil_camera_view_init_input     (VigilCameraView *self);
void  vigil_camera_view_class_init_input (GtkWidgetClass *widget_class);
void  vigil_camera_view_update_readout (VigilCameraView *self);

G_END_DECLS
