/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vigil-feature-settings.h"

/* Parsing settings files, however hostile: each line is an assignment or
 * a problem in words, in the file's order. */

static VigilFeatureSetting *
at (GPtrArray *settings,
    guint      i)
{
  return settings->pdata[i];
}

static void
test_parse (void)
{
  static const char text[] = "# header\r\n\r\nGain=1.5\r\n  TriggerMode = On\nnothing here\n"
                             "9Bad=1\nName=with\0nul\nEmpty=\n\xff\xfe=1\nLast=0x10";
  g_autoptr(GPtrArray) settings = vigil_feature_settings_parse (text, sizeof text - 1);

  g_assert_cmpuint (settings->len, ==, 8);
  g_assert_cmpstr (at (settings, 0)->name, ==, "Gain");
  g_assert_cmpstr (at (settings, 0)->value, ==, "1.5");
  g_assert_cmpuint (at (settings, 0)->line, ==, 3);
  g_assert_cmpstr (at (settings, 1)->name, ==, "TriggerMode");
  g_assert_cmpstr (at (settings, 1)->value, ==, "On");
  g_assert_nonnull (strstr (at (settings, 2)->problem, "Line 5 is not Name=Value"));
  g_assert_nonnull (strstr (at (settings, 3)->problem, "Line 6 does not start with a feature name"));
  g_assert_nonnull (strstr (at (settings, 4)->problem, "Line 7 is not UTF-8"));
  g_assert_cmpstr (at (settings, 5)->name, ==, "Empty");
  g_assert_cmpstr (at (settings, 5)->value, ==, "");
  g_assert_nonnull (strstr (at (settings, 6)->problem, "Line 9 is not UTF-8"));
  g_assert_cmpstr (at (settings, 7)->name, ==, "Last");
  g_assert_cmpstr (at (settings, 7)->value, ==, "0x10");
  for (guint i = 0; i < settings->len; i++)
    g_assert_true ((at (settings, i)->name == NULL) == (at (settings, i)->problem != NULL));
}

/* A 10 MB line is refused by its length, the lines around it are kept. */
static void
test_long_line (void)
{
  gsize n = 10 * 1024 * 1024;
  g_autofree char *text = g_malloc (n + 32);
  g_autoptr(GPtrArray) settings = NULL;
  gsize used;

  strcpy (text, "A=1\nB=");
  used = strlen (text);
  memset (text + used, 'x', n);
  used += n;
  memcpy (text + used, "\nC=3\n", 5);
  used += 5;
  settings = vigil_feature_settings_parse (text, used);
  g_assert_cmpuint (settings->len, ==, 3);
  g_assert_cmpstr (at (settings, 0)->name, ==, "A");
  g_assert_nonnull (strstr (at (settings, 1)->problem, "bytes long"));
  g_assert_cmpstr (at (settings, 2)->name, ==, "C");
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) settings = vigil_feature_settings_parse (NULL, 0);

  g_assert_cmpuint (settings->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/feature-settings/parse", test_parse);
  g_test_add_func ("/vigil/feature-settings/long-line", test_long_line);
  g_test_add_func ("/vigil/feature-settings/empty", test_empty);
  return g_test_run ();
}
