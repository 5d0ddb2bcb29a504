/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-error.h"
#include "vigil-feature-log.h"

static void
collect (const char *feature,
         GVariant   *value,
         gpointer    user_data)
{
  GString *out = user_data;
  g_autofree char *text = g_variant_print (value, FALSE);

  g_string_append_printf (out, "%s=%s;", feature, text);
}

static char *
dump (VigilFeatureLog *log)
{
  GString *out = g_string_new (NULL);

  vigil_feature_log_foreach (log, collect, out);
  return g_string_free (out, FALSE);
}

static void
test_order (void)
{
  g_autoptr(VigilFeatureLog) log = vigil_feature_log_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_assert_cmpuint (vigil_feature_log_count (log), ==, 0);
  vigil_feature_log_set (log, "TriggerMode", g_variant_new_string ("On"));
  vigil_feature_log_set (log, "TriggerSource", g_variant_new_string ("Software"));
  vigil_feature_log_set (log, "AcquisitionFrameRate", g_variant_new_double (10));
  first = dump (log);
  g_assert_cmpstr (first, ==, "TriggerMode='On';TriggerSource='Software';AcquisitionFrameRate=10.0;");

  /* Written again: the new value, moved to the end. */
  vigil_feature_log_set (log, "TriggerMode", g_variant_new_string ("Off"));
  second = dump (log);
  g_assert_cmpstr (second, ==, "TriggerSource='Software';AcquisitionFrameRate=10.0;TriggerMode='Off';");
  g_assert_cmpuint (vigil_feature_log_count (log), ==, 3);

  vigil_feature_log_forget (log, "TriggerSource");
  vigil_feature_log_forget (log, "Nothing");
  third = dump (log);
  g_assert_cmpstr (third, ==, "AcquisitionFrameRate=10.0;TriggerMode='Off';");
}

static void
test_bounded (void)
{
  g_autoptr(VigilFeatureLog) log = vigil_feature_log_new ();

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Feature%u", i);

      vigil_feature_log_set (log, name, g_variant_new_int32 ((gint32) i));
    }
  g_assert_cmpuint (vigil_feature_log_count (log), ==, 64);
}

static void
test_parse (void)
{
  const char *bad[] = { NULL, "", "=On", "TriggerMode", "TriggerMode=", "Width=12x", "Width=99999999999",
                        "GainAuto=yes", "Gain=nan", "Nope=1", "TriggerSource=\xff" };
  g_autofree char *feature = NULL;
  g_autoptr(GVariant) value = NULL;

  g_assert_true (vigil_feature_parse_assignment ("TriggerMode=On", &feature, &value, NULL));
  g_assert_cmpstr (feature, ==, "TriggerMode");
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "On");
  g_clear_pointer (&feature, g_free);
  g_clear_pointer (&value, g_variant_unref);
  g_assert_true (vigil_feature_parse_assignment ("Width=640", &feature, &value, NULL));
  g_assert_cmpint (g_variant_get_int32 (value), ==, 640);
  g_clear_pointer (&feature, g_free);
  g_clear_pointer (&value, g_variant_unref);
  g_assert_true (vigil_feature_parse_assignment ("AcquisitionFrameRate=0.2", &feature, &value, NULL));
  g_assert_cmpfloat (g_variant_get_double (value), ==, 0.2);
  g_clear_pointer (&feature, g_free);
  g_clear_pointer (&value, g_variant_unref);
  g_assert_true (vigil_feature_parse_assignment ("GainAuto=true", &feature, &value, NULL));
  g_assert_true (g_variant_get_boolean (value));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *f = NULL;
      g_autoptr(GVariant) v = NULL;

      g_assert_false (vigil_feature_parse_assignment (bad[i], &f, &v, &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
      g_assert_null (f);
      g_assert_null (v);
    }
}

/* Any GenICam name takes its value in words; the known ones keep their
 * types and checks. */
static void
test_parse_any (void)
{
  const char *bad[] = { NULL, "", "=1", "1Bad=2", "Bad-Name=1", "Width=12x", "GainAuto=yes", "Name=\xff" };
  g_autofree char *feature = NULL;
  g_autoptr(GVariant) value = NULL;

  g_assert_true (vigil_feature_parse_any_assignment ("BinningHorizontal=2", &feature, &value, NULL));
  g_assert_cmpstr (feature, ==, "BinningHorizontal");
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "2");
  g_clear_pointer (&feature, g_free);
  g_clear_pointer (&value, g_variant_unref);
  g_assert_true (vigil_feature_parse_any_assignment ("UserSetLoad=", &feature, &value, NULL));
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "");
  g_clear_pointer (&feature, g_free);
  g_clear_pointer (&value, g_variant_unref);
  g_assert_true (vigil_feature_parse_any_assignment ("Width=640", &feature, &value, NULL));
  g_assert_cmpint (g_variant_get_int32 (value), ==, 640);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *f = NULL;
      g_autoptr(GVariant) v = NULL;

      g_assert_false (vigil_feature_parse_any_assignment (bad[i], &f, &v, &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
      g_assert_null (f);
      g_assert_null (v);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/feature-log/order", test_order);
  g_test_add_func ("/vigil/feature-log/bounded", test_bounded);
  g_test_add_func ("/vigil/feature-log/parse", test_parse);
  g_test_add_func ("/vigil/feature-log/parse-any", test_parse_any);
  return g_test_run ();
}
