/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-aravis-lock"

#include "config.h"

#include "vigil-aravis-lock.h"

/* Aravis's device list is process-wide and not thread-safe: discovery,
 * opening a device by name (sessions, vigil-soak) all go through it, so
 * they all hold this lock. */
static GMutex aravis_lock;

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
