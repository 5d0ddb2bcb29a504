/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-soak-runner.h"
#include "test-util.h"

/* VigilSoakRunner in-process: the one check of its config, its
 * preconditions, and a short run on a thread-default main context that is
 * not the global default one (the run's own sources and the supervisors'
 * must all be on it).  Runs inside isolate.sh: the simulated camera owns
 * 127.0.0.1 for this test alone. */

#define RUN_CYCLES   6
#define RUN_DEADLINE (120 * G_USEC_PER_SEC)   /* generous: CI runs under load */

static VigilSoakConfig
good_config (void)
{
  VigilSoakConfig config = {
    .cycles = RUN_CYCLES,
    .mode = VIGIL_SOAK_SYSTEMATIC,
    .probability = 0.05,
    .seed = 1,
    .cameras = 1,
    .frame_rate = 200,
  };

  return config;
}

static void
assert_refused (const VigilSoakConfig *config,
                const char            *option)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakRunner) runner = vigil_soak_runner_new (config, &error);

  g_assert_null (runner);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT);
  /* In words, naming the option. */
  g_assert_nonnull (strstr (error->message, option));
}

static void
test_config_checked (void)
{
  VigilSoakConfig config = good_config ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSoakRunner) runner = NULL;

  config.cycles = 0;
  assert_refused (&config, "--cycles");
  config.cycles = (guint64) G_MAXUINT32 + 1;
  assert_refused (&config, "--cycles");

  config = good_config ();
  config.cameras = 0;
  assert_refused (&config, "--cameras");
  config.cameras = 201;
  assert_refused (&config, "--cameras");
  config.cameras = 2;
  config.camera_id = "192.0.2.1";
  assert_refused (&config, "--cameras");

  config = good_config ();
  config.probability = -0.01;
  assert_refused (&config, "--probability");
  config.probability = 1.01;
  assert_refused (&config, "--probability");
  config.probability = NAN;
  assert_refused (&config, "--probability");

  config = good_config ();
  config.frame_rate = -1;
  assert_refused (&config, "--frame-rate");
  config.frame_rate = 1000.5;
  assert_refused (&config, "--frame-rate");
  config.frame_rate = NAN;
  assert_refused (&config, "--frame-rate");

  /* The edges are accepted. */
  config = good_config ();
  config.cameras = 200;
  config.probability = 1;
  config.frame_rate = 1000;
  config.cycles = G_MAXUINT32;
  runner = vigil_soak_runner_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (runner);
  g_assert_finalize_object (g_steal_pointer (&runner));
}

static void
test_preconditions (void)
{
  VigilSoakConfig config = good_config ();
  g_autoptr(GError) error = NULL;

  /* Checked before anything is dereferenced or made. */
  g_test_expect_message ("vigil-soak-report", G_LOG_LEVEL_CRITICAL, "*VIGIL_IS_SOAK_RUNNER*");
  g_assert_null (vigil_soak_runner_build_report (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("vigil-soak-runner", G_LOG_LEVEL_CRITICAL, "*config != NULL*");
  g_assert_null (vigil_soak_runner_new (NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  /* An interrupt before the run queues nothing, on no context. */
  {
    g_autoptr(VigilSoakRunner) runner = vigil_soak_runner_new (&config, &error);

    g_assert_no_error (error);
    vigil_soak_runner_interrupt (runner);
    g_assert_false (g_main_context_pending (NULL));
    g_assert_finalize_object (g_steal_pointer (&runner));
  }
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean done;
  gboolean ran;
  GError  *error;
  guint64  cycles;
  VigilVerdictStatus status;
} OwnContext;

/* A thread whose thread-default context is its own: nobody iterates the
 * global default context while the run goes on. */
static gpointer
run_on_own_context (gpointer data)
{
  OwnContext *shared = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  VigilSoakConfig config = good_config ();
  g_autoptr(VigilSoakRunner) runner = NULL;
  GError *error = NULL;
  gboolean ran = FALSE;

  g_main_context_push_thread_default (context);
  runner = vigil_soak_runner_new (&config, &error);
  if (runner != NULL)
    ran = vigil_soak_runner_run (runner, &error);
  g_mutex_lock (&shared->lock);
  if (ran)
    {
      shared->cycles = vigil_soak_runner_get_result (runner)->cycles;
      shared->status = vigil_soak_runner_get_result (runner)->status;
    }
  g_clear_object (&runner);
  shared->ran = ran;
  shared->error = error;
  shared->done = TRUE;
  g_cond_signal (&shared->cond);
  g_mutex_unlock (&shared->lock);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* One run on a thread of its own, its result checked. */
static void
run_in_own_thread (void)
{
  OwnContext shared = { 0 };
  gint64 deadline = g_get_monotonic_time () + RUN_DEADLINE;
  GThread *thread;

  g_mutex_init (&shared.lock);
  g_cond_init (&shared.cond);
  thread = g_thread_new ("soak-runner", run_on_own_context, &shared);

  g_mutex_lock (&shared.lock);
  while (!shared.done)
    if (!g_cond_wait_until (&shared.cond, &shared.lock, deadline))
      break;
  /* Before the runner attached its sources to the run's context, its
   * evaluation waited on the global default context for ever. */
  g_assert_true (shared.done);
  g_mutex_unlock (&shared.lock);
  g_thread_join (thread);

  g_assert_no_error (shared.error);
  g_assert_true (shared.ran);
  g_assert_cmpuint (shared.cycles, >=, RUN_CYCLES);
  g_assert_cmpint (shared.status, ==, VIGIL_VERDICT_PASS);
  /* Nothing was left on the global default context either. */
  g_assert_false (g_main_context_pending (NULL));

  g_mutex_clear (&shared.lock);
  g_cond_clear (&shared.cond);
}

static void
test_own_context (void)
{
  guint fds, threads;

  /* The first run warms up: Aravis makes some process-wide state on the
   * first open.  The second leaves the process as it found it. */
  run_in_own_thread ();
  fds = test_count_fds ();
  threads = test_count_threads ();
  run_in_own_thread ();
  g_assert_cmpuint (test_count_fds (), ==, fds);
  g_assert_cmpuint (test_settled_threads (threads), ==, threads);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/soak-runner/config-checked", test_config_checked);
  g_test_add_func ("/vigil/soak-runner/preconditions", test_preconditions);
  g_test_add_func ("/vigil/soak-runner/own-context", test_own_context);

  return g_test_run ();
}
