/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-aravis-lock"

#include "config.h"

#include <arv.h>

#include "vigil-aravis-lock.h"

/* Aravis's device list is process-wide and not thread-safe: discovery,
 * opening a device by name (sessions, vigil-soak) all go through it, so
 * they all hold this lock. */
static GMutex aravis_lock;
static gboolean shut_down;      /* under the lock */

void
vigil_aravis_lock (void)
{
  g_mutex_lock (&aravis_lock);
}

void
vigil_aravis_unlock (void)
{
  g_mutex_unlock (&aravis_lock);
}

/* Releases Aravis's process-wide state (arv_shutdown ()) once no thread is
 * inside the device list: a discovery round still running on its own
 * thread when the application ends (the camera watch repeats them) is
 * waited for, and one that starts later finds nothing to do
 * (vigil_aravis_is_shut_down ()).  Call it last, from the main thread. */
void
vigil_aravis_shutdown (void)
{
  g_mutex_lock (&aravis_lock);
  if (!shut_down)
    arv_shutdown ();
  shut_down = TRUE;
  g_mutex_unlock (&aravis_lock);
}

/* With the lock held: whether vigil_aravis_shutdown () ran. */
gboolean
vigil_aravis_is_shut_down (void)
{
  return shut_down;
}
