/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "vigil-error.h"
#include "vigil-frame.h"
#include "vigil-histogram-tap.h"

/* Histograms of synthetic frames whose counts are known, clipped ends
 * included. */

static guint64
sum_bins (const VigilHistogramChannel *channel)
{
  guint64 sum = 0;

  for (guint i = 0; i < VIGIL_HISTOGRAM_BINS; i++)
    sum += channel->bins[i];
  return sum;
}

/* 8×8 Mono8: 4 black, 6 white, the rest 100. */
static void
test_mono8 (void)
{
  guint8 pixels[64];
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilHistogram) h = NULL;
  const VigilHistogramChannel *c;

  memset (pixels, 100, sizeof pixels);
  memset (pixels, 0, 4);
  memset (pixels + 58, 255, 6);
  h = vigil_histogram_compute (VIGIL_PIXEL_FORMAT_MONO8, 8, 8, 0, pixels, sizeof pixels, &error);
  g_assert_no_error (error);
  g_assert_nonnull (h);
  g_assert_cmpuint (h->n_channels, ==, 1);
  g_assert_cmpuint (h->depth, ==, 8);
  g_assert_cmpuint (h->max_value, ==, 255);
  g_assert_cmpuint (h->bin_width, ==, 1);
  c = &h->channels[0];
  g_assert_cmpint (c->colour, ==, VIGIL_HISTOGRAM_GREY);
  g_assert_cmpuint (c->count, ==, 64);
  g_assert_cmpuint (sum_bins (c), ==, 64);
  g_assert_cmpuint (c->bins[0], ==, 4);
  g_assert_cmpuint (c->bins[100], ==, 54);
  g_assert_cmpuint (c->bins[255], ==, 6);
  g_assert_cmpuint (c->min, ==, 0);
  g_assert_cmpuint (c->max, ==, 255);
  g_assert_cmpfloat_with_epsilon (c->mean, (54.0 * 100 + 6 * 255) / 64, 1e-9);
  g_assert_cmpuint (c->low_clipped, ==, 4);
  g_assert_cmpuint (c->high_clipped, ==, 6);
  g_assert_cmpfloat_with_epsilon (vigil_histogram_low_share (h, 0), 4 / 64.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (vigil_histogram_high_share (h, 0), 6 / 64.0, 1e-12);
}

/* Mono12 in 16-bit words: bars 16 values wide, clipped at 0 and 4095, and
 * a sample with a bit above the depth counted as clipped at the top. */
static void
test_mono12 (void)
{
  guint16 words[16];
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilHistogram) h = NULL;
  const VigilHistogramChannel *c;

  for (guint i = 0; i < 16; i++)
    words[i] = GUINT16_TO_LE (1000 + i);   /* 1000 … 1015 */
  words[0] = 0;
  words[1] = GUINT16_TO_LE (4095);
  words[2] = GUINT16_TO_LE (0x1fff);       /* past 12 bits */
  h = vigil_histogram_compute (VIGIL_PIXEL_FORMAT_MONO12, 4, 4, 0, (const guint8 *) words, sizeof words, &error);
  g_assert_no_error (error);
  c = &h->channels[0];
  g_assert_cmpuint (h->depth, ==, 12);
  g_assert_cmpuint (h->max_value, ==, 4095);
  g_assert_cmpuint (h->bin_width, ==, 16);
  g_assert_cmpuint (c->count, ==, 16);
  g_assert_cmpuint (c->low_clipped, ==, 1);
  g_assert_cmpuint (c->high_clipped, ==, 2);
  g_assert_cmpuint (c->min, ==, 0);
  g_assert_cmpuint (c->max, ==, 4095);
  g_assert_cmpuint (c->bins[0], ==, 1);
  g_assert_cmpuint (c->bins[255], ==, 2);
  /* 1003 … 1015: bins 62 (992 … 1007) and 63 (1008 … 1023) */
  g_assert_cmpuint (c->bins[62], ==, 5);
  g_assert_cmpuint (c->bins[63], ==, 8);
  g_assert_cmpuint (sum_bins (c), ==, 16);
}

/* Mono12Packed (GigE Vision): 4095 and 0 in three bytes, twice. */
static void
test_mono12_packed (void)
{
  const guint8 bytes[] = { 0xff, 0x0f, 0x00, 0xff, 0x0f, 0x00 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilHistogram) h = NULL;

  h = vigil_histogram_compute (VIGIL_PIXEL_FORMAT_MONO12_PACKED, 2, 2, 0, bytes, sizeof bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (h->channels[0].high_clipped, ==, 2);
  g_assert_cmpuint (h->channels[0].low_clipped, ==, 2);
  g_assert_cmpfloat_with_epsilon (h->channels[0].mean, 4095 / 2.0, 1e-9);
}

/* Bayer: each colour from its own sites (red in the top left for RG, in
 * the bottom right for BG); green has two sites a cell. */
static void
test_bayer (void)
{
  const struct { guint32 format; guint red_site; } cases[] = {
    { VIGIL_PIXEL_FORMAT_BAYER_RG8, 0 },
    { VIGIL_PIXEL_FORMAT_BAYER_BG8, 3 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      guint8 pixels[4 * 6];
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilHistogram) h = NULL;

      for (guint y = 0; y < 6; y++)
        for (guint x = 0; x < 4; x++)
          {
            guint site = (y & 1) * 2 + (x & 1);

            pixels[y * 4 + x] = site == cases[k].red_site ? 255 : site == 3 - cases[k].red_site ? 0 : 80;
          }
      h = vigil_histogram_compute (cases[k].format, 4, 6, 0, pixels, sizeof pixels, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (h->n_channels, ==, 3);
      g_assert_cmpint (h->channels[0].colour, ==, VIGIL_HISTOGRAM_RED);
      g_assert_cmpuint (h->channels[0].count, ==, 6);
      g_assert_cmpuint (h->channels[0].high_clipped, ==, 6);
      g_assert_cmpfloat (vigil_histogram_high_share (h, 0), ==, 1.0);
      g_assert_cmpint (h->channels[1].colour, ==, VIGIL_HISTOGRAM_GREEN);
      g_assert_cmpuint (h->channels[1].count, ==, 12);
      g_assert_cmpuint (h->channels[1].bins[80], ==, 12);
      g_assert_cmpuint (h->channels[1].low_clipped + h->channels[1].high_clipped, ==, 0);
      g_assert_cmpint (h->channels[2].colour, ==, VIGIL_HISTOGRAM_BLUE);
      g_assert_cmpuint (h->channels[2].count, ==, 6);
      g_assert_cmpuint (h->channels[2].low_clipped, ==, 6);
      g_assert_cmpfloat (vigil_histogram_low_share (h, 2), ==, 1.0);
    }
}

/* RGB8 and BGR8: the same colours from their own bytes. */
static void
test_rgb (void)
{
  const guint8 rgb[] = { 255, 10, 0, 255, 20, 0 };
  const guint8 bgr[] = { 0, 10, 255, 0, 20, 255 };
  const guint32 formats[] = { VIGIL_PIXEL_FORMAT_RGB8, VIGIL_PIXEL_FORMAT_BGR8 };

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilHistogram) h = vigil_histogram_compute (formats[k], 2, 1, 0, k == 0 ? rgb : bgr, 6, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (h->n_channels, ==, 3);
      g_assert_cmpuint (h->channels[0].high_clipped, ==, 2);
      g_assert_cmpfloat_with_epsilon (h->channels[1].mean, 15.0, 1e-9);
      g_assert_cmpuint (h->channels[1].min, ==, 10);
      g_assert_cmpuint (h->channels[1].max, ==, 20);
      g_assert_cmpuint (h->channels[2].low_clipped, ==, 2);
    }
}

/* YUV 4:2:2: the luma samples only. */
static void
test_yuv (void)
{
  const guint8 yuyv[] = { 16, 128, 235, 128 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilHistogram) h = vigil_histogram_compute (VIGIL_PIXEL_FORMAT_YUV422_8, 2, 1, 0, yuyv, 4, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (h->n_channels, ==, 1);
  g_assert_cmpint (h->channels[0].colour, ==, VIGIL_HISTOGRAM_LUMA);
  g_assert_cmpuint (h->channels[0].min, ==, 16);
  g_assert_cmpuint (h->channels[0].max, ==, 235);
}

/* Refused in words, before a byte is read. */
static void
test_bad_input (void)
{
  guint8 pixels[15] = { 0 };
  g_autoptr(GError) error = NULL;
  VigilHistogram *h;

  h = vigil_histogram_compute (VIGIL_PIXEL_FORMAT_MONO8, 4, 4, 0, pixels, sizeof pixels, &error);
  g_assert_null (h);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER);
  g_clear_error (&error);
  h = vigil_histogram_compute (0x12345678, 4, 4, 0, pixels, sizeof pixels, &error);
  g_assert_null (h);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_UNSUPPORTED_PIXEL_FORMAT);
}

/* The tap: nothing while disabled, at most every 250 ms, the newest once. */
static void
test_tap (void)
{
  g_autoptr(VigilHistogramTap) tap = vigil_histogram_tap_new ();
  g_autoptr(VigilHistogram) h = NULL;
  g_autoptr(GError) error = NULL;
  guint8 pixels[4] = { 0, 1, 2, 255 };
  gint64 t = 1000 * G_USEC_PER_SEC;

  g_assert_false (vigil_histogram_tap_due (tap, t));
  vigil_histogram_tap_set_enabled (tap, TRUE);
  g_assert_true (vigil_histogram_tap_due (tap, t));
  g_assert_false (vigil_histogram_tap_due (tap, t + 100 * 1000));
  g_assert_false (vigil_histogram_tap_due (tap, t + 249 * 1000));
  g_assert_true (vigil_histogram_tap_due (tap, t + 250 * 1000));

  g_assert_null (vigil_histogram_tap_take (tap, &error));
  g_assert_no_error (error);
  vigil_histogram_tap_compute (tap, VIGIL_PIXEL_FORMAT_MONO8, 2, 2, pixels, 4, 42);
  h = vigil_histogram_tap_take (tap, &error);
  g_assert_no_error (error);
  g_assert_nonnull (h);
  g_assert_cmpuint (h->frame_id, ==, 42);
  g_assert_cmpuint (h->channels[0].high_clipped, ==, 1);
  g_assert_null (vigil_histogram_tap_take (tap, &error));
  g_assert_no_error (error);

  vigil_histogram_tap_compute (tap, VIGIL_PIXEL_FORMAT_MONO8, 4, 4, pixels, 4, 43);
  g_assert_null (vigil_histogram_tap_take (tap, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_BAD_BUFFER);
  g_assert_cmpuint (vigil_histogram_tap_get_computed (tap), ==, 2);

  vigil_histogram_tap_set_enabled (tap, FALSE);
  g_assert_false (vigil_histogram_tap_due (tap, t + 10 * G_USEC_PER_SEC));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/histogram/mono8", test_mono8);
  g_test_add_func ("/vigil/histogram/mono12", test_mono12);
  g_test_add_func ("/vigil/histogram/mono12-packed", test_mono12_packed);
  g_test_add_func ("/vigil/histogram/bayer", test_bayer);
  g_test_add_func ("/vigil/histogram/rgb", test_rgb);
  g_test_add_func ("/vigil/histogram/yuv", test_yuv);
  g_test_add_func ("/vigil/histogram/bad-input", test_bad_input);
  g_test_add_func ("/vigil/histogram/tap", test_tap);

  return g_test_run ();
}
