/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vigil-replay-refusals.h"

/* The settings the camera refused when they were written again at an
 * open, gathered per session and said once (issue 18). */

static VigilEvent *
replay_event (VigilEventType  type,
              guint64         session,
              const char     *operation,
              const char     *message)
{
  VigilEvent *event = vigil_event_new (type);

  event->session = session;
  vigil_event_set_strings (event, "Fake", operation);
  if (message != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);

      vigil_event_set_error (event, error);
    }
  return event;
}

static gboolean
add (VigilReplayRefusals *refusals,
     VigilEventType       type,
     guint64              session,
     const char          *operation,
     const char          *message)
{
  g_autoptr(VigilEvent) event = replay_event (type, session, operation, message);

  return vigil_replay_refusals_add (refusals, event);
}

static void
test_once_per_session (void)
{
  g_autoptr(VigilReplayRefusals) refusals = vigil_replay_refusals_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_null (vigil_replay_refusals_take_message (refusals));
  /* Taken replays and other errors are not refusals. */
  g_assert_false (add (refusals, VIGIL_EVENT_CAMERA_SESSION, 1, "replay Gain=7", NULL));
  g_assert_false (add (refusals, VIGIL_EVENT_ERROR, 1, "open", "No answer"));
  g_assert_null (vigil_replay_refusals_take_message (refusals));

  g_assert_true (add (refusals, VIGIL_EVENT_ERROR, 1, "replay GainRaw=700", "Value out of range"));
  g_assert_true (add (refusals, VIGIL_EVENT_ERROR, 1, "replay Nope=1", "Feature not found"));
  first = vigil_replay_refusals_take_message (refusals);
  g_assert_nonnull (first);
  g_test_message ("%s", first);
  g_assert_nonnull (strstr (first, "2 settings"));
  g_assert_nonnull (strstr (first, "GainRaw=700 (Value out of range); Nope=1 (Feature not found)"));
  /* Said once. */
  g_assert_null (vigil_replay_refusals_take_message (refusals));

  /* The next session starts its own list. */
  g_assert_true (add (refusals, VIGIL_EVENT_ERROR, 2, "replay Nope=1", "Feature not found"));
  second = vigil_replay_refusals_take_message (refusals);
  g_assert_nonnull (strstr (second, "1 setting "));
  g_assert_null (strstr (second, "GainRaw"));
}

static void
test_bounded_list (void)
{
  g_autoptr(VigilReplayRefusals) refusals = vigil_replay_refusals_new ();
  g_autofree char *message = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *operation = g_strdup_printf ("replay F%u=%u", i, i);

      g_assert_true (add (refusals, VIGIL_EVENT_ERROR, 3, operation, "refused"));
    }
  message = vigil_replay_refusals_take_message (refusals);
  g_assert_nonnull (strstr (message, "40 settings"));
  g_assert_nonnull (strstr (message, "F4=4"));
  g_assert_null (strstr (message, "F5=5"));
  g_assert_nonnull (strstr (message, "and 35 more"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/replay-refusals/once-per-session", test_once_per_session);
  g_test_add_func ("/vigil/replay-refusals/bounded-list", test_bounded_list);
  return g_test_run ();
}
