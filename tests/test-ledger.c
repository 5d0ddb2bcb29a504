/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "vigil-ledger.h"
#include "vigil-probe.h"
#include "vigil-resource.h"

#define N_THREADS      4
#define N_RESOURCES    10000
#define KEEP_EVERY     97             /* each 97th resource is left open */

typedef struct
{
  VigilLedger *ledger;
  guint64      sessions[2];
  guint        index;
  GPtrArray   *kept;                  /* VigilResource left open */
} Worker;

static gint creates, closes;

static void
count_records (VigilLedger             *ledger,
               const VigilResourceInfo *info,
               gpointer                 user_data)
{
  if (info->closed)
    g_atomic_int_inc (&closes);
  else
    g_atomic_int_inc (&creates);
}

static gpointer
work (gpointer data)
{
  Worker *worker = data;
  guint64 session = worker->sessions[worker->index % 2];

  for (guint i = 0; i < N_RESOURCES / N_THREADS; i++)
    {
      g_autoptr(VigilResource) resource =
        vigil_resource_new (worker->ledger, session, i % VIGIL_N_RESOURCE_KINDS,
                            "r", "worker", -1, NULL, NULL);

      if (vigil_resource_get_id (resource) == 0)
        return GINT_TO_POINTER (FALSE);
      if (i % KEEP_EVERY == 0)
        g_ptr_array_add (worker->kept, g_steal_pointer (&resource));
      /* else: closed here by the autoptr */
    }
  return GINT_TO_POINTER (TRUE);
}

static gint
compare_id (gconstpointer a,
            gconstpointer b)
{
  guint64 ia = *(const guint64 *) a, ib = *(const guint64 *) b;

  return (ia > ib) - (ia < ib);
}

static void
test_ledger_threads (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GPtrArray) kept_resources = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_resource_close);
  g_autoptr(GPtrArray) unpaired = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  Worker workers[N_THREADS];
  GThread *threads[N_THREADS];
  guint expected_created[2][VIGIL_N_RESOURCE_KINDS] = { { 0 } };
  guint expected_open[2][VIGIL_N_RESOURCE_KINDS] = { { 0 } };
  guint64 ids[2];

  vigil_ledger_set_listener (ledger, count_records, NULL, NULL);
  ids[0] = vigil_ledger_begin_session (ledger, "cam-a");
  ids[1] = vigil_ledger_begin_session (ledger, "cam-b");
  g_assert_cmpuint (ids[0], !=, ids[1]);

  for (guint t = 0; t < N_THREADS; t++)
    {
      workers[t] = (Worker) { ledger, { ids[0], ids[1] }, t, g_ptr_array_new () };
      threads[t] = g_thread_new ("ledger-test", work, &workers[t]);
    }
  for (guint t = 0; t < N_THREADS; t++)
    {
      gboolean ok = GPOINTER_TO_INT (g_thread_join (threads[t]));

      g_assert_true (ok);
      for (guint i = 0; i < workers[t].kept->len; i++)
        {
          VigilResource *resource = g_ptr_array_index (workers[t].kept, i);
          guint64 id = vigil_resource_get_id (resource);

          g_array_append_val (kept, id);
          g_ptr_array_add (kept_resources, resource);
        }
      g_ptr_array_unref (workers[t].kept);
      for (guint i = 0; i < N_RESOURCES / N_THREADS; i++)
        {
          expected_created[t % 2][i % VIGIL_N_RESOURCE_KINDS]++;
          if (i % KEEP_EVERY == 0)
            expected_open[t % 2][i % VIGIL_N_RESOURCE_KINDS]++;
        }
    }

  g_assert_cmpint (g_atomic_int_get (&creates), ==, N_RESOURCES);
  g_assert_cmpint (g_atomic_int_get (&closes), ==, N_RESOURCES - (gint) kept->len);
  g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, kept->len);

  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(GArray) pairs = vigil_ledger_get_pairs (ledger, ids[s]);

      g_assert_cmpuint (pairs->len, ==, VIGIL_N_RESOURCE_KINDS);
      for (guint k = 0; k < VIGIL_N_RESOURCE_KINDS; k++)
        {
          const VigilKindPairs *p = &g_array_index (pairs, VigilKindPairs, k);

          g_assert_cmpint (p->kind, ==, k);
          g_assert_cmpuint (p->created, ==, expected_created[s][k]);
          g_assert_cmpuint (p->open, ==, expected_open[s][k]);
          g_assert_cmpuint (p->closed, ==, expected_created[s][k] - expected_open[s][k]);
        }
    }

  /* Nothing is unpaired while the sessions run; all kept ones once ended. */
  unpaired = vigil_ledger_list_unpaired (ledger);
  g_assert_cmpuint (unpaired->len, ==, 0);
  g_clear_pointer (&unpaired, g_ptr_array_unref);
  vigil_ledger_end_session (ledger, ids[0]);
  vigil_ledger_end_session (ledger, ids[1]);
  unpaired = vigil_ledger_list_unpaired (ledger);
  g_array_sort (kept, compare_id);
  g_assert_cmpuint (unpaired->len, ==, kept->len);
  for (guint i = 0; i < kept->len; i++)
    {
      const VigilResourceInfo *info = g_ptr_array_index (unpaired, i);

      g_assert_cmpuint (info->id, ==, g_array_index (kept, guint64, i));
      g_assert_false (info->closed);
    }

  sessions = vigil_ledger_list_sessions (ledger);
  g_assert_cmpuint (sessions->len, ==, 2);
  for (guint s = 0; s < 2; s++)
    {
      const VigilSessionInfo *info = g_ptr_array_index (sessions, s);

      g_assert_cmpuint (info->id, ==, ids[s]);
      g_assert_true (info->ended);
      g_assert_cmpint (info->closed_us, >=, info->opened_us);
    }
  g_assert_cmpstr (((VigilSessionInfo *) g_ptr_array_index (sessions, 1))->camera, ==, "cam-b");

  /* Closing the leftovers late pairs them: nothing unpaired remains. */
  g_clear_pointer (&kept_resources, g_ptr_array_unref);
  g_clear_pointer (&unpaired, g_ptr_array_unref);
  unpaired = vigil_ledger_list_unpaired (ledger);
  g_assert_cmpuint (unpaired->len, ==, 0);
  g_assert_cmpuint (vigil_ledger_count_open (ledger), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

static void
test_ledger_prune (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  guint64 leaky = 0;

  vigil_ledger_set_max_ended_sessions (ledger, 3);
  for (guint i = 0; i < 10; i++)
    {
      guint64 session = vigil_ledger_begin_session (ledger, "cam");
      guint64 id = vigil_ledger_record_create (ledger, session, VIGIL_RESOURCE_STREAM, "s", NULL,
                                               VIGIL_ACTION_CREATE, VIGIL_ACTION_CLOSE, -1, NULL);

      if (i == 1)
        leaky = session;               /* leaves its stream open */
      else
        vigil_ledger_record_close (ledger, id);
      vigil_ledger_end_session (ledger, session);
    }

  /* The 3 newest ended sessions plus the one with an unpaired resource. */
  sessions = vigil_ledger_list_sessions (ledger);
  g_assert_cmpuint (sessions->len, ==, 4);
  g_assert_cmpuint (((VigilSessionInfo *) g_ptr_array_index (sessions, 0))->id, ==, leaky);
  g_assert_cmpuint (((VigilSessionInfo *) g_ptr_array_index (sessions, 0))->n_open, ==, 1);
  g_assert_cmpint (vigil_ledger_get_phase (ledger, leaky), ==, VIGIL_PHASE_OPEN_START);
  g_assert_cmpint (vigil_ledger_get_phase (ledger, 12345), ==, VIGIL_PHASE_NONE);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

static void
add_fd (GArray     *list,
        int         fd,
        const char *target)
{
  VigilFdEntry entry = { fd, g_strdup (target) };

  g_array_append_val (list, entry);
}

static void
test_ledger_attribution (void)
{
  g_autoptr(VigilLedger) ledger = vigil_ledger_new ();
  g_autoptr(GArray) before = vigil_fd_list_new ();
  g_autoptr(GArray) after = vigil_fd_list_new ();
  g_autoptr(GArray) now = vigil_fd_list_new ();
  g_autoptr(GArray) attributed = NULL;
  g_autoptr(GArray) residue = NULL;
  guint64 session = vigil_ledger_begin_session (ledger, "cam");
  guint added;

  add_fd (before, 0, "/dev/null");
  add_fd (before, 5, "pipe:[1]");
  add_fd (after, 0, "/dev/null");
  add_fd (after, 5, "socket:[7]");           /* number reused: new */
  add_fd (after, 9, "anon_inode:[eventfd]");
  added = vigil_ledger_attribute_fds (ledger, session, VIGIL_PHASE_DEVICE_OPENED, before, after);
  g_assert_cmpuint (added, ==, 2);

  attributed = vigil_ledger_list_attributed_fds (ledger, session);
  g_assert_cmpuint (attributed->len, ==, 2);
  g_assert_cmpint (g_array_index (attributed, VigilFdAttribution, 0).fd, ==, 5);
  g_assert_cmpstr (g_array_index (attributed, VigilFdAttribution, 0).target, ==, "socket:[7]");
  g_assert_cmpint (g_array_index (attributed, VigilFdAttribution, 1).phase, ==, VIGIL_PHASE_DEVICE_OPENED);

  add_fd (now, 0, "/dev/null");
  add_fd (now, 9, "anon_inode:[eventfd]");
  residue = vigil_ledger_list_residue (ledger, session, now);
  g_assert_cmpuint (residue->len, ==, 1);
  g_assert_cmpint (g_array_index (residue, VigilFdAttribution, 0).fd, ==, 9);

  g_assert_finalize_object (g_steal_pointer (&ledger));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/ledger/threads", test_ledger_threads);
  g_test_add_func ("/vigil/ledger/prune", test_ledger_prune);
  g_test_add_func ("/vigil/ledger/attribution", test_ledger_attribution);

  return g_test_run ();
}
