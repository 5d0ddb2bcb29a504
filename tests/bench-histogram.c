/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <time.h>

#include <glib.h>

#include "bench-util.h"
#include "vigil-frame.h"
#include "vigil-histogram.h"

/* What one histogram of a full frame of noise costs the consumer thread:
 * thread CPU time, median of --reps runs.  The consumer computes at most
 * four a second, and only while the histogram is shown. */

static gint64
thread_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
main (int    argc,
      char **argv)
{
  const struct { guint32 format; const char *name; guint bytes; } formats[] = {
    { VIGIL_PIXEL_FORMAT_MONO8, "Mono8", 1 },
    { VIGIL_PIXEL_FORMAT_MONO12, "Mono12", 2 },
    { VIGIL_PIXEL_FORMAT_MONO16, "Mono16", 2 },
    { VIGIL_PIXEL_FORMAT_BAYER_RG8, "BayerRG8", 1 },
    { VIGIL_PIXEL_FORMAT_BAYER_RG12, "BayerRG12", 2 },
    { VIGIL_PIXEL_FORMAT_RGB8, "RGB8", 3 },
  };
  const guint sides[][2] = { { 1024, 1024 }, { 2048, 2048 }, { 4096, 3000 } };
  gint reps = 11;
  GOptionEntry entries[] = {
    { "reps", 0, 0, G_OPTION_ARG_INT, &reps, "Runs per case (median)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- cost of one histogram");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || reps < 1 || reps > 1000)
    {
      g_printerr ("%s\n", error ? error->message : "--reps must be 1 … 1000");
      return 2;
    }

  g_print ("# histogram of a full frame, thread CPU time, median of %d\n", reps);
  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        guint w = sides[s][0], h = sides[s][1];
        gsize size = (gsize) w * h * formats[f].bytes;
        g_autofree guint8 *data = g_malloc (size);
        g_autofree gdouble *ms = g_new (gdouble, reps);

        for (gsize i = 0; i < size; i++)
          data[i] = (guint8) g_rand_int (rand);
        if (formats[f].format == VIGIL_PIXEL_FORMAT_MONO12 || formats[f].format == VIGIL_PIXEL_FORMAT_BAYER_RG12)
          for (gsize i = 1; i < size; i += 2)
            data[i] &= 0x0f;
        for (gint r = 0; r < reps; r++)
          {
            gint64 start = thread_ns ();
            g_autoptr(VigilHistogram) hist = vigil_histogram_compute (formats[f].format, w, h, 0, data, size, NULL);

            ms[r] = (thread_ns () - start) / 1e6;
            g_assert_nonnull (hist);
          }
        g_print ("%-10s %4ux%-4u  %7.2f ms  (%.2f ns/px)\n", formats[f].name, w, h,
                 median (ms, (guint) reps), median (ms, (guint) reps) * 1e6 / ((double) w * h));
      }
  return 0;
}
