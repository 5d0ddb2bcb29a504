/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-error.h"
#include "vigil-faults.h"

static guint
fire_n (VigilFaults *faults,
        const char  *point,
        guint        n)
{
  guint fired = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      if (vigil_faults_fire (faults, point, &error))
        {
          g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAULT_INJECTED);
          g_assert_nonnull (strstr (error->message, point));
          fired++;
        }
      else
        g_assert_no_error (error);
    }
  return fired;
}

static void
test_modes (void)
{
  g_autoptr(VigilFaults) faults = vigil_faults_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (fire_n (faults, "open.device", 10), ==, 0);

  g_assert_true (vigil_faults_arm (faults, "open.device", "once", &error));
  g_assert_cmpuint (fire_n (faults, "open.device", 10), ==, 1);

  g_assert_true (vigil_faults_arm (faults, "stream.create", "persistent", &error));
  g_assert_cmpuint (fire_n (faults, "stream.create", 10), ==, 10);

  g_assert_true (vigil_faults_arm (faults, "buffers.alloc", "every:3", &error));
  g_assert_cmpuint (fire_n (faults, "buffers.alloc", 10), ==, 3);

  g_assert_true (vigil_faults_arm (faults, "buffers.alloc", "off", &error));
  g_assert_cmpuint (fire_n (faults, "buffers.alloc", 10), ==, 0);

  g_assert_true (vigil_faults_arm (faults, "frame.timeout", "probability:0", &error));
  g_assert_cmpuint (fire_n (faults, "frame.timeout", 100), ==, 0);
  g_assert_true (vigil_faults_arm (faults, "frame.timeout", "probability:1", &error));
  g_assert_cmpuint (fire_n (faults, "frame.timeout", 100), ==, 100);
  g_assert_no_error (error);

  g_assert_cmpuint (vigil_faults_get_fired (faults, "stream.create"), ==, 10);
  g_assert_finalize_object (g_steal_pointer (&faults));
}

/* Arming again resets the count of the arming, not the total. */
static void
test_total_fired (void)
{
  g_autoptr(VigilFaults) faults = vigil_faults_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (vigil_faults_arm (faults, "open.device", "once", &error));
      g_assert_no_error (error);
      g_assert_cmpuint (fire_n (faults, "open.device", 3), ==, 1);
      g_assert_cmpuint (vigil_faults_get_fired (faults, "open.device"), ==, 1);
    }
  g_assert_cmpuint (vigil_faults_get_total_fired (faults, "open.device"), ==, 5);
  vigil_faults_disarm_all (faults);
  g_assert_cmpuint (vigil_faults_get_fired (faults, "open.device"), ==, 0);
  g_assert_cmpuint (vigil_faults_get_total_fired (faults, "open.device"), ==, 5);
  g_assert_finalize_object (g_steal_pointer (&faults));
}

static void
test_bad_input (void)
{
  g_autoptr(VigilFaults) faults = vigil_faults_new ();
  const char *bad_modes[] = { "", "twice", "every:0", "every:x", "every", "probability:2",
                              "probability:-0.1", "p:", "once:1" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_modes); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (vigil_faults_arm (faults, "open.device", bad_modes[i], &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_faults_arm (faults, "no.such-point", "once", &error));
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "open.device"));
  }

  /* A list with one bad item arms nothing. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (vigil_faults_parse (faults, "open.device=persistent,stream.create=sometimes", &error));
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (fire_n (faults, "open.device", 3), ==, 0);
  }
  g_assert_finalize_object (g_steal_pointer (&faults));
}

static void
test_parse (void)
{
  g_autoptr(VigilFaults) faults = vigil_faults_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = NULL;

  g_assert_true (vigil_faults_parse (faults, " open.device=once , callback.register=persistent,seed=42", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_faults_get_seed (faults), ==, 42);

  list = vigil_faults_list (faults);
  g_assert_cmpuint (list->len, ==, g_strv_length ((char **) vigil_faults_list_points ()));
  for (guint i = 0; i < list->len; i++)
    {
      VigilFaultState *state = &g_array_index (list, VigilFaultState, i);
      g_autofree char *mode = vigil_fault_mode_to_string (state);

      if (g_str_equal (state->point, "open.device"))
        g_assert_cmpstr (mode, ==, "once");
      else if (g_str_equal (state->point, "callback.register"))
        g_assert_cmpstr (mode, ==, "persistent");
      else
        g_assert_cmpstr (mode, ==, "off");
    }
  g_assert_finalize_object (g_steal_pointer (&faults));
}

static GString *
random_sequence (guint32 seed)
{
  g_autoptr(VigilFaults) faults = vigil_faults_new ();
  GString *sequence = g_string_new (NULL);

  vigil_faults_set_seed (faults, seed);
  g_assert_true (vigil_faults_parse (faults, "open.device=probability:0.3,stream.create=probability:0.5", NULL));
  for (guint i = 0; i < 200; i++)
    {
      g_string_append_c (sequence, vigil_faults_fire (faults, "open.device", NULL) ? '1' : '0');
      g_string_append_c (sequence, vigil_faults_fire (faults, "stream.create", NULL) ? '1' : '0');
    }
  g_assert_finalize_object (g_steal_pointer (&faults));
  return sequence;
}

static void
test_seed_reproducible (void)
{
  g_autoptr(GString) a = random_sequence (7);
  g_autoptr(GString) b = random_sequence (7);
  g_autoptr(GString) c = random_sequence (8);

  g_assert_cmpstr (a->str, ==, b->str);
  g_assert_cmpstr (a->str, !=, c->str);
  /* Roughly the probabilities asked for. */
  g_assert_cmpuint (strchr (a->str, '1') != NULL, ==, TRUE);
}

static void
on_fired (VigilFaults *faults,
          const char  *point,
          guint64      fired,
          gpointer     user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "%s#%" G_GUINT64_FORMAT ";", point, fired);
}

static void
test_listener (void)
{
  g_autoptr(VigilFaults) faults = vigil_faults_new ();
  g_autoptr(GString) log = g_string_new (NULL);

  vigil_faults_set_listener (faults, on_fired, log, NULL);
  g_assert_true (vigil_faults_arm (faults, "control.lost", "every:2", NULL));
  fire_n (faults, "control.lost", 5);
  g_assert_cmpstr (log->str, ==, "control.lost#1;control.lost#2;");

  g_assert_false (vigil_faults_get_leak_demo (faults));
  vigil_faults_set_leak_demo (faults, TRUE);
  g_assert_true (vigil_faults_get_leak_demo (faults));
  g_assert_finalize_object (g_steal_pointer (&faults));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/faults/modes", test_modes);
  g_test_add_func ("/vigil/faults/total-fired", test_total_fired);
  g_test_add_func ("/vigil/faults/bad-input", test_bad_input);
  g_test_add_func ("/vigil/faults/parse", test_parse);
  g_test_add_func ("/vigil/faults/seed-reproducible", test_seed_reproducible);
  g_test_add_func ("/vigil/faults/listener", test_listener);

  return g_test_run ();
}
