/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <arv.h>

#include "vigil-sim-camera.h"

/* The yardstick of vigil-soak's cycle rate: a plain serial Aravis loop
 * with nothing of Vigil in it (open the camera by address, create a
 * stream, start, pop one frame, stop, unref), against the same simulated
 * camera at the same frame size and rate.  Runs inside isolate.sh.
 *
 *   meson test -C _build --benchmark --verbose bench-aravis-loop
 *   BENCH_CYCLES=200 BENCH_FRAME_RATE=200 tests/isolate.sh _build/tests/bench-aravis-loop
 *
 * The stream uses plain UDP, as Vigil's sessions do on loopback;
 * BENCH_PACKET_SOCKET=1 lets Aravis use a packet socket (root only).
 */

#define ADDRESS "127.0.0.1"

static gint64 open_us;                  /* spent in arv_camera_new () */

static gboolean
cycle (GError **error)
{
  g_autoptr(ArvCamera) camera = NULL;
  g_autoptr(ArvStream) stream = NULL;
  g_autoptr(ArvBuffer) popped = NULL;
  guint payload;
  gint64 start = g_get_monotonic_time ();

  camera = arv_camera_new (ADDRESS, error);
  open_us += g_get_monotonic_time () - start;
  if (camera == NULL)
    return FALSE;
  /* Like Vigil's sessions on loopback (BENCH_PACKET_SOCKET=1 keeps it). */
  if (g_strcmp0 (g_getenv ("BENCH_PACKET_SOCKET"), "1") != 0)
    arv_camera_gv_set_stream_options (camera, ARV_GV_STREAM_OPTION_PACKET_SOCKET_DISABLED);
  if (!(stream = arv_camera_create_stream (camera, NULL, NULL, error)))
    return FALSE;
  payload = arv_camera_get_payload (camera, error);
  if (*error != NULL)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    arv_stream_push_buffer (stream, arv_buffer_new_allocate (payload));
  arv_camera_set_acquisition_mode (camera, ARV_ACQUISITION_MODE_CONTINUOUS, NULL);
  arv_camera_start_acquisition (camera, error);
  if (*error != NULL)
    return FALSE;
  popped = arv_stream_timeout_pop_buffer (stream, 3 * G_USEC_PER_SEC);
  arv_camera_stop_acquisition (camera, error);
  if (popped == NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no frame within 3 s");
  return *error == NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilSimCamera) sim = vigil_sim_camera_new (ADDRESS, "BENCH");
  g_autoptr(GError) error = NULL;
  const char *env_cycles = g_getenv ("BENCH_CYCLES");
  const char *env_rate = g_getenv ("BENCH_FRAME_RATE");
  guint cycles = env_cycles ? (guint) atoi (env_cycles) : 100;
  double rate = env_rate ? g_ascii_strtod (env_rate, NULL) : 200.0;
  gint64 start;
  double seconds;

  if (!vigil_sim_camera_start (sim, &error))
    {
      fprintf (stderr, "bench-aravis-loop: %s\n", error->message);
      return 2;
    }
  if (rate > 0)
    {
      g_autoptr(ArvCamera) camera = arv_camera_new (ADDRESS, &error);

      /* The frame size and rate vigil-soak sets. */
      if (camera != NULL)
        arv_camera_set_region (camera, 0, 0, 128, 128, &error);
      if (camera != NULL && error == NULL)
        arv_camera_set_frame_rate (camera, rate, &error);
      if (error != NULL)
        {
          fprintf (stderr, "bench-aravis-loop: %s\n", error->message);
          return 2;
        }
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < cycles; i++)
    if (!cycle (&error))
      {
        fprintf (stderr, "bench-aravis-loop: cycle %u: %s\n", i, error->message);
        return 1;
      }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  printf ("bench-aravis-loop: %u cycles in %.2f s, %.2f cycles/s (%.1f ms a cycle, of which "
          "arv_camera_new %.1f ms; %g fps)\n",
          cycles, seconds, cycles / seconds, 1000 * seconds / cycles, open_us / 1000.0 / cycles, rate);

  g_clear_object (&sim);
  arv_shutdown ();
  return 0;
}
