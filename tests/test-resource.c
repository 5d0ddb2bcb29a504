/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-events.h"
#include "vigil-ledger.h"
#include "vigil-resource.h"

typedef struct
{
  char      *name;
  GPtrArray *released;                  /* names, in release order */
} Fake;

static void
fake_release (gpointer data)
{
  Fake *fake = data;

  g_ptr_array_add (fake->released, g_steal_pointer (&fake->name));
  g_free (fake);
}

static VigilResource *
make (VigilLedger       *ledger,
      guint64            session,
      VigilResourceKind  kind,
      const char        *name,
      GPtrArray         *released)
{
  Fake *fake = g_new0 (Fake, 1);

  fake->name = g_strdup (name);
  fake->released = released;
  return vigil_resource_new (ledger, session, kind, name, "test", -1, fake_release, fake);
}

/* Three phases, three resources; fails before making resource @fail_at
 * (3 = after all were made, 4 = success). */
static gboolean
open_three (VigilLedger    *ledger,
            guint64         session,
            GPtrArray      *released,
            guint           fail_at,
            VigilResource **out)
{
  g_autoptr(VigilResource) device = NULL;
  g_autoptr(VigilResource) stream = NULL;
  g_autoptr(VigilResource) handler = NULL;

  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_DEVICE_OPENED);
  if (fail_at == 0)
    return FALSE;
  device = make (ledger, session, VIGIL_RESOURCE_DEVICE, "device", released);

  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_STREAM_CREATED);
  if (fail_at == 1)
    return FALSE;
  stream = make (ledger, session, VIGIL_RESOURCE_STREAM, "stream", released);

  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CALLBACK_REGISTERED);
  if (fail_at == 2)
    return FALSE;
  handler = make (ledger, session, VIGIL_RESOURCE_SIGNAL_HANDLER, "handler", released);

  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_BUFFERS_QUEUED);
  if (fail_at == 3)
    return FALSE;

  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_OPEN_DONE);
  out[0] = g_steal_pointer (&device);
  out[1] = g_steal_pointer (&stream);
  out[2] = g_steal_pointer (&handler);
  return TRUE;
}

static const VigilPhase failure_phase[] = {
  VIGIL_PHASE_DEVICE_OPENED,
  VIGIL_PHASE_STREAM_CREATED,
  VIGIL_PHASE_CALLBACK_REGISTERED,
  VIGIL_PHASE_BUFFERS_QUEUED,
};

static const char * const names[] = { "device", "stream", "handler" };

static void
test_resource_early_return (void)
{
  for (guint fail_at = 0; fail_at < 4; fail_at++)
    {
      g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
      g_autoptr(VigilEvents) events = vigil_events_new ();
      g_autoptr(GPtrArray) released = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GPtrArray) closes = g_ptr_array_new ();
      VigilResource *out[3] = { NULL, NULL, NULL };
      guint64 session;
      gboolean ok;

      vigil_events_set_journal (events, FALSE);
      vigil_events_attach_ledger (events, ledger);
      session = vigil_ledger_begin_session (ledger, "cam");
      ok = open_three (ledger, session, released, fail_at, out);
      g_assert_false (ok);
      g_assert_null (out[0]);

      /* Exactly the ones made so far, in reverse order. */
      g_assert_cmpuint (released->len, ==, MIN (fail_at, 3));
      for (guint i = 0; i < released->len; i++)
        g_assert_cmpstr (g_ptr_array_index (released, i), ==, names[released->len - 1 - i]);
      g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 0);

      list = vigil_events_list (events);
      for (guint i = 0; i < list->len; i++)
        {
          VigilEvent *event = g_ptr_array_index (list, i);

          g_assert_cmpint (event->event, ==, VIGIL_EVENT_CAMERA_RESOURCE);
          if (g_strcmp0 (event->action, "Close") == 0 ||
              g_strcmp0 (event->action, "Unregister") == 0)
            g_ptr_array_add (closes, event);
        }
      g_assert_cmpuint (list->len, ==, 2 * released->len);
      g_assert_cmpuint (closes->len, ==, released->len);
      for (guint i = 0; i < closes->len; i++)
        {
          VigilEvent *event = g_ptr_array_index (closes, i);

          g_assert_cmpstr (event->name, ==, names[closes->len - 1 - i]);
          g_assert_cmpint (event->phase, ==, failure_phase[fail_at]);
          g_assert_cmpuint (event->session, ==, session);
          g_assert_cmpstr (event->camera, ==, "cam");
        }

      vigil_ledger_end_session (ledger, session);
      g_clear_pointer (&list, g_ptr_array_unref);
      list = vigil_ledger_list_unpaired (ledger);
      g_assert_cmpuint (list->len, ==, 0);

      g_assert_finalize_object (g_steal_pointer (&events));
      g_assert_finalize_object (g_steal_pointer (&ledger));
    }
}

static void
test_resource_success (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GPtrArray) released = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) resources = NULL;
  VigilResource *out[3] = { NULL, NULL, NULL };
  guint64 session = vigil_ledger_begin_session (ledger, "cam");
  gboolean ok = open_three (ledger, session, released, 4, out);

  g_assert_true (ok);
  g_assert_cmpuint (released->len, ==, 0);
  g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 3);
  g_assert_cmpstr (((Fake *) vigil_resource_get_data (out[1]))->name, ==, "stream");
  g_assert_cmpuint (vigil_resource_get_session (out[1]), ==, session);

  /* The normal close path: reverse order, in CloseStart. */
  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CLOSE_START);
  for (guint i = 3; i-- > 0;)
    vigil_resource_close (g_steal_pointer (&out[i]));
  vigil_ledger_set_phase (ledger, session, VIGIL_PHASE_CLOSE_DONE);
  vigil_ledger_end_session (ledger, session);

  g_assert_cmpuint (released->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (released, 0), ==, "handler");
  resources = vigil_ledger_list_resources (ledger, session);
  g_assert_cmpuint (resources->len, ==, 3);
  for (guint i = 0; i < resources->len; i++)
    {
      VigilResourceInfo *info = g_ptr_array_index (resources, i);

      g_assert_true (info->closed);
      g_assert_cmpint (info->close_phase, ==, VIGIL_PHASE_CLOSE_START);
      g_assert_cmpint (info->closed_us, >=, info->created_us);
      g_assert_cmpstr (info->name, ==, names[i]);
    }
  g_assert_cmpint (((VigilResourceInfo *) g_ptr_array_index (resources, 0))->create_action, ==, VIGIL_ACTION_OPEN);
  g_assert_cmpint (((VigilResourceInfo *) g_ptr_array_index (resources, 2))->close_action, ==, VIGIL_ACTION_UNREGISTER);
  g_assert_cmpint (((VigilResourceInfo *) g_ptr_array_index (resources, 1))->create_phase, ==, VIGIL_PHASE_STREAM_CREATED);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

static void
test_resource_os_handle (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  guint64 session = vigil_ledger_begin_session (ledger, NULL);
  g_autoptr(VigilResource) resource =
    vigil_resource_new_full (ledger, session, VIGIL_RESOURCE_EVENT, "wake", NULL,
                             VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, -1, NULL, NULL, NULL);
  g_autoptr(GPtrArray) open = NULL;
  VigilResourceInfo *info;

  vigil_resource_set_os_handle (resource, 12, "anon_inode:[eventfd]");
  open = vigil_ledger_list_open (ledger);
  g_assert_cmpuint (open->len, ==, 1);
  info = g_ptr_array_index (open, 0);
  g_assert_cmpint (info->os_handle, ==, 12);
  g_assert_cmpstr (info->os_target, ==, "anon_inode:[eventfd]");
  g_assert_cmpint (info->create_phase, ==, VIGIL_PHASE_OPEN_START);
  g_assert_null (info->camera);

  g_clear_pointer (&resource, vigil_resource_close);
  g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&ledger));
}

static void
test_resource_names (void)
{
  VigilResourceKind kind = VIGIL_RESOURCE_DEVICE;
  VigilAction create, close;

  for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
    {
      gboolean found = vigil_resource_kind_from_string (vigil_resource_kind_to_string (k), &kind);

      g_assert_true (found);
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_cmpstr (vigil_resource_kind_to_string (VIGIL_RESOURCE_SIGNAL_HANDLER), ==, "SignalHandler");
  g_assert_false (vigil_resource_kind_from_string ("signalhandler", &kind));
  vigil_resource_kind_default_actions (VIGIL_RESOURCE_BUFFERS, &create, &close);
  g_assert_cmpstr (vigil_action_to_string (create), ==, "Create");
  g_assert_cmpstr (vigil_action_to_string (close), ==, "Dispose");
}

static void
test_phase_names (void)
{
  VigilPhase phase = VIGIL_PHASE_NONE;

  g_assert_null (vigil_phase_to_string (VIGIL_PHASE_NONE));
  for (guint p = 1; p < VIGIL_N_PHASES; p++)
    {
      gboolean found = vigil_phase_from_string (vigil_phase_to_string (p), &phase);

      g_assert_true (found);
      g_assert_cmpint (phase, ==, p);
    }
  g_assert_cmpstr (vigil_phase_to_string (VIGIL_PHASE_CALLBACK_REGISTERED), ==, "CallbackRegistered");
  g_assert_false (vigil_phase_from_string ("openstart", &phase));
  g_assert_false (vigil_phase_from_string (NULL, &phase));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/resource/early-return", test_resource_early_return);
  g_test_add_func ("/vigil/resource/success", test_resource_success);
  g_test_add_func ("/vigil/resource/os-handle", test_resource_os_handle);
  g_test_add_func ("/vigil/resource/names", test_resource_names);
  g_test_add_func ("/vigil/resource/phase-names", test_phase_names);

  return g_test_run ();
}
