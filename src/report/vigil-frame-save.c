/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-frame-save"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-atomic-file.h"
#include "vigil-error.h"
#include "vigil-frame-save.h"
#include "vigil-json.h"
#include "vigil-png.h"

/* Save Frame: the full-resolution frame as a PNG (8-bit grey for Mono8,
 * 16-bit grey with the samples as they are for Mono10 … Mono16 and their
 * packed forms, 8-bit RGB converted at full resolution for everything
 * else), the picture as shown, the camera's buffer as it came (.raw) and a
 * JSON side-car that says how to read it.  Each file is written
 * atomically; when one fails, those already written are removed, so a
 * save leaves all four or none.  Any thread: the GUI runs it on a GTask
 * thread. */

void
vigil_frame_save_paths_init (VigilFrameSavePaths *paths,
                             const char          *path)
{
  g_autofree char *stem = NULL;
  gsize len = strlen (path);

  if (len > 4 && g_ascii_strcasecmp (path + len - 4, ".png") == 0)
    stem = g_strndup (path, len - 4);
  else
    stem = g_strdup (path);
  paths->png = g_strconcat (stem, ".png", NULL);
  paths->shown = g_strconcat (stem, "-shown.png", NULL);
  paths->raw = g_strconcat (stem, ".raw", NULL);
  paths->json = g_strconcat (stem, ".json", NULL);
}

void
vigil_frame_save_paths_clear (VigilFrameSavePaths *paths)
{
  g_clear_pointer (&paths->png, g_free);
  g_clear_pointer (&paths->shown, g_free);
  g_clear_pointer (&paths->raw, g_free);
  g_clear_pointer (&paths->json, g_free);
}

/**
 * vigil_frame_save_default_name:
 *
 * Returns: (transfer full): "vigil-frame-<YYYYmmddTHHMMSS.mmm>Z.png"
 */
char *
vigil_frame_save_default_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");

  return g_strdup_printf ("vigil-frame-%s.%03dZ.png", stamp, g_date_time_get_microsecond (now) / 1000);
}

/**
 * vigil_frame_save_encode_png:
 * @frame: a frame with its full-resolution pixels
 * @bit_depth: (out): 8 or 16
 *
 * Returns: (transfer full) (nullable): the full-resolution frame as a PNG
 */
GBytes *
vigil_frame_save_encode_png (VigilFrame  *frame,
                             guint       *bit_depth,
                             GError     **error)
{
  guint32 format = vigil_frame_get_pixel_format (frame);
  guint width = vigil_frame_get_width (frame), height = vigil_frame_get_height (frame);
  GBytes *data = vigil_frame_get_data (frame);
  g_autoptr(GError) local_error = NULL;
  g_autofree guint16 *samples = NULL;
  g_autoptr(GBytes) rgb = NULL;
  guint depth = 0;

  if (data == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("This frame holds only the picture shown, not its pixels"));
      return NULL;
    }

  *bit_depth = 8;
  if (format == VIGIL_PIXEL_FORMAT_MONO8)
    return vigil_png_encode (VIGIL_PNG_GREY8, width, height, g_bytes_get_data (data, NULL),
                             vigil_frame_get_stride (frame), error);
  if (vigil_pixel_format_get_depth (format) > 8 &&
      (samples = vigil_frame_dup_mono_samples (frame, &depth, &local_error)) != NULL)
    {
      *bit_depth = 16;
      return vigil_png_encode (VIGIL_PNG_GREY16, width, height, (const guint8 *) samples,
                               (gsize) width * 2, error);
    }

  /* Colour, Bayer, YUV: RGB at full resolution. */
  rgb = vigil_frame_to_rgb (frame, width, height, error);
  if (rgb == NULL)
    return NULL;
  return vigil_png_encode (VIGIL_PNG_RGB8, width, height, g_bytes_get_data (rgb, NULL), (gsize) width * 3, error);
}

static void
add_file (JsonBuilder *builder,
          const char  *key,
          const char  *path)
{
  g_autofree char *base = path ? g_path_get_basename (path) : NULL;

  vigil_json_add_string (builder, key, base);
}

/**
 * vigil_frame_save_sidecar:
 *
 * The side-car: how to read the raw buffer, and where it came from.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
vigil_frame_save_sidecar (const VigilFrameSaveSource *source,
                          const VigilFrameSavePaths  *paths,
                          guint                       png_bit_depth)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *saved = g_date_time_format_iso8601 (now);
  VigilFrame *frame = source->frame;
  guint32 format = vigil_frame_get_pixel_format (frame);
  g_autofree char *hex = g_strdup_printf ("0x%08x", format);
  GBytes *data = vigil_frame_get_data (frame);

  json_builder_begin_object (builder);
  vigil_json_add_string (builder, "schema", VIGIL_FRAME_SIDECAR_SCHEMA);
  vigil_json_add_string (builder, "saved", saved);
  vigil_json_add_string (builder, "camera_id", source->camera_id);
  vigil_json_add_int (builder, "width", vigil_frame_get_width (frame));
  vigil_json_add_int (builder, "height", vigil_frame_get_height (frame));
  vigil_json_add_string (builder, "pixel_format", vigil_pixel_format_to_string (format));
  vigil_json_add_int (builder, "pixel_format_code", format);
  vigil_json_add_string (builder, "pixel_format_hex", hex);
  vigil_json_add_int (builder, "bits_per_pixel", vigil_pixel_format_bits_per_pixel (format));
  vigil_json_add_int (builder, "significant_bits", vigil_pixel_format_get_depth (format));
  vigil_json_add_int (builder, "stride", (gint64) vigil_frame_get_stride (frame));
  vigil_json_add_int (builder, "raw_bytes", data ? (gint64) g_bytes_get_size (data) : 0);
  vigil_json_add_int (builder, "frame_id", (gint64) vigil_frame_get_id (frame));
  vigil_json_add_int (builder, "camera_timestamp_ns", (gint64) vigil_frame_get_camera_timestamp (frame));
  vigil_json_add_int (builder, "system_timestamp_us", vigil_frame_get_timestamp (frame));
  json_builder_set_member_name (builder, "files");
  json_builder_begin_object (builder);
  add_file (builder, "png", paths->png);
  vigil_json_add_int (builder, "png_bit_depth", png_bit_depth);
  add_file (builder, "shown_png", source->shown ? paths->shown : NULL);
  vigil_json_add_int (builder, "shown_width", source->shown ? source->shown_width : 0);
  vigil_json_add_int (builder, "shown_height", source->shown ? source->shown_height : 0);
  add_file (builder, "raw", paths->raw);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Sets @error in words for @saved_errno, met writing @path. */
static void
set_save_error (int          saved_errno,
                const char  *path,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *reason = vigil_atomic_file_describe_errno (saved_errno, path);

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_IO, _("Could not save the frame “%s”: %s"), display, reason);
}

/* Writes each of @n files atomically; on a failure removes those written. */
static gboolean
write_all_or_none (const char * const *paths,
                   GBytes             **contents,
                   guint                n,
                   GError             **error)
{
  for (guint i = 0; i < n; i++)
    {
      gsize len = 0;
      const char *data = contents[i] ? g_bytes_get_data (contents[i], &len) : NULL;
      int saved_errno = 0;

      if (contents[i] == NULL)
        continue;
      if (!vigil_atomic_file_write (paths[i], data ? data : "", len, &saved_errno))
        {
          set_save_error (saved_errno, paths[i], error);
          for (guint j = 0; j < i; j++)
            if (contents[j] != NULL)
              g_unlink (paths[j]);
          return FALSE;
        }
    }
  return TRUE;
}

static GBytes *
to_json_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/**
 * vigil_frame_save:
 * @path: "dir/name.png" (or "dir/name"); the other files go beside it
 *
 * Writes the four files of a saved frame (see #VigilFrameSavePaths), all
 * or none.  Blocks; see vigil_frame_save_async().
 */
gboolean
vigil_frame_save (const VigilFrameSaveSource *source,
                  const char                 *path,
                  GError                    **error)
{
  g_auto(VigilFrameSavePaths) paths = { 0 };
  g_autoptr(GBytes) png = NULL, shown = NULL, json = NULL;
  g_autoptr(JsonNode) sidecar = NULL;
  guint bit_depth = 8;

  g_return_val_if_fail (source != NULL && source->frame != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (*path == '\0' || g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_has_suffix (path, G_DIR_SEPARATOR_S))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Could not save the frame “%s”: it is a folder; give a file name"), display);
      return FALSE;
    }
  vigil_frame_save_paths_init (&paths, path);
  if (!(png = vigil_frame_save_encode_png (source->frame, &bit_depth, error)))
    return FALSE;
  if (source->shown != NULL &&
      !(shown = vigil_png_encode (VIGIL_PNG_BGRA8, source->shown_width, source->shown_height,
                                  g_bytes_get_data (source->shown, NULL), source->shown_stride, error)))
    return FALSE;
  sidecar = vigil_frame_save_sidecar (source, &paths, bit_depth);
  json = to_json_bytes (sidecar);

  {
    const char *targets[] = { paths.raw, paths.png, paths.shown, paths.json };
    GBytes *contents[] = { vigil_frame_get_data (source->frame), png, shown, json };

    return write_all_or_none (targets, contents, G_N_ELEMENTS (targets), error);
  }
}

typedef struct
{
  VigilFrame *frame;
  GBytes     *shown;
  guint       shown_width;
  guint       shown_height;
  gsize       shown_stride;
  char       *camera_id;
  char       *path;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_pointer (&job->frame, vigil_frame_unref);
  g_clear_pointer (&job->shown, g_bytes_unref);
  g_free (job->camera_id);
  g_free (job->path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(GError) error = NULL;
  VigilFrameSaveSource source = {
    .frame = job->frame,
    .shown = job->shown,
    .shown_width = job->shown_width,
    .shown_height = job->shown_height,
    .shown_stride = job->shown_stride,
    .camera_id = job->camera_id,
  };

  if (g_task_return_error_if_cancelled (task))
    return;
  if (vigil_frame_save (&source, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * vigil_frame_save_async:
 * @source: what to save; its values are kept (referenced or copied) before
 *   this returns
 *
 * Encodes and writes like vigil_frame_save() on a GTask thread; @callback
 * runs on the caller's thread-default main context.
 */
void
vigil_frame_save_async (const VigilFrameSaveSource *source,
                        const char                 *path,
                        GCancellable               *cancellable,
                        GAsyncReadyCallback         callback,
                        gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SaveJob) job = g_new0 (SaveJob, 1);

  g_return_if_fail (source != NULL && source->frame != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_frame_save_async);
  g_task_set_name (task, "vigil-frame-save");
  job->frame = vigil_frame_ref (source->frame);
  job->shown = source->shown ? g_bytes_ref (source->shown) : NULL;
  job->shown_width = source->shown_width;
  job->shown_height = source->shown_height;
  job->shown_stride = source->shown_stride;
  job->camera_id = g_strdup (source->camera_id);
  job->path = g_strdup (path);
  g_task_set_task_data (task, g_steal_pointer (&job), (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
vigil_frame_save_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_frame_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
