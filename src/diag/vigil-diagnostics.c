/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-diagnostics"

#include "config.h"

#include "vigil-diagnostics.h"
#include "vigil-heartbeat.h"

/* The diagnostics of one process, in one place: the probe, the ledger of
 * tracked resources, the event stream, the fault points and the history.
 * Made once by the application or vigil-soak and passed down; every part
 * is safe to use from any thread. */
struct _VigilDiagnostics
{
  GObject       parent_instance;

  VigilProbe   *probe;
  VigilLedger  *ledger;
  VigilEvents  *events;
  VigilFaults  *faults;
  VigilHistory *history;
  VigilHeartbeat *heartbeat;
  VigilOrphans *orphans;

  /* The sample listener: set and called on the main thread only. */
  VigilSampleListener sample_listener;
  gpointer            sample_data;
  GDestroyNotify      sample_destroy;
};

G_DEFINE_FINAL_TYPE (VigilDiagnostics, vigil_diagnostics, G_TYPE_OBJECT)

static void
on_fault_fired (VigilFaults *faults,
                const char  *point,
                guint64      fired,
                gpointer     user_data)
{
  VigilEvents *events = user_data;
  g_autoptr(VigilEvent) event = vigil_event_new (VIGIL_EVENT_FAULT);
  g_autofree char *name = g_strdup_printf ("%s#%" G_GUINT64_FORMAT, point, fired);

  vigil_event_set_strings (event, NULL, "fault");
  event->name = g_steal_pointer (&name);
  vigil_events_post (events, event);
}

static void
vigil_diagnostics_dispose (GObject *object)
{
  VigilDiagnostics *self = (VigilDiagnostics *) object;

  if (self->faults != NULL)
    vigil_faults_set_listener (self->faults, NULL, NULL, NULL);
  vigil_diagnostics_set_sample_listener (self, NULL, NULL, NULL);
  if (self->heartbeat != NULL)
    vigil_heartbeat_stop (self->heartbeat);
  g_clear_object (&self->heartbeat);
  g_clear_object (&self->history);
  g_clear_object (&self->faults);
  g_clear_object (&self->events);
  g_clear_object (&self->ledger);
  g_clear_object (&self->orphans);
  g_clear_object (&self->probe);

  G_OBJECT_CLASS (vigil_diagnostics_parent_class)->dispose (object);
}

static void
vigil_diagnostics_class_init (VigilDiagnosticsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_diagnostics_dispose;
}

static void
vigil_diagnostics_init (VigilDiagnostics *self)
{
  self->probe = vigil_probe_new ();
  self->ledger = vigil_ledger_new ();
  self->orphans = vigil_orphans_new (NULL);
  self->events = vigil_events_new ();
  self->faults = vigil_faults_new ();
  self->history = vigil_history_new ();

  vigil_events_set_probe (self->events, self->probe);
  vigil_events_attach_ledger (self->events, self->ledger);
  vigil_faults_set_listener (self->faults, on_fault_fired, g_object_ref (self->events), g_object_unref);
  self->heartbeat = vigil_heartbeat_new (self->events, self->probe, self->history);
}

/**
 * vigil_diagnostics_new:
 *
 * Events are delivered to listeners on the caller's thread-default main
 * context.
 *
 * Returns: (transfer full): the process's diagnostics
 */
VigilDiagnostics *
vigil_diagnostics_new (void)
{
  return g_object_new (VIGIL_TYPE_DIAGNOSTICS, NULL);
}

/** vigil_diagnostics_get_probe: Returns: (transfer none): */
VigilProbe *
vigil_diagnostics_get_probe (VigilDiagnostics *self)
{
  return self->probe;
}

/** vigil_diagnostics_get_orphans: Returns: (transfer none): */
VigilOrphans *
vigil_diagnostics_get_orphans (VigilDiagnostics *self)
{
  g_return_val_if_fail (VIGIL_IS_DIAGNOSTICS (self), NULL);
  return self->orphans;
}

/** vigil_diagnostics_get_ledger: Returns: (transfer none): */
VigilLedger *
vigil_diagnostics_get_ledger (VigilDiagnostics *self)
{
  return self->ledger;
}

/** vigil_diagnostics_get_events: Returns: (transfer none): */
VigilEvents *
vigil_diagnostics_get_events (VigilDiagnostics *self)
{
  return self->events;
}

/** vigil_diagnostics_get_faults: Returns: (transfer none): */
VigilFaults *
vigil_diagnostics_get_faults (VigilDiagnostics *self)
{
  return self->faults;
}

/** vigil_diagnostics_get_history: Returns: (transfer none): */
VigilHistory *
vigil_diagnostics_get_history (VigilDiagnostics *self)
{
  return self->history;
}

/**
 * vigil_diagnostics_start_heartbeat:
 * @interval_ms: time between Heartbeat events (the setting; 60 s by default)
 *
 * Starts (or restarts with a new interval) the Heartbeat events, on the
 * caller's thread-default main context.
 */
void
vigil_diagnostics_start_heartbeat (VigilDiagnostics *self,
                                   guint             interval_ms)
{
  g_return_if_fail (VIGIL_IS_DIAGNOSTICS (self));

  vigil_heartbeat_set_interval (self->heartbeat, interval_ms);
  if (!vigil_heartbeat_is_running (self->heartbeat))
    vigil_heartbeat_start (self->heartbeat);
}

/** vigil_diagnostics_get_heartbeat: Returns: (transfer none): */
VigilHeartbeat *
vigil_diagnostics_get_heartbeat (VigilDiagnostics *self)
{
  return self->heartbeat;
}

/**
 * vigil_diagnostics_post:
 * @error: (nullable): what failed; its domain, code and message go into
 *   the event
 *
 * Posts one lifecycle event of the usual shape.  Any thread.
 */
void
vigil_diagnostics_post (VigilDiagnostics *self,
                        VigilEventType    type,
                        guint64           session,
                        const char       *camera,
                        const char       *operation,
                        VigilPhase        phase,
                        const GError     *error)
{
  g_autoptr(VigilEvent) event = vigil_event_new (type);

  g_return_if_fail (VIGIL_IS_DIAGNOSTICS (self));

  event->session = session;
  event->phase = phase;
  vigil_event_set_strings (event, camera, operation);
  if (error != NULL)
    vigil_event_set_error (event, error);
  vigil_events_post (self->events, event);
}

/**
 * vigil_diagnostics_set_sample_listener:
 * @listener: (nullable): called for every published sample; %NULL removes it
 * @destroy: (nullable): frees @user_data when the listener is replaced
 *
 * One listener (the metrics endpoint's collector).  Main thread.
 */
void
vigil_diagnostics_set_sample_listener (VigilDiagnostics    *self,
                                       VigilSampleListener  listener,
                                       gpointer             user_data,
                                       GDestroyNotify       destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (VIGIL_IS_DIAGNOSTICS (self));

  old_destroy = self->sample_destroy;
  old_data = self->sample_data;
  self->sample_listener = listener;
  self->sample_data = user_data;
  self->sample_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * vigil_diagnostics_publish_sample:
 * @sample: a sample the periodic sampler just took (VIGIL_PROBE_DEFAULT)
 *
 * Hands the periodic sampler's sample to the listener, so that nobody
 * samples the process a second time for the same figures.  Main thread.
 */
void
vigil_diagnostics_publish_sample (VigilDiagnostics       *self,
                                  const VigilProbeSample *sample)
{
  g_return_if_fail (VIGIL_IS_DIAGNOSTICS (self));
  g_return_if_fail (sample != NULL);

  if (self->sample_listener != NULL)
    self->sample_listener (self, sample, self->sample_data);
}

/**
 * vigil_diagnostics_records_full:
 *
 * Whether the bounded records of the diagnostics -- the event ring and the
 * ended sessions the ledger keeps -- are full, so that the memory they hold
 * no longer grows with every reconnect.  Thread: any.
 */
gboolean
vigil_diagnostics_records_full (VigilDiagnostics *self)
{
  g_return_val_if_fail (VIGIL_IS_DIAGNOSTICS (self), FALSE);

  return vigil_events_is_full (self->events) && vigil_ledger_is_full (self->ledger);
}
