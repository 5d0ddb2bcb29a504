/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-trigger-controls.h"

static VigilTriggerControls *
make (const char *mode,
      const char *source,
      gboolean    software)
{
  VigilTriggerControls *self = g_new0 (VigilTriggerControls, 1);
  const char *modes[] = { "Off", "On", NULL };
  const char *sources[] = { "Line0", "Software", NULL };

  self->features[VIGIL_TRIGGER_MODE].value = g_strdup (mode);
  self->features[VIGIL_TRIGGER_MODE].entries = g_strdupv ((GStrv) modes);
  self->features[VIGIL_TRIGGER_SOURCE].value = g_strdup (source);
  self->features[VIGIL_TRIGGER_SOURCE].entries = g_strdupv ((GStrv) sources);
  self->has_software_trigger = software;
  return self;
}

static void
test_names (void)
{
  g_assert_cmpstr (vigil_trigger_controls_feature_name (VIGIL_TRIGGER_MODE), ==, "TriggerMode");
  g_assert_cmpstr (vigil_trigger_controls_feature_name (VIGIL_TRIGGER_SOURCE), ==, "TriggerSource");
  g_assert_cmpstr (vigil_trigger_controls_feature_name (VIGIL_TRIGGER_ACTIVATION), ==, "TriggerActivation");
  g_assert_cmpstr (vigil_trigger_controls_feature_name (VIGIL_TRIGGER_SELECTOR), ==, "TriggerSelector");
  g_assert_true (vigil_trigger_controls_is_feature ("TriggerSource"));
  g_assert_false (vigil_trigger_controls_is_feature ("TriggerSoftware"));
  g_assert_false (vigil_trigger_controls_is_feature ("Width"));
  g_assert_false (vigil_trigger_controls_is_feature (NULL));
}

static void
test_can_trigger (void)
{
  g_autoptr(VigilTriggerControls) on_software = make ("On", "Software", TRUE);
  g_autoptr(VigilTriggerControls) on_line = make ("On", "Line0", TRUE);
  g_autoptr(VigilTriggerControls) off = make ("Off", "Software", TRUE);
  g_autoptr(VigilTriggerControls) no_command = make ("On", "Software", FALSE);
  g_autoptr(VigilTriggerControls) none = g_new0 (VigilTriggerControls, 1);

  g_assert_true (vigil_trigger_controls_can_trigger (on_software));
  g_assert_false (vigil_trigger_controls_can_trigger (on_line));
  g_assert_false (vigil_trigger_controls_can_trigger (off));
  g_assert_false (vigil_trigger_controls_can_trigger (no_command));
  g_assert_false (vigil_trigger_controls_can_trigger (none));
  g_assert_false (vigil_trigger_controls_can_trigger (NULL));

  /* A camera without the feature hides the control. */
  g_assert_true (vigil_trigger_controls_has (on_line, VIGIL_TRIGGER_MODE));
  g_assert_false (vigil_trigger_controls_has (on_line, VIGIL_TRIGGER_ACTIVATION));
  g_assert_false (vigil_trigger_controls_has (none, VIGIL_TRIGGER_MODE));
  g_assert_false (vigil_trigger_controls_has (NULL, VIGIL_TRIGGER_MODE));
}

static void
test_copy (void)
{
  g_autoptr(VigilTriggerControls) original = make ("On", "Software", TRUE);
  g_autoptr(VigilTriggerControls) copy = vigil_trigger_controls_copy (original);

  g_assert_cmpstr (copy->features[VIGIL_TRIGGER_SOURCE].value, ==, "Software");
  g_assert_true (copy->features[VIGIL_TRIGGER_SOURCE].value != original->features[VIGIL_TRIGGER_SOURCE].value);
  g_assert_cmpuint (g_strv_length (copy->features[VIGIL_TRIGGER_MODE].entries), ==, 2);
  g_assert_null (copy->features[VIGIL_TRIGGER_ACTIVATION].value);
  g_assert_true (copy->has_software_trigger);
}

/* A camera with a trigger source and a software trigger but no TriggerMode
 * is free-running: no trigger control at all, no Software Trigger button. */
static void
test_without_mode (void)
{
  g_autoptr(VigilTriggerControls) controls = make (NULL, "Software", TRUE);
  g_autoptr(VigilTriggerControls) with_mode = make ("Off", "Line0", TRUE);

  g_assert_true (vigil_trigger_controls_has (controls, VIGIL_TRIGGER_SOURCE));
  vigil_trigger_controls_drop_without_mode (controls);
  for (guint f = 0; f < VIGIL_TRIGGER_N_FEATURES; f++)
    {
      g_assert_false (vigil_trigger_controls_has (controls, f));
      g_assert_null (controls->features[f].entries);
    }
  g_assert_false (controls->has_software_trigger);
  g_assert_false (vigil_trigger_controls_can_trigger (controls));

  /* With a TriggerMode, nothing is dropped. */
  vigil_trigger_controls_drop_without_mode (with_mode);
  g_assert_true (vigil_trigger_controls_has (with_mode, VIGIL_TRIGGER_MODE));
  g_assert_true (vigil_trigger_controls_has (with_mode, VIGIL_TRIGGER_SOURCE));
  g_assert_true (with_mode->has_software_trigger);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/trigger-controls/names", test_names);
  g_test_add_func ("/vigil/trigger-controls/can-trigger", test_can_trigger);
  g_test_add_func ("/vigil/trigger-controls/copy", test_copy);
  g_test_add_func ("/vigil/trigger-controls/without-mode", test_without_mode);

  return g_test_run ();
}
