/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-discovery.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMERA_WATCH (vigil_camera_watch_get_type ())

G_DECLARE_FINAL_TYPE (VigilCameraWatch, vigil_camera_watch, VIGIL, CAMERA_WATCH, GObject)

/* Discovery rounds: every VIGIL_CAMERA_WATCH_FAST_MS while someone looks at
 * the list (the chooser is open), every VIGIL_CAMERA_WATCH_BACKGROUND_MS
 * otherwise; both counted from the end of the previous round, which itself
 * takes about a second (Aravis waits for the answers). */
#define VIGIL_CAMERA_WATCH_FAST_MS       2000
#define VIGIL_CAMERA_WATCH_BACKGROUND_MS 5000

/* A camera missing from this many rounds in a row is marked gone (one
 * missed answer on a busy network is not a camera gone). */
#define VIGIL_CAMERA_WATCH_MISSES_GONE   2

/* At most this many cameras are kept; the longest-gone goes first. */
#define VIGIL_CAMERA_WATCH_MAX           64

/* One camera the watch has seen, present or gone.  Entries keep their
 * place in the list: new ones are appended, a gone one stays where it was
 * and is offered again when it answers again. */
typedef struct
{
  VigilCameraInfo *info;          /* as last seen */
  gboolean         present;
  guint            misses;        /* rounds in a row it did not answer */
  gint64           last_seen_us;  /* monotonic */
} VigilCameraEntry;

void              vigil_camera_entry_free        (VigilCameraEntry *entry);
const char       *vigil_camera_entry_get_key     (const VigilCameraEntry *entry);

gboolean          vigil_camera_watch_merge       (GPtrArray        *entries,
                                                  GPtrArray        *found,
                                                  gint64            now_us);

VigilCameraWatch *vigil_camera_watch_new         (void);
void              vigil_camera_watch_refresh     (VigilCameraWatch *self);
void              vigil_camera_watch_set_fast    (VigilCameraWatch *self,
                                                  gboolean          fast);
void              vigil_camera_watch_set_paused  (VigilCameraWatch *self,
                                                  gboolean          paused);
gboolean          vigil_camera_watch_is_busy     (VigilCameraWatch *self);
guint             vigil_camera_watch_get_interval (VigilCameraWatch *self);
guint64           vigil_camera_watch_get_rounds  (VigilCameraWatch *self);
GPtrArray        *vigil_camera_watch_get_entries (VigilCameraWatch *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilCameraEntry, vigil_camera_entry_free)

G_END_DECLS
