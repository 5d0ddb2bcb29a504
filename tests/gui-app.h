/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GUI_APP_OBJECT_PATH "/io/github/vigilcam/Vigil"

/* A `$VIGIL_BINARY --simulate` driven over the session bus as a person's
 * desktop would, and a temp folder that goes with it.  For the GUI tests,
 * which run inside isolate.sh --gui (their own network namespace, Xvfb and
 * session bus). */
typedef struct
{
  GSubprocess     *vigil;               /* NULL until gui_app_launch () */
  GDBusConnection *bus;
  char            *tmpdir;
  char            *output_path;         /* nullable: where Vigil's stdout and stderr go (set before launching) */
} GuiApp;

gboolean  gui_test_init     (int         *argc,
                             char      ***argv);

GuiApp   *gui_app_new       (const char  *tmpdir_template);
void      gui_app_launch    (GuiApp      *app,
                             ...) G_GNUC_NULL_TERMINATED;
void      gui_app_launch_camera (GuiApp  *app,
                                 const char *camera_id);
GVariant *gui_app_call      (GuiApp      *app,
                             const char  *object_path,
                             const char  *method,
                             GVariant    *args,
                             const char  *reply_type,
                             GError     **error);
void      gui_app_activate  (GuiApp      *app,
                             const char  *action,
                             GVariant    *parameter);
void      gui_app_set_state (GuiApp      *app,
                             const char  *action,
                             GVariant    *state);
GPid      gui_app_pid       (GuiApp      *app);
void      gui_app_wait_exit (GuiApp      *app,
                             gint64       timeout_us);
void      gui_app_free      (GuiApp      *app);

GPid      gui_find_child    (GPid         parent,
                             const char  *comm_prefix);
void      gui_assert_gone   (GPid         pid,
                             gint64       timeout_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuiApp, gui_app_free)

guint     gui_count_events   (const char *log_path,
                              const char *needle);
void      gui_wait_events    (const char *log_path,
                              const char *needle,
                              guint       at_least,
                              guint       timeout_s);

JsonNode *gui_app_export_snapshot (GuiApp     *app,
                                   gint64      timeout_us);
JsonObject *gui_snapshot_member   (JsonNode   *document,
                                   const char *member);

G_END_DECLS
