/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arv.h>
#include <stdio.h>
#include <stdlib.h>

#include "vigil-diagnostics.h"
#include "vigil-sim-camera.h"
#include "vigil-supervisor.h"

/* Freeze detection per acquisition mode: how long after SIGSTOP the
 * supervisor leaves Streaming (the session is lost), and how long after
 * SIGCONT it streams again.  Each trial freezes at a random moment.
 * Not a test: run it and read the medians (README "Liveness").
 *
 *   tests/isolate.sh _build/tests/measure-liveness [TRIALS]
 */
#define ADDRESS "127.0.0.1"

typedef struct
{
  const char *name;
  const char *features;
} Mode;

static const Mode modes[] = {
  { "free-running 100 fps", "AcquisitionFrameRate=100" },
  { "free-running 25 fps", "AcquisitionFrameRate=25" },
  { "free-running 1 fps", "AcquisitionFrameRate=1" },
  { "free-running 0.2 fps", "AcquisitionFrameRate=0.2" },
  { "triggered (Software), waiting", "AcquisitionFrameRate=25 TriggerSelector=FrameStart TriggerMode=On TriggerSource=Software" },
  { "SingleFrame, complete", "AcquisitionFrameRate=25 AcquisitionMode=SingleFrame" },
};

static void
configure (const char *features)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ArvCamera) camera = arv_camera_new (ADDRESS, &error);

  if (camera == NULL || !arv_device_set_features_from_string (arv_camera_get_device (camera), features, &error))
    g_error ("configure: %s", error ? error->message : "?");
}

static gboolean
wait_for (VigilSupervisor      *supervisor,
          VigilSupervisorState  state,
          gint64                timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  while (vigil_supervisor_get_state (supervisor) != state)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return TRUE;
}

static void
iterate_for (gint64 us)
{
  gint64 deadline = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One trial; FALSE when a step timed out. */
static gboolean
trial (VigilSimCamera  *sim,
       const Mode      *mode,
       GRand           *rand,
       double          *detect_ms,
       double          *back_ms)
{
  g_autoptr(VigilDiagnostics) diagnostics = vigil_diagnostics_new ();
  g_autoptr(VigilSupervisor) supervisor = vigil_supervisor_new (diagnostics);
  gint64 frozen_at, thawed_at;
  gboolean ok;

  configure (mode->features);
  vigil_supervisor_open (supervisor, ADDRESS);
  ok = wait_for (supervisor, VIGIL_SUPERVISOR_STREAMING, 20 * G_USEC_PER_SEC);
  if (ok)
    {
      /* A slow camera's first frames, a single frame's completion, and a
       * random phase against the probe and the frames. */
      iterate_for ((gint64) ((1.5 + g_rand_double (rand)) * G_USEC_PER_SEC));
      vigil_sim_camera_freeze (sim, NULL);
      frozen_at = g_get_monotonic_time ();
      ok = wait_for (supervisor, VIGIL_SUPERVISOR_RECOVERING, 30 * G_USEC_PER_SEC);
      *detect_ms = (g_get_monotonic_time () - frozen_at) / 1000.0;
      /* Past the camera's 3 s heartbeat timeout: it drops our control. */
      iterate_for (3500 * 1000);
      vigil_sim_camera_thaw (sim, NULL);
      thawed_at = g_get_monotonic_time ();
      ok = ok && wait_for (supervisor, VIGIL_SUPERVISOR_STREAMING, 20 * G_USEC_PER_SEC);
      *back_ms = (g_get_monotonic_time () - thawed_at) / 1000.0;
    }
  if (vigil_sim_camera_is_frozen (sim))
    vigil_sim_camera_thaw (sim, NULL);
  vigil_supervisor_shutdown (supervisor, 20000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return ok;
}

int
main (int    argc,
      char **argv)
{
  guint trials = argc > 1 ? (guint) atoi (argv[1]) : 5;
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);

  arv_update_device_list ();
  printf ("mode | freeze → lost (median, min–max) | thaw → streaming (median) | trials\n");
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "MEASURE");
      g_autoptr(GError) error = NULL;
      g_autofree double *detect = g_new0 (double, trials);
      g_autofree double *back = g_new0 (double, trials);
      guint done = 0;
      double lo = G_MAXDOUBLE, hi = 0;

      if (!vigil_sim_camera_start (sim, &error))
        g_error ("%s", error->message);
      for (guint t = 0; t < trials; t++)
        if (trial (sim, &modes[m], rand, &detect[done], &back[done]))
          {
            lo = MIN (lo, detect[done]);
            hi = MAX (hi, detect[done]);
            done++;
          }
      vigil_sim_camera_stop (sim);
      if (done == 0)
        {
          printf ("%s | no trial finished | | 0\n", modes[m].name);
          continue;
        }
      printf ("%s | %.0f ms (%.0f–%.0f) | %.0f ms | %u\n", modes[m].name, median (detect, done), lo, hi,
              median (back, done), done);
      fflush (stdout);
    }
  return 0;
}
