/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vigil-frame.h"

G_BEGIN_DECLS

#define VIGIL_FRAME_SIDECAR_SCHEMA "vigil-frame/1"

/* The files one saved frame is made of, from the path asked for
 * ("dir/name.png" or "dir/name"). */
typedef struct
{
  char *png;      /* dir/name.png: the full-resolution frame */
  char *shown;    /* dir/name-shown.png: the picture as shown */
  char *raw;      /* dir/name.raw: the camera's buffer as it came */
  char *json;     /* dir/name.json: the side-car */
} VigilFrameSavePaths;

/* What is saved: the frame (with its full-resolution pixels) and, when
 * there is one, the picture as shown (opaque BGRA, GDK's ARGB32). */
typedef struct
{
  VigilFrame *frame;
  GBytes     *shown;          /* nullable */
  guint       shown_width;
  guint       shown_height;
  gsize       shown_stride;
  const char *camera_id;      /* nullable */
} VigilFrameSaveSource;

void      vigil_frame_save_paths_init   (VigilFrameSavePaths        *paths,
                                         const char                 *path);
void      vigil_frame_save_paths_clear  (VigilFrameSavePaths        *paths);
char     *vigil_frame_save_default_name (void);
GBytes   *vigil_frame_save_encode_png   (VigilFrame                 *frame,
                                         guint                      *bit_depth,
                                         GError                    **error);
JsonNode *vigil_frame_save_sidecar      (const VigilFrameSaveSource *source,
                                         const VigilFrameSavePaths  *paths,
                                         guint                       png_bit_depth);
gboolean  vigil_frame_save              (const VigilFrameSaveSource *source,
                                         const char                 *path,
                                         GError                    **error);
void      vigil_frame_save_async        (const VigilFrameSaveSource *source,
                                         const char                 *path,
                                         GCancellable               *cancellable,
                                         GAsyncReadyCallback         callback,
                                         gpointer                    user_data);
gboolean  vigil_frame_save_finish       (GAsyncResult               *result,
                                         GError                    **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilFrameSavePaths, vigil_frame_save_paths_clear)

G_END_DECLS
