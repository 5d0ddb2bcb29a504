/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "vigil-acquisition-mode.h"

static void
test_classify (void)
{
  g_autoptr(VigilAcquisitionMode) free_running = vigil_acquisition_mode_new_from_strings ("Off", "Line0", "Continuous", 0, 25);
  g_autoptr(VigilAcquisitionMode) triggered = vigil_acquisition_mode_new_from_strings ("On", "Software", "Continuous", 0, 25);
  g_autoptr(VigilAcquisitionMode) line = vigil_acquisition_mode_new_from_strings ("On", "Line1", "Continuous", 0, 25);
  g_autoptr(VigilAcquisitionMode) single = vigil_acquisition_mode_new_from_strings ("Off", NULL, "SingleFrame", 0, 25);
  g_autoptr(VigilAcquisitionMode) multi = vigil_acquisition_mode_new_from_strings ("Off", NULL, "MultiFrame", 7, 25);
  g_autoptr(VigilAcquisitionMode) multi_unknown = vigil_acquisition_mode_new_from_strings ("Off", NULL, "MultiFrame", -1, 25);
  g_autoptr(VigilAcquisitionMode) no_trigger = vigil_acquisition_mode_new_from_strings (NULL, NULL, NULL, 0, 30);
  g_autoptr(VigilAcquisitionMode) no_rate = vigil_acquisition_mode_new_from_strings ("Off", NULL, "Continuous", 0, 0);
  g_autoptr(VigilAcquisitionMode) odd = vigil_acquisition_mode_new_from_strings ("Maybe", "Line0", "Burst", 0, NAN);

  g_assert_true (vigil_acquisition_mode_is_free_running (free_running));
  g_assert_true (free_running->has_trigger);
  g_assert_false (free_running->triggered);
  g_assert_null (free_running->trigger_source);   /* only kept when triggered */
  g_assert_cmpuint (free_running->frame_limit, ==, 0);

  g_assert_false (vigil_acquisition_mode_is_free_running (triggered));
  g_assert_true (triggered->triggered);
  g_assert_cmpstr (triggered->trigger_source, ==, "Software");
  g_assert_false (vigil_acquisition_mode_is_software (triggered)); /* no TriggerSoftware command known */
  triggered->has_software_trigger = TRUE;
  g_assert_true (vigil_acquisition_mode_is_software (triggered));
  line->has_software_trigger = TRUE;
  g_assert_false (vigil_acquisition_mode_is_software (line));

  g_assert_cmpuint (single->frame_limit, ==, 1);
  g_assert_false (vigil_acquisition_mode_is_free_running (single));
  g_assert_cmpuint (multi->frame_limit, ==, 7);
  g_assert_cmpuint (multi_unknown->frame_limit, ==, 1);

  g_assert_false (no_trigger->has_trigger);
  g_assert_true (vigil_acquisition_mode_is_free_running (no_trigger));
  g_assert_false (vigil_acquisition_mode_is_free_running (no_rate));
  g_assert_cmpfloat (no_rate->frame_rate, ==, 0.0);

  /* Unknown words count as the harmless case. */
  g_assert_false (odd->triggered);
  g_assert_cmpuint (odd->frame_limit, ==, 0);
  g_assert_cmpfloat (odd->frame_rate, ==, 0.0);
  g_assert_cmpstr (odd->acquisition_mode, ==, "Burst");
}

static void
test_sanitize (void)
{
  g_autofree char *long_name = g_strnfill (500, 'x');
  g_autofree char *cut = vigil_acquisition_mode_sanitize (long_name);
  /* "Liné" with an invalid byte and a control character. */
  g_autofree char *bad = vigil_acquisition_mode_sanitize ("Lin\xc3\xa9\xff\x01X");
  g_autofree char *wide = NULL;
  g_autofree char *wide_cut = NULL;
  GString *builder = g_string_new (NULL);

  g_assert_cmpuint (strlen (cut), ==, VIGIL_ACQUISITION_MODE_MAX_NAME);
  g_assert_true (g_utf8_validate (bad, -1, NULL));
  g_assert_null (strchr (bad, '\x01'));
  g_assert_true (g_str_has_prefix (bad, "Lin\xc3\xa9"));
  g_assert_true (g_str_has_suffix (bad, "X"));
  g_assert_null (vigil_acquisition_mode_sanitize (NULL));
  g_assert_null (vigil_acquisition_mode_sanitize (""));
  g_assert_null (vigil_acquisition_mode_sanitize ("\x01\x02"));

  /* Cut at a character boundary: 3-byte characters into 64 bytes. */
  for (guint i = 0; i < 40; i++)
    g_string_append (builder, "\xe3\x83\x88");
  wide = g_string_free (builder, FALSE);
  wide_cut = vigil_acquisition_mode_sanitize (wide);
  g_assert_true (g_utf8_validate (wide_cut, -1, NULL));
  g_assert_cmpuint (strlen (wide_cut), ==, 63);
}

static void
test_describe_copy (void)
{
  g_autoptr(VigilAcquisitionMode) triggered = vigil_acquisition_mode_new_from_strings ("On", "Line0", "SingleFrame", 0, 25);
  g_autoptr(VigilAcquisitionMode) copy = NULL;
  g_autoptr(VigilAcquisitionMode) free_running = vigil_acquisition_mode_new_from_strings ("Off", NULL, "Continuous", 0, 12.5);
  g_autofree char *text = NULL;
  g_autofree char *free_text = NULL;

  triggered->trigger_selector = g_strdup ("FrameStart");
  copy = vigil_acquisition_mode_copy (triggered);
  g_assert_cmpstr (copy->trigger_source, ==, "Line0");
  g_assert_cmpstr (copy->trigger_selector, ==, "FrameStart");
  g_assert_true (copy->trigger_source != triggered->trigger_source);
  g_assert_cmpuint (copy->frame_limit, ==, 1);

  text = vigil_acquisition_mode_describe (copy);
  g_assert_nonnull (strstr (text, "Line0"));
  free_text = vigil_acquisition_mode_describe (free_running);
  g_assert_nonnull (strstr (free_text, "12.5"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/acquisition-mode/classify", test_classify);
  g_test_add_func ("/vigil/acquisition-mode/sanitize", test_sanitize);
  g_test_add_func ("/vigil/acquisition-mode/describe-copy", test_describe_copy);

  return g_test_run ();
}
