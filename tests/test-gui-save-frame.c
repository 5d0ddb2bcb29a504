/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <png.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "gui-app.h"

/* app.save-frame over D-Bus on a real `vigil --simulate` streaming Mono16:
 * the four files appear, the PNG decodes (with GDK and, for its 16-bit
 * samples, with libpng) and holds exactly the samples of the raw buffer,
 * the side-car describes them; "" saves into the snapshot folder; an
 * unwritable folder is an Error event.  Runs inside isolate.sh --gui. */

static gboolean
wait_for_file (const char *path,
               gint64      timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
  return TRUE;
}

static JsonObject *
load_json (const char *path,
           JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Saves frames until one is in @format (the camera takes a moment to
 * switch); the side-car is written last, so once it is there the set is
 * whole.  Each attempt has a name of its own, so a save still under way
 * never overwrites the files of the one that is checked.
 * Returns: (transfer full): the stem of the files in @format */
static char *
save_and_wait (GuiApp     *app,
               const char *stem,
               const char *format)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *try = g_strdup_printf ("%s-%u", stem, attempt);
      g_autofree char *png = g_strconcat (try, ".png", NULL);
      g_autofree char *json = g_strconcat (try, ".json", NULL);

      gui_app_activate (app, "save-frame", g_variant_new_string (png));
      if (wait_for_file (json, 6 * G_USEC_PER_SEC) &&
          g_str_equal (json_object_get_string_member (load_json (json, parser), "pixel_format"), format))
        return g_steal_pointer (&try);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
}

static void
assert_decodes (const char *path,
                guint       width,
                guint       height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
}

/* The 16-bit samples of @png_path equal the little-endian words of @raw_path. */
static void
assert_samples_equal (const char *png_path,
                      const char *raw_path,
                      guint       width,
                      guint       height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree guint16 *samples = NULL;
  gsize raw_length = 0;
  png_image image = { 0 };
  guint differ = 0;

  g_file_get_contents (raw_path, &raw, &raw_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raw_length, ==, (gsize) width * height * 2);

  image.version = PNG_IMAGE_VERSION;
  g_assert_true (png_image_begin_read_from_file (&image, png_path));
  g_assert_cmpuint (image.width, ==, width);
  image.format = PNG_FORMAT_LINEAR_Y;
  samples = g_new (guint16, (gsize) width * height);
  g_assert_true (png_image_finish_read (&image, NULL, samples, 0, NULL));
  png_image_free (&image);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint16 word = (guint16) ((guint8) raw[2 * i] | ((guint8) raw[2 * i + 1] << 8));

      differ += samples[i] != word;
    }
  g_assert_cmpuint (differ, ==, 0);
}

static gboolean
has_save_error (const char *snapshot_path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *events = json_object_get_array_member (load_json (snapshot_path, parser), "events");

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "operation", ""), "save-frame") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (event, "event", ""), "Error") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_save_frame (void)
{
  g_autoptr(GuiApp) app = gui_app_new ("vigil-gui-save-frame-XXXXXX");
  g_autofree char *snapshots = g_build_filename (app->tmpdir, "snapshots", NULL);
  g_autofree char *base = g_build_filename (app->tmpdir, "frame", NULL);
  g_autofree char *stem = NULL;
  g_autofree char *png = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *json = NULL;
  g_autofree char *snapshot = g_build_filename (app->tmpdir, "after.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDir) dir = NULL;
  JsonObject *sidecar;
  guint width, height, in_folder = 0;
  const char *name;
  gint64 deadline;

  gui_app_launch (app, "--snapshot-dir", snapshots, NULL);
  gui_app_activate (app, "set-feature", g_variant_new_string ("PixelFormat=Mono16"));
  stem = save_and_wait (app, base, "Mono16");
  png = g_strconcat (stem, ".png", NULL);
  shown = g_strconcat (stem, "-shown.png", NULL);
  raw = g_strconcat (stem, ".raw", NULL);
  json = g_strconcat (stem, ".json", NULL);

  sidecar = load_json (json, parser);
  width = json_object_get_int_member (sidecar, "width");
  height = json_object_get_int_member (sidecar, "height");
  g_test_message ("saved %u×%u Mono16, frame %" G_GINT64_FORMAT, width, height,
                  json_object_get_int_member (sidecar, "frame_id"));
  g_assert_cmpuint (width, >, 0);
  g_assert_cmpint (json_object_get_int_member (sidecar, "pixel_format_code"), ==, 0x01100007);
  g_assert_cmpint (json_object_get_int_member (sidecar, "raw_bytes"), ==, (gint64) width * height * 2);
  g_assert_cmpint (json_object_get_int_member (sidecar, "camera_timestamp_ns"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (sidecar, "camera_id"), !=, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (sidecar, "files"), "png_bit_depth"),
                   ==, 16);
  assert_decodes (png, width, height);
  assert_samples_equal (png, raw, width, height);
  g_assert_true (g_file_test (shown, G_FILE_TEST_IS_REGULAR));
  assert_decodes (shown, json_object_get_int_member (json_object_get_object_member (sidecar, "files"), "shown_width"),
                  json_object_get_int_member (json_object_get_object_member (sidecar, "files"), "shown_height"));

  /* "": a new name in the snapshot folder, four files. */
  gui_app_activate (app, "save-frame", g_variant_new_string (""));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (in_folder < 4)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
      g_clear_pointer (&dir, g_dir_close);
      dir = g_dir_open (snapshots, 0, NULL);
      in_folder = 0;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        in_folder += g_str_has_prefix (name, "vigil-frame-");
    }
  g_assert_cmpuint (in_folder, ==, 4);

  /* An unwritable place: an Error event, in words. */
  gui_app_activate (app, "save-frame", g_variant_new_string ("/proc/vigil-frame.png"));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_remove (snapshot);
      gui_app_activate (app, "export-snapshot", g_variant_new_string (snapshot));
      g_assert_true (wait_for_file (snapshot, 5 * G_USEC_PER_SEC));
      if (has_save_error (snapshot))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (200 * 1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!gui_test_init (&argc, &argv))
    return 77;

  g_test_add_func ("/vigil/gui-save-frame/save", test_save_frame);

  return g_test_run ();
}
