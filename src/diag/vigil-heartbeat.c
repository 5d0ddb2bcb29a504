/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-heartbeat"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-heartbeat.h"

/* Writes a Heartbeat event (the probe's figures and the reconnect count)
 * every interval, from a timer on the main context that was thread-default
 * when vigil_heartbeat_start () was called.  Main thread only. */
struct _VigilHeartbeat
{
  GObject       parent_instance;

  VigilEvents  *events;
  VigilProbe   *probe;
  VigilHistory *history;
  guint         interval_ms;
  GSource      *timer;
};

G_DEFINE_FINAL_TYPE (VigilHeartbeat, vigil_heartbeat, G_TYPE_OBJECT)

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gboolean
on_timer (gpointer data)
{
  g_autoptr(VigilHeartbeat) self = g_weak_ref_get (data);
  g_autoptr(VigilEvent) event = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  event = vigil_heartbeat_beat (self);
  return G_SOURCE_CONTINUE;
}

static void
vigil_heartbeat_dispose (GObject *object)
{
  VigilHeartbeat *self = VIGIL_HEARTBEAT (object);

  vigil_heartbeat_stop (self);
  g_clear_object (&self->events);
  g_clear_object (&self->probe);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (vigil_heartbeat_parent_class)->dispose (object);
}

static void
vigil_heartbeat_class_init (VigilHeartbeatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_heartbeat_dispose;
}

static void
vigil_heartbeat_init (VigilHeartbeat *self)
{
  self->interval_ms = VIGIL_HEARTBEAT_DEFAULT_INTERVAL_MS;
}

/**
 * vigil_heartbeat_new:
 * @events: where Heartbeat events go
 * @probe: samples the process figures
 * @history: (nullable): gives the reconnect count
 *
 * Returns: (transfer full): a stopped heartbeat
 */
VigilHeartbeat *
vigil_heartbeat_new (VigilEvents  *events,
                     VigilProbe   *probe,
                     VigilHistory *history)
{
  g_autoptr(VigilHeartbeat) self = NULL;

  g_return_val_if_fail (VIGIL_IS_EVENTS (events), NULL);
  g_return_val_if_fail (VIGIL_IS_PROBE (probe), NULL);
  g_return_val_if_fail (history == NULL || VIGIL_IS_HISTORY (history), NULL);

  self = g_object_new (VIGIL_TYPE_HEARTBEAT, NULL);
  self->events = g_object_ref (events);
  self->probe = g_object_ref (probe);
  self->history = history != NULL ? g_object_ref (history) : NULL;
  return g_steal_pointer (&self);
}

/**
 * vigil_heartbeat_set_interval:
 * @interval_ms: time between heartbeats (the "heartbeat interval"
 *   setting; default 60 s); restarts a running timer
 */
void
vigil_heartbeat_set_interval (VigilHeartbeat *self,
                              guint           interval_ms)
{
  g_return_if_fail (VIGIL_IS_HEARTBEAT (self));
  g_return_if_fail (interval_ms > 0);

  if (self->interval_ms == interval_ms)
    return;
  self->interval_ms = interval_ms;
  if (self->timer != NULL)
    {
      vigil_heartbeat_stop (self);
      vigil_heartbeat_start (self);
    }
}

guint
vigil_heartbeat_get_interval (VigilHeartbeat *self)
{
  g_return_val_if_fail (VIGIL_IS_HEARTBEAT (self), 0);
  return self->interval_ms;
}

void
vigil_heartbeat_start (VigilHeartbeat *self)
{
  g_autoptr(GMainContext) context = NULL;
  GWeakRef *weak;

  g_return_if_fail (VIGIL_IS_HEARTBEAT (self));

  if (self->timer != NULL)
    return;
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  context = g_main_context_ref_thread_default ();
  self->timer = g_timeout_source_new (self->interval_ms);
  g_source_set_name (self->timer, "[vigil] heartbeat");
  g_source_set_callback (self->timer, on_timer, weak, weak_ref_free);
  g_source_attach (self->timer, context);
}

void
vigil_heartbeat_stop (VigilHeartbeat *self)
{
  g_return_if_fail (VIGIL_IS_HEARTBEAT (self));

  if (self->timer == NULL)
    return;
  g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
}

gboolean
vigil_heartbeat_is_running (VigilHeartbeat *self)
{
  g_return_val_if_fail (VIGIL_IS_HEARTBEAT (self), FALSE);
  return self->timer != NULL;
}

/**
 * vigil_heartbeat_beat:
 *
 * Posts one Heartbeat event now.
 *
 * Returns: (transfer full): the event posted
 */
VigilEvent *
vigil_heartbeat_beat (VigilHeartbeat *self)
{
  g_autoptr(VigilProbeSample) sample = NULL;
  g_autoptr(VigilEvent) event = NULL;

  g_return_val_if_fail (VIGIL_IS_HEARTBEAT (self), NULL);

  sample = vigil_probe_sample (self->probe, VIGIL_PROBE_HANDLES | VIGIL_PROBE_THREADS |
                                            VIGIL_PROBE_PRIVATE);
  event = vigil_event_new (VIGIL_EVENT_HEARTBEAT);
  event->ts_us = sample->wall_us;
  event->phase = VIGIL_PHASE_HEARTBEAT;
  event->operation = g_strdup ("heartbeat");
  if (self->history != NULL)
    event->reconnects = (gint64) vigil_history_get_reconnects (self->history);
  event->open_fds = sample->open_fds;
  event->threads = sample->threads;
  event->private_bytes = sample->private_bytes;
  vigil_events_post (self->events, event);
  return g_steal_pointer (&event);
}
