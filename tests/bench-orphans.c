/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "bench-util.h"
#include "config.h"

#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include "vigil-orphans.h"
#include "vigil-probe-ids.h"
#include "vigil-probe.h"

/* The per-phase cost of orphan attribution, at 100 open fds and 20
 * threads: what a session pays around each phase (the fd listing before
 * and after, which the ledger's attribution already paid, plus the thread
 * listings, the identity of the phase's new fds and threads and the
 * bookkeeping).  Run with: meson test -C _build --benchmark bench-orphans
 * --verbose (or _build/tests/bench-orphans).  Prints medians in µs. */

#define RUNS       2000
#define N_FDS      100
#define N_THREADS  20

static GMutex lock;
static GCond cond;
static gboolean stop;

static gpointer
idle_thread (gpointer data)
{
  g_mutex_lock (&lock);
  while (!stop)
    g_cond_wait (&cond, &lock);
  g_mutex_unlock (&lock);
  return NULL;
}

/* One phase that adds a UDP socket and an eventfd (closed again after the
 * timing); @parts: [0] whole phase, [1] fd listings only, [2] the orphans'
 * own share. */
static void
time_phase (VigilOrphans *orphans,
            VigilProbe   *probe,
            guint         run,
            gdouble      *whole,
            gdouble      *listing,
            gdouble      *own)
{
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  gint64 t0, t1, t2, t3, t4, t5;
  int sock, efd;

  t0 = now_ns ();
  before = vigil_probe_list_fds (probe, NULL);
  t1 = now_ns ();
  vigil_orphans_phase_begin (orphans, run + 1, VIGIL_PHASE_DEVICE_OPENED, before);
  t2 = now_ns ();
  sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  efd = eventfd (0, EFD_CLOEXEC);
  t3 = now_ns ();
  after = vigil_probe_list_fds (probe, NULL);
  t4 = now_ns ();
  vigil_orphans_phase_end (orphans, run + 1, VIGIL_PHASE_DEVICE_OPENED, before, after);
  t5 = now_ns ();
  close (sock);
  close (efd);
  vigil_orphans_session_closed (orphans, run + 1);

  *whole = ((t5 - t0) - (t3 - t2)) / 1000.0;
  *listing = ((t1 - t0) + (t4 - t3)) / 1000.0;
  *own = ((t2 - t1) + (t5 - t4)) / 1000.0;
}

int
main (int argc, char *argv[])
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (NULL);
  g_autoptr(GArray) opened = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GArray) fds = NULL;
  g_autoptr(GArray) tids = NULL;
  g_autofree gdouble *whole = g_new (gdouble, RUNS);
  g_autofree gdouble *listing = g_new (gdouble, RUNS);
  g_autofree gdouble *own = g_new (gdouble, RUNS);
  g_autofree gdouble *task_list = g_new (gdouble, RUNS);
  size_t heap_half = 0;

  for (fds = vigil_probe_list_fds (probe, NULL); fds->len + opened->len < N_FDS;)
    {
      int fd = opened->len % 3 == 0 ? socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)
             : opened->len % 3 == 1 ? eventfd (0, EFD_CLOEXEC)
             : open ("/dev/null", O_RDONLY | O_CLOEXEC);

      if (fd < 0)
        break;
      g_array_append_val (opened, fd);
    }
  while (threads->len + 1 < N_THREADS)
    g_ptr_array_add (threads, g_thread_new ("idle", idle_thread, NULL));

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = now_ns ();

      if (i == RUNS / 2)
        heap_half = mallinfo2 ().uordblks;

      tids = vigil_probe_ids_list_tids (NULL, NULL);
      task_list[i] = (now_ns () - start) / 1000.0;
      g_clear_pointer (&tids, g_array_unref);
      time_phase (orphans, probe, i, &whole[i], &listing[i], &own[i]);
    }

  g_clear_pointer (&fds, g_array_unref);
  fds = vigil_probe_list_fds (probe, NULL);
  g_print ("# %u fds, %u threads, %u phases, medians in us\n", fds->len, threads->len + 1, RUNS);
  g_print ("per phase, whole (2 fd listings + orphans):  %.1f\n", median (whole, RUNS));
  g_print ("  fd listings (the ledger already paid them): %.1f\n", median (listing, RUNS));
  g_print ("  orphans' own share (tasks, identities):     %.1f\n", median (own, RUNS));
  g_print ("  one /proc/self/task listing:                %.1f\n", median (task_list, RUNS));
  /* Each phase's session is closed again: nothing should stay. */
  g_print ("heap in use over the second half: %+.1f B per phase\n",
           ((double) mallinfo2 ().uordblks - (double) heap_half) / (RUNS - RUNS / 2));

  g_mutex_lock (&lock);
  stop = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  for (guint i = 0; i < opened->len; i++)
    close (g_array_index (opened, int, i));
  return 0;
}
