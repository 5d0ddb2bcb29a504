/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gui-app.h"

/* What a shown frame costs the GUI in fresh memory: the minor page faults
 * of `vigil --simulate` per frame handed to the window, over a few
 * seconds of streaming.  GTK's cairo drawing allocates a window-sized
 * paint surface every frame (GDK's X11 cairo context, 2.2 MB at the
 * bench's 1100×900); glibc must carve it from the heap again, not map it
 * anew.  With malloc's mmap threshold fixed at 128 kB (an earlier fix for
 * heap fragments) every frame mapped and faulted its surfaces in: ~1,400
 * faults a frame, and the 512² Mono8 stream took 58 % of a core instead
 * of 7 %.  A CPU figure would be a timed test; page faults are counted by
 * the kernel and do not depend on the machine's load.  Runs inside
 * isolate.sh --gui. */

#define MAX_FAULTS_PER_FRAME 16.0   /* a 128 kB buffer mapped anew is 32 */
#define MIN_FRAMES           30

/* Minor faults of @pid, field 10 of /proc/PID/stat. */
static guint64
minor_faults (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *after_comm;
  unsigned long long minflt = 0;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  after_comm = strrchr (text, ')');
  g_assert_nonnull (after_comm);
  /* state ppid pgrp session tty_nr tpgid flags minflt */
  g_assert_cmpint (sscanf (after_comm + 2, "%*c %*d %*d %*d %*d %*d %*u %llu", &minflt), ==, 1);
  return minflt;
}

static gint64
displayed (GuiApp *app)
{
  g_autoptr(JsonNode) snapshot = gui_app_export_snapshot (app, 10 * G_USEC_PER_SEC);
  JsonObject *camera = gui_snapshot_member (snapshot, "camera");
  JsonNode *stream = json_object_get_member (camera, "stream");

  if (stream == NULL || !JSON_NODE_HOLDS_OBJECT (stream))
    return -1;
  return json_object_get_int_member_with_default (json_node_get_object (stream), "displayed", -1);
}

static void
test_faults_per_frame (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-frame-cost-XXXXXX");
  gint64 deadline, shown_before, shown_after;
  guint64 faults_before, faults_after;
  double per_frame;
  GPid pid;

  gui_app_launch (app, NULL);
  pid = gui_app_pid (app);

  /* Streaming, and past the first frames, which map what they need. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (displayed (app) < MIN_FRAMES)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (250 * 1000);
    }
  g_usleep (G_USEC_PER_SEC);

  shown_before = displayed (app);
  faults_before = minor_faults (pid);
  g_usleep (4 * G_USEC_PER_SEC);
  faults_after = minor_faults (pid);
  shown_after = displayed (app);

  g_assert_cmpint (shown_after - shown_before, >=, MIN_FRAMES);
  per_frame = (double) (faults_after - faults_before) / (double) (shown_after - shown_before);
  g_test_message ("%" G_GINT64_FORMAT " frames shown, %" G_GUINT64_FORMAT " minor page faults: %.1f a frame",
                  shown_after - shown_before, faults_after - faults_before, per_frame);
  g_assert_cmpfloat (per_frame, <, MAX_FAULTS_PER_FRAME);
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-frame-cost/faults-per-frame", test_faults_per_frame);
  return g_test_run ();
}
