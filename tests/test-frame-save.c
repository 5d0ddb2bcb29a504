/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <png.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-atomic-file.h"
#include "vigil-error.h"
#include "vigil-frame-save.h"

/* Save Frame: the files of a saved frame read back with libpng's own
 * reader, the PNG header's bit depth and colour type read from the bytes,
 * the raw buffer and the side-car's fields. */

#define W 7
#define H 5

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("vigil-frame-save-XXXXXX", &error);
  g_assert_no_error (error);
  vigil_atomic_file_set_write_fault (-1);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  vigil_atomic_file_set_write_fault (-1);
}

static GBytes *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The IHDR chunk as written: bit depth and colour type (0 grey, 2 RGB). */
static void
assert_png_header (GBytes *png,
                   guint   bit_depth,
                   guint   colour_type,
                   guint   width,
                   guint   height)
{
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (png, &size);

  g_assert_cmpuint (size, >, 33);
  g_assert_cmpmem (p, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (p + 12, 4, "IHDR", 4);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (p + 16)), ==, width);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (p + 20)), ==, height);
  g_assert_cmpuint (p[24], ==, bit_depth);
  g_assert_cmpuint (p[25], ==, colour_type);
}

/* libpng's reader, into @format (PNG_FORMAT_LINEAR_Y: 16-bit samples). */
static gpointer
read_png (GBytes     *png,
          png_uint_32 format,
          gsize       sample_bytes)
{
  png_image image = { 0 };
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (png, &size);
  gpointer pixels;

  image.version = PNG_IMAGE_VERSION;
  g_assert_true (png_image_begin_read_from_memory (&image, data, size));
  image.format = format;
  pixels = g_malloc (PNG_IMAGE_SIZE (image));
  g_assert_cmpuint (PNG_IMAGE_SIZE (image), ==, (gsize) image.width * image.height * sample_bytes *
                                                PNG_IMAGE_SAMPLE_CHANNELS (format));
  g_assert_true (png_image_finish_read (&image, NULL, pixels, 0, NULL));
  png_image_free (&image);
  return pixels;
}

static JsonObject *
load_sidecar (const char *path,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static VigilFrame *
mono16_frame (guint16 *samples)
{
  g_autoptr(GError) error = NULL;
  VigilFrame *frame;

  for (guint i = 0; i < W * H; i++)
    samples[i] = GUINT16_TO_LE ((guint16) (i * 1873u));
  samples[0] = 0;
  samples[1] = GUINT16_TO_LE (65535);
  samples[2] = GUINT16_TO_LE (256);
  frame = vigil_frame_new (VIGIL_PIXEL_FORMAT_MONO16, W, H, 0, (const guint8 *) samples, W * H * 2,
                           4242, 1700000000000000, &error);
  g_assert_no_error (error);
  vigil_frame_set_camera_timestamp (frame, G_GUINT64_CONSTANT (123456789012345));
  return frame;
}

/* A Mono16 frame comes back from a 16-bit grey PNG with every value. */
static void
test_mono16_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  guint16 samples[W * H];
  g_autoptr(VigilFrame) frame = mono16_frame (samples);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "shot.png", NULL);
  g_autofree char *raw_path = g_build_filename (fixture->dir, "shot.raw", NULL);
  g_autoptr(GBytes) png = NULL, raw = NULL;
  g_autofree guint16 *back = NULL;
  VigilFrameSaveSource source = { .frame = frame, .camera_id = "127.0.0.1" };

  g_assert_true (vigil_frame_save (&source, path, &error));
  g_assert_no_error (error);
  png = load (path);
  assert_png_header (png, 16, 0, W, H);
  back = read_png (png, PNG_FORMAT_LINEAR_Y, 2);
  for (guint i = 0; i < W * H; i++)
    g_assert_cmpuint (back[i], ==, GUINT16_FROM_LE (samples[i]));

  raw = load (raw_path);
  g_assert_cmpmem (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), samples, sizeof samples);
}

/* Mono12 keeps its values (0 … 4095) in a 16-bit PNG; the side-car says 12 bits. */
static void
test_mono12 (Fixture       *fixture,
             gconstpointer  data)
{
  guint16 samples[W * H];
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFrame) frame = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "deep", NULL);
  g_autofree char *png_path = g_build_filename (fixture->dir, "deep.png", NULL);
  g_autofree char *json_path = g_build_filename (fixture->dir, "deep.json", NULL);
  g_autoptr(GBytes) png = NULL;
  g_autofree guint16 *back = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  VigilFrameSaveSource source = { 0 };
  JsonObject *sidecar;

  for (guint i = 0; i < W * H; i++)
    samples[i] = GUINT16_TO_LE ((guint16) (i * 117u % 4096));
  samples[3] = GUINT16_TO_LE (4095);
  frame = vigil_frame_new (VIGIL_PIXEL_FORMAT_MONO12, W, H, 0, (const guint8 *) samples, sizeof samples,
                           1, 0, &error);
  g_assert_no_error (error);
  source.frame = frame;
  g_assert_true (vigil_frame_save (&source, path, &error));
  g_assert_no_error (error);
  png = load (png_path);
  assert_png_header (png, 16, 0, W, H);
  back = read_png (png, PNG_FORMAT_LINEAR_Y, 2);
  for (guint i = 0; i < W * H; i++)
    g_assert_cmpuint (back[i], ==, GUINT16_FROM_LE (samples[i]));
  sidecar = load_sidecar (json_path, parser);
  g_assert_cmpint (json_object_get_int_member (sidecar, "significant_bits"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (sidecar, "files"), "png_bit_depth"),
                   ==, 16);
}

/* Mono8 in an 8-bit grey PNG; BayerRG8 in an 8-bit RGB one at full size. */
static void
test_8bit (Fixture       *fixture,
           gconstpointer  data)
{
  guint8 pixels[W * H];
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFrame) mono = NULL, bayer = NULL;
  g_autofree char *mono_path = g_build_filename (fixture->dir, "mono.png", NULL);
  g_autofree char *bayer_path = g_build_filename (fixture->dir, "bayer.png", NULL);
  g_autoptr(GBytes) png = NULL, png_rgb = NULL;
  g_autofree guint8 *back = NULL;
  VigilFrameSaveSource source = { 0 };

  for (guint i = 0; i < W * H; i++)
    pixels[i] = (guint8) (i * 7);
  mono = vigil_frame_new (VIGIL_PIXEL_FORMAT_MONO8, W, H, 0, pixels, sizeof pixels, 1, 0, &error);
  g_assert_no_error (error);
  source.frame = mono;
  g_assert_true (vigil_frame_save (&source, mono_path, &error));
  png = load (mono_path);
  assert_png_header (png, 8, 0, W, H);
  back = read_png (png, PNG_FORMAT_GRAY, 1);
  g_assert_cmpmem (back, W * H, pixels, W * H);

  bayer = vigil_frame_new (VIGIL_PIXEL_FORMAT_BAYER_RG8, W - 1, H - 1, W, pixels, W * (H - 1), 2, 0, &error);
  g_assert_no_error (error);
  source.frame = bayer;
  g_assert_true (vigil_frame_save (&source, bayer_path, &error));
  g_assert_no_error (error);
  png_rgb = load (bayer_path);
  assert_png_header (png_rgb, 8, 2, W - 1, H - 1);
}

/* The side-car's fields, and the picture as shown beside them. */
static void
test_sidecar (Fixture       *fixture,
              gconstpointer  data)
{
  guint16 samples[W * H];
  g_autoptr(VigilFrame) frame = mono16_frame (samples);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "side.png", NULL);
  g_autofree char *json_path = g_build_filename (fixture->dir, "side.json", NULL);
  g_autofree char *shown_path = g_build_filename (fixture->dir, "side-shown.png", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) shown = NULL, shown_png = NULL;
  guint8 bgra[4 * 3 * 2];
  JsonObject *sidecar, *files;

  for (guint i = 0; i < sizeof bgra; i++)
    bgra[i] = i % 4 == 3 ? 255 : (guint8) (i * 10);
  shown = g_bytes_new (bgra, sizeof bgra);
  {
    VigilFrameSaveSource source = { frame, shown, 3, 2, 12, "GigE:Cam\xc3\xa9ra" };

    g_assert_true (vigil_frame_save (&source, path, &error));
    g_assert_no_error (error);
  }

  sidecar = load_sidecar (json_path, parser);
  g_assert_cmpstr (json_object_get_string_member (sidecar, "schema"), ==, "vigil-frame/1");
  g_assert_cmpint (json_object_get_int_member (sidecar, "width"), ==, W);
  g_assert_cmpint (json_object_get_int_member (sidecar, "height"), ==, H);
  g_assert_cmpstr (json_object_get_string_member (sidecar, "pixel_format"), ==, "Mono16");
  g_assert_cmpint (json_object_get_int_member (sidecar, "pixel_format_code"), ==, VIGIL_PIXEL_FORMAT_MONO16);
  g_assert_cmpstr (json_object_get_string_member (sidecar, "pixel_format_hex"), ==, "0x01100007");
  g_assert_cmpint (json_object_get_int_member (sidecar, "frame_id"), ==, 4242);
  g_assert_cmpint (json_object_get_int_member (sidecar, "camera_timestamp_ns"), ==, G_GINT64_CONSTANT (123456789012345));
  g_assert_cmpint (json_object_get_int_member (sidecar, "system_timestamp_us"), ==, 1700000000000000);
  g_assert_cmpstr (json_object_get_string_member (sidecar, "camera_id"), ==, "GigE:Cam\xc3\xa9ra");
  g_assert_cmpint (json_object_get_int_member (sidecar, "stride"), ==, W * 2);
  g_assert_cmpint (json_object_get_int_member (sidecar, "raw_bytes"), ==, W * H * 2);
  g_assert_cmpint (json_object_get_int_member (sidecar, "bits_per_pixel"), ==, 16);
  g_assert_nonnull (json_object_get_string_member (sidecar, "saved"));
  files = json_object_get_object_member (sidecar, "files");
  g_assert_cmpstr (json_object_get_string_member (files, "png"), ==, "side.png");
  g_assert_cmpstr (json_object_get_string_member (files, "raw"), ==, "side.raw");
  g_assert_cmpstr (json_object_get_string_member (files, "shown_png"), ==, "side-shown.png");
  g_assert_cmpint (json_object_get_int_member (files, "shown_width"), ==, 3);

  shown_png = load (shown_path);
  assert_png_header (shown_png, 8, 2, 3, 2);
}

/* Errors in words, and nothing left behind. */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  guint16 samples[W * H];
  g_autoptr(VigilFrame) frame = mono16_frame (samples);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "x.png", NULL);
  g_autofree char *full = g_build_filename (fixture->dir, "full.png", NULL);
  VigilFrameSaveSource source = { .frame = frame };
  g_autoptr(GDir) dir = NULL;

  g_assert_false (vigil_frame_save (&source, missing, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_assert_false (vigil_frame_save (&source, fixture->dir, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);

  /* The disk fills after 72 bytes a file: the raw file (70 bytes) is written,
   * the PNG is not; the raw file is removed again. */
  vigil_atomic_file_set_write_fault (72);
  g_assert_false (vigil_frame_save (&source, full, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Could not save the frame “"));
  g_assert_true (g_str_has_suffix (error->message, "”: the disk is full (No space left on device)"));
  vigil_atomic_file_set_write_fault (-1);
  dir = g_dir_open (fixture->dir, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static void
test_paths (void)
{
  g_auto(VigilFrameSavePaths) a = { 0 };
  g_auto(VigilFrameSavePaths) b = { 0 };
  g_autofree char *name = vigil_frame_save_default_name ();

  vigil_frame_save_paths_init (&a, "/x/y.PNG");
  g_assert_cmpstr (a.png, ==, "/x/y.png");
  g_assert_cmpstr (a.shown, ==, "/x/y-shown.png");
  g_assert_cmpstr (a.raw, ==, "/x/y.raw");
  g_assert_cmpstr (a.json, ==, "/x/y.json");
  vigil_frame_save_paths_init (&b, "/x/frame");
  g_assert_cmpstr (b.png, ==, "/x/frame.png");
  g_assert_true (g_str_has_prefix (name, "vigil-frame-"));
  g_assert_true (g_str_has_suffix (name, "Z.png"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/frame-save/mono16-round-trip", Fixture, NULL, fixture_setup, test_mono16_round_trip,
              fixture_teardown);
  g_test_add ("/vigil/frame-save/mono12", Fixture, NULL, fixture_setup, test_mono12, fixture_teardown);
  g_test_add ("/vigil/frame-save/8bit", Fixture, NULL, fixture_setup, test_8bit, fixture_teardown);
  g_test_add ("/vigil/frame-save/sidecar", Fixture, NULL, fixture_setup, test_sidecar, fixture_teardown);
  g_test_add ("/vigil/frame-save/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add_func ("/vigil/frame-save/paths", test_paths);

  return g_test_run ();
}
