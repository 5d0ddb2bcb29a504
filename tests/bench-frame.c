/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-frame"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "vigil-frame.h"

/* bench-frame [--all] [--reps N] [--format NAME] [--threads N]
 *
 * ns per output pixel of vigil_frame_convert_pixels() for each pixel
 * format, from 1024², 2048² and 4096×3000 frames of noise into the largest
 * size with their aspect that fits 1100×900 ("fit"), and at 1:1; the
 * median of N runs (default 15; 5 at 1:1 from 4096×3000), one thread.
 * The output buffer is reused, as the viewer's display buffers are.
 * Time is the thread's CPU time, so a machine shared with other work
 * slows the run down but moves the figures less (caches are still shared).
 *
 * With --threads N (N > 1) it prints instead the wall-clock median of the
 * "fit" conversions done by one thread and by N threads splitting the
 * output rows: whether a parallel conversion gains anything here.
 * Without --all, one format of each kind of packing. */

static const guint32 some_formats[] = {
  VIGIL_PIXEL_FORMAT_MONO8, VIGIL_PIXEL_FORMAT_MONO12, VIGIL_PIXEL_FORMAT_MONO16,
  VIGIL_PIXEL_FORMAT_MONO10P, VIGIL_PIXEL_FORMAT_MONO12P, VIGIL_PIXEL_FORMAT_MONO12_PACKED,
  VIGIL_PIXEL_FORMAT_BAYER_RG8, VIGIL_PIXEL_FORMAT_BAYER_RG12, VIGIL_PIXEL_FORMAT_BAYER_RG12P,
  VIGIL_PIXEL_FORMAT_BAYER_RG10_PACKED,
  VIGIL_PIXEL_FORMAT_RGB8, VIGIL_PIXEL_FORMAT_BGR8, VIGIL_PIXEL_FORMAT_BGRA8,
  VIGIL_PIXEL_FORMAT_YUV422_8, VIGIL_PIXEL_FORMAT_YUV422_8_UYVY,
};

static const guint32 all_formats[] = {
  VIGIL_PIXEL_FORMAT_MONO8, VIGIL_PIXEL_FORMAT_MONO10, VIGIL_PIXEL_FORMAT_MONO12,
  VIGIL_PIXEL_FORMAT_MONO14, VIGIL_PIXEL_FORMAT_MONO16, VIGIL_PIXEL_FORMAT_MONO10_PACKED,
  VIGIL_PIXEL_FORMAT_MONO12_PACKED, VIGIL_PIXEL_FORMAT_MONO10P, VIGIL_PIXEL_FORMAT_MONO12P,
  VIGIL_PIXEL_FORMAT_BAYER_GR8, VIGIL_PIXEL_FORMAT_BAYER_RG8, VIGIL_PIXEL_FORMAT_BAYER_GB8,
  VIGIL_PIXEL_FORMAT_BAYER_BG8, VIGIL_PIXEL_FORMAT_BAYER_RG10, VIGIL_PIXEL_FORMAT_BAYER_RG12,
  VIGIL_PIXEL_FORMAT_BAYER_RG16, VIGIL_PIXEL_FORMAT_BAYER_RG10_PACKED,
  VIGIL_PIXEL_FORMAT_BAYER_RG12_PACKED, VIGIL_PIXEL_FORMAT_BAYER_RG10P,
  VIGIL_PIXEL_FORMAT_BAYER_RG12P, VIGIL_PIXEL_FORMAT_RGB8, VIGIL_PIXEL_FORMAT_BGR8,
  VIGIL_PIXEL_FORMAT_RGBA8, VIGIL_PIXEL_FORMAT_BGRA8, VIGIL_PIXEL_FORMAT_YUV422_8,
  VIGIL_PIXEL_FORMAT_YUV422_8_UYVY,
};

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

typedef struct
{
  guint32       format;
  const guint8 *data;
  gsize         size;
  guint         w, h, out_w, out_h, row_begin, row_end;
  guint8       *dst;
} Slice;

static gpointer
convert_slice (gpointer data)
{
  Slice *s = data;

  if (!vigil_frame_convert_rows_into (s->format, s->w, s->h, 0, s->data, s->size, NULL, s->dst,
                                      s->out_w, s->out_h, s->row_begin, s->row_end, NULL))
    g_error ("conversion failed");
  return NULL;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Bytes of a tight w×h frame: bit-packed formats as one stream. */
static gsize
frame_bytes (guint32 format,
             guint   w,
             guint   h)
{
  guint bits = vigil_pixel_format_bits_per_pixel (format);
  guint64 n = (guint64) w * h;

  if (bits == 10)
    return (gsize) ((n + 3) / 4 * 5);
  return (gsize) ((n * bits + 7) / 8);
}

/* The median ns per output pixel (and in @best the fastest run), or a
 * negative value on error. */
static double
measure (double       *best,
         guint32       format,
         const guint8 *data,
         guint         w,
         guint         h,
         guint         out_w,
         guint         out_h,
         guint         reps)
{
  g_autofree double *ns = g_new (double, reps);
  gsize size = frame_bytes (format, w, h);
  g_autofree guint8 *dst = g_malloc ((gsize) out_w * out_h * 3);

  /* Touch the output once: the viewer reuses its display buffers. */
  memset (dst, 0, (gsize) out_w * out_h * 3);

  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = thread_cpu_ns ();

      if (!vigil_frame_convert_into (format, w, h, 0, data, size, NULL, dst, out_w, out_h, &error))
        {
          g_printerr ("%s %u×%u: %s\n", vigil_pixel_format_to_string (format), w, h, error->message);
          return -1;
        }
      ns[r] = (double) (thread_cpu_ns () - t0) / ((double) out_w * out_h);
    }

  qsort (ns, reps, sizeof *ns, compare_double);
  *best = ns[0];
  return ns[reps / 2];
}

/* The median ms of the viewer's own conversion (vigil_frame_convert_view:
 * fitted into a 1100×900 view, B G R 255, as the consumer thread does),
 * or a negative value on error. */
static double
measure_view (guint32       format,
              const guint8 *data,
              guint         w,
              guint         h,
              guint         reps)
{
  VigilViewGeometry geometry = { .frame_width = w, .frame_height = h, .view_width = 1100, .view_height = 900 };
  VigilFrameView view;
  g_autoptr(GError) error = NULL;
  g_autofree double *ms = g_new (double, reps);
  g_autofree guint8 *dst = NULL;

  if (!vigil_frame_plan_view (format, w, h, 0, &geometry, &view, &error))
    {
      g_printerr ("%s %u×%u: %s\n", vigil_pixel_format_to_string (format), w, h, error->message);
      return -1;
    }
  dst = g_malloc0 ((gsize) view.width * view.height * 4);

  for (guint r = 0; r < reps; r++)
    {
      gint64 t0 = thread_cpu_ns ();

      if (!vigil_frame_convert_view (format, w, h, 0, data, frame_bytes (format, w, h), NULL, &view, dst, &error))
        {
          g_printerr ("%s %u×%u: %s\n", vigil_pixel_format_to_string (format), w, h, error->message);
          return -1;
        }
      ms[r] = (double) (thread_cpu_ns () - t0) / 1e6;
    }

  qsort (ms, reps, sizeof *ms, compare_double);
  return ms[reps / 2];
}

/* Wall-clock median ms of a conversion split over @n_threads threads. */
static double
measure_wall (guint32       format,
              const guint8 *data,
              gsize         size,
              guint         w,
              guint         h,
              guint         out_w,
              guint         out_h,
              guint         n_threads,
              guint         reps)
{
  g_autofree double *ms = g_new (double, reps);
  g_autofree guint8 *dst = g_malloc0 ((gsize) out_w * out_h * 3);
  g_autofree Slice *slices = g_new (Slice, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);

  for (guint r = 0; r < reps; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      for (guint i = 0; i < n_threads; i++)
        {
          slices[i] = (Slice) { format, data, size, w, h, out_w, out_h,
                                out_h * i / n_threads, out_h * (i + 1) / n_threads, dst };
          if (i > 0)
            threads[i] = g_thread_new ("bench-slice", convert_slice, &slices[i]);
        }
      convert_slice (&slices[0]);
      for (guint i = 1; i < n_threads; i++)
        g_thread_join (threads[i]);
      ms[r] = (g_get_monotonic_time () - t0) / 1000.0;
    }

  qsort (ms, reps, sizeof *ms, compare_double);
  return ms[reps / 2];
}

int
main (int   argc,
      char *argv[])
{
  /* 512² and 640×480 are shown larger than they are (scaled up), the
   * others smaller. */
  const struct { guint w, h; } sizes[] = { { 512, 512 }, { 640, 480 }, { 1024, 1024 }, { 2048, 2048 }, { 4096, 3000 } };
  gboolean all = FALSE;
  gint reps = 15;
  gint n_threads = 1;
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, "Every supported format", NULL },
    { "reps", 0, 0, G_OPTION_ARG_INT, &reps, "Runs a measurement (median)", "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &only, "Only this format", "NAME" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &n_threads, "Compare 1 thread with N (wall clock)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- ns per output pixel of the frame conversion");
  g_autoptr(GError) error = NULL;
  const guint32 *formats = all ? all_formats : some_formats;
  guint n_formats;
  g_autofree guint8 *noise = NULL;
  gsize noise_size = (gsize) 4096 * 3000 * 4;
  GRand *rand = g_rand_new_with_seed (17);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || reps < 1)
    {
      g_printerr ("%s\n", error ? error->message : "--reps must be at least 1");
      return 2;
    }
  formats = all ? all_formats : some_formats;
  n_formats = all ? G_N_ELEMENTS (all_formats) : G_N_ELEMENTS (some_formats);

  noise = g_malloc (noise_size);
  for (gsize i = 0; i < noise_size; i += 4)
    {
      guint32 v = g_rand_int (rand);
      memcpy (noise + i, &v, 4);
    }
  g_rand_free (rand);

  if (n_threads > 1)
    {
      printf ("# wall-clock ms of the conversion into 1100×900, median of %d runs\n", reps);
      printf ("%-18s %-10s %10s %10s %7s\n", "format", "frame", "1 thread", "threads", "gain");
      for (guint f = 0; f < n_formats; f++)
        for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
          {
            const char *name = vigil_pixel_format_to_string (formats[f]);
            guint w = sizes[s].w, h = sizes[s].h, fw, fh;
            double one, many;

            if (only != NULL && g_strcmp0 (only, name) != 0)
              continue;
            vigil_fit_size (w * 16, h * 16, 1100, 900, &fw, &fh);  /* up as well as down, as the viewer */
            one = measure_wall (formats[f], noise, frame_bytes (formats[f], w, h), w, h, fw, fh, 1, (guint) reps);
            many = measure_wall (formats[f], noise, frame_bytes (formats[f], w, h), w, h, fw, fh, (guint) n_threads, (guint) reps);
            printf ("%-18s %4u×%-5u %10.2f %10.2f %6.2f×\n", name, w, h, one, many, one / many);
            fflush (stdout);
          }
      return 0;
    }

  printf ("# ns of thread CPU time per output pixel, median of %d runs, one thread\n", reps);
  printf ("# view ms: the viewer's conversion into a 1100×900 view, B G R 255\n");
  printf ("%-18s %-10s %-9s %7s %8s %8s %8s %8s %8s\n", "format", "frame", "fit",
          "ns/px", "ms", "best ms", "1:1 ns", "best", "view ms");
  for (guint f = 0; f < n_formats; f++)
    {
      const char *name = vigil_pixel_format_to_string (formats[f]);

      if (only != NULL && g_strcmp0 (only, name) != 0)
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          guint w = sizes[s].w, h = sizes[s].h, fw, fh;
          double fit, full, fit_best, full_best, shown;
          g_autofree char *frame = g_strdup_printf ("%u×%u", w, h);
          g_autofree char *fit_size = NULL;

          vigil_fit_size (w * 16, h * 16, 1100, 900, &fw, &fh);  /* up as well as down, as the viewer */
          fit_size = g_strdup_printf ("%u×%u", fw, fh);
          fit = measure (&fit_best, formats[f], noise, w, h, fw, fh, (guint) reps);
          full = measure (&full_best, formats[f], noise, w, h, w, h, w * h > 4000000 ? MIN ((guint) reps, 5) : (guint) reps);
          shown = measure_view (formats[f], noise, w, h, (guint) reps);
          if (fit < 0 || full < 0 || shown < 0)
            return 1;
          printf ("%-18s %-10s %-9s %7.2f %8.2f %8.2f %8.2f %8.2f %8.2f\n", name, frame, fit_size, fit,
                  fit * fw * fh / 1e6, fit_best * fw * fh / 1e6, full, full_best, shown);
          fflush (stdout);
        }
    }

  return 0;
}
