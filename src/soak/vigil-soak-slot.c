/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-soak-slot"

#include "config.h"

#include <arv.h>
#include <glib/gi18n.h>

#include "vigil-aravis-lock.h"
#include "vigil-controls.h"
#include "vigil-error.h"
#include "vigil-soak-runner-private.h"

/* One camera of VigilSoakRunner: its simulated camera (or a real one), its
 * supervisor -- the same code the viewer runs -- and the state machine of
 * its rounds.  A round is one disturbance of the camera (an injected loss,
 * a freeze, an unplug, packet loss) until its supervisor streams again;
 * the reconnects it makes on the way are the run's cycles. */

#define BACKOFF_INITIAL_MS   10
#define BACKOFF_MAX_MS       40
#define WATCHDOG_INTERVALS   3
#define WATCHDOG_MARGIN_MS   50
#define FREEZE_HOLD_MS       500     /* frozen this long after the loss was seen */
#define LOSS_PER_THOUSAND    10
#define STALL_US             (60 * G_USEC_PER_SEC)
/* Once interrupted (Ctrl-C) the run waits for the rounds in progress, but
 * not a minute for a camera that never opens. */
#define INTERRUPTED_STALL_US (5 * G_USEC_PER_SEC)
#define SIM_SIZE             128     /* width and height of simulated frames */

/* ---- The supervisor ------------------------------------------------------ */

static void
on_supervisor_state (VigilSupervisor *supervisor,
                     GParamSpec      *pspec,
                     Slot            *slot)
{
  if (vigil_supervisor_get_state (supervisor) != VIGIL_SUPERVISOR_IDLE)
    slot->seen_active = TRUE;
  /* Writes to a lost session are answered with an error only. */
  if (vigil_supervisor_get_state (supervisor) != VIGIL_SUPERVISOR_STREAMING)
    slot->writes = 0;
  _vigil_soak_runner_queue_evaluate (slot->runner);
}

/* One per feature write the worker has done (its controls re-read). */
static void
on_supervisor_controls (VigilSupervisor *supervisor,
                        gpointer         controls,
                        Slot            *slot)
{
  if (slot->writes > 0)
    slot->writes--;
  _vigil_soak_runner_queue_evaluate (slot->runner);
}

static void
on_supervisor_reconnects (VigilSupervisor *supervisor,
                          GParamSpec      *pspec,
                          Slot            *slot)
{
  _vigil_soak_runner_queue_evaluate (slot->runner);
}

void
_vigil_soak_slot_start_supervisor (Slot *slot)
{
  slot->supervisor = vigil_supervisor_new (slot->runner->diagnostics);
  slot->seen_active = FALSE;
  slot->reconnects_seen = 0;
  vigil_supervisor_set_backoff (slot->supervisor, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
  /* Small frames from several cameras on lo: plain UDP keeps up, and a
   * packet socket per stream would see every camera's packets. */
  vigil_supervisor_set_plain_udp (slot->supervisor, TRUE);
  vigil_supervisor_set_watchdog (slot->supervisor, WATCHDOG_INTERVALS, WATCHDOG_MARGIN_MS);
  g_signal_connect (slot->supervisor, "notify::state", G_CALLBACK (on_supervisor_state), slot);
  g_signal_connect (slot->supervisor, "notify::reconnects", G_CALLBACK (on_supervisor_reconnects), slot);
  g_signal_connect (slot->supervisor, "controls-changed", G_CALLBACK (on_supervisor_controls), slot);
  vigil_supervisor_open (slot->supervisor, slot->address);
}

static void
slot_stop_supervisor (Slot *slot)
{
  g_autoptr(VigilSupervisor) supervisor = g_steal_pointer (&slot->supervisor);

  if (supervisor == NULL)
    return;
  g_signal_handlers_disconnect_by_data (supervisor, slot);
  vigil_supervisor_shutdown (supervisor, 20000);
}

void
_vigil_soak_slot_free (Slot *slot)
{
  slot_stop_supervisor (slot);
  g_clear_object (&slot->camera);
  g_clear_pointer (&slot->targets, g_array_unref);
  g_free (slot->address);
  g_free (slot);
}

void
_vigil_soak_slot_set_state (Slot      *slot,
                            SlotState  state)
{
  slot->state = state;
  slot->since_us = g_get_monotonic_time ();
}

/* ---- The simulated camera ------------------------------------------------ */

/* Sets the simulated camera's frame rate and a small frame size (cycles
 * cost less CPU: 128x128 instead of 512x512 at 200 fps) with a connection
 * of our own; its registers persist in the camera process for every later
 * session. */
static gboolean
configure_camera (Slot    *slot,
                  GError **error)
{
  gdouble frame_rate = slot->runner->frame_rate;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ArvCamera) camera = NULL;

  if (frame_rate <= 0)
    return TRUE;
  vigil_aravis_lock ();
  camera = arv_camera_new (slot->address, &local_error);
  vigil_aravis_unlock ();
  if (camera != NULL)
    arv_camera_set_region (camera, 0, 0, SIM_SIZE, SIM_SIZE, &local_error);
  if (camera != NULL && local_error == NULL)
    arv_camera_set_frame_rate (camera, frame_rate, &local_error);
  /* After the frame rate: arv_camera_set_frame_rate turns triggers off. */
  if (camera != NULL && local_error == NULL && slot->runner->trigger_hz > 0)
    arv_device_set_features_from_string (arv_camera_get_device (camera),
                                         "TriggerSelector=FrameStart TriggerMode=On TriggerSource=Software",
                                         &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("Could not set up the simulated camera on %s: %s"), slot->address, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Makes the slots and starts their cameras: K simulated ones on 127.0.0.1
 * … 127.0.0.K, or the one real camera. */
gboolean
_vigil_soak_slot_start_cameras (VigilSoakRunner  *self,
                                GError          **error)
{
  if (self->camera_id == NULL && vigil_sim_camera_find_program () == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("%s is not installed (Debian package aravis-tools)"), VIGIL_FAKE_CAMERA_PROGRAM);
      return FALSE;
    }

  self->loopback = vigil_loopback_new ();
  for (guint i = 0; i < self->n_cameras; i++)
    {
      Slot *slot = g_new0 (Slot, 1);
      g_autofree char *serial = g_strdup_printf ("SOAK%u", i + 1);

      slot->runner = self;
      slot->index = i;
      slot->targets = g_array_new (FALSE, FALSE, sizeof (Target));
      g_ptr_array_add (self->slots, slot);
      if (self->camera_id != NULL)
        {
          slot->address = g_strdup (self->camera_id);
          continue;
        }

      slot->address = g_strdup_printf ("127.0.0.%u", i + 1);
      if (!vigil_loopback_ensure (self->loopback, slot->address, error))
        return FALSE;
      slot->camera = vigil_sim_camera_new (slot->address, serial);
      if (!vigil_sim_camera_start (slot->camera, error) ||
          !configure_camera (slot, error))
        return FALSE;
    }
  return TRUE;
}

/* After a respawn the camera is back at its defaults: set the rate through
 * the supervisor, on its worker, once it streams.  The next round waits
 * for the writes: a disturbance while Width restarts the stream was not
 * detected (the frame watchdog waits for a first frame of the restarted
 * stream that never comes). */
void
_vigil_soak_slot_reconfigure (Slot *slot)
{
  VigilSoakRunner *self = slot->runner;

  slot->configure = FALSE;
  if (self->frame_rate <= 0)
    return;
  slot->writes = 3;
  vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_WIDTH, g_variant_new_int32 (SIM_SIZE));
  vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_HEIGHT, g_variant_new_int32 (SIM_SIZE));
  vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_FRAME_RATE,
                                g_variant_new_double (self->frame_rate));
  if (self->trigger_hz > 0)
    {
      slot->writes += 2;
      vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_TRIGGER_MODE, g_variant_new_string ("On"));
      vigil_supervisor_set_feature (slot->supervisor, VIGIL_FEATURE_TRIGGER_SOURCE, g_variant_new_string ("Software"));
    }
}

/* ---- Rounds -------------------------------------------------------------- */

/* Starts @slot's next round: arms its faults and disturbs its camera. */
void
_vigil_soak_slot_begin_round (Slot *slot)
{
  VigilSoakRunner *self = slot->runner;
  VigilSoakSim sim;
  g_autoptr(GError) error = NULL;

  g_array_set_size (slot->targets, 0);
  slot->attempts = 0;
  slot->need_attempts = 1;
  slot->round = ++self->rounds;
  sim = _vigil_soak_arming_arm_round (self, slot);
  if (slot->camera == NULL)
    sim = VIGIL_SOAK_SIM_NONE;
  slot->sim = sim;

  switch (sim)
    {
    case VIGIL_SOAK_SIM_FREEZE:
      if (!vigil_sim_camera_freeze (slot->camera, &error))
        {
          _vigil_soak_runner_fail (self, g_steal_pointer (&error));
          return;
        }
      slot->frozen_seen_us = 0;
      _vigil_soak_slot_set_state (slot, SLOT_FROZEN);
      break;

    case VIGIL_SOAK_SIM_UNPLUG:
      if (!vigil_sim_camera_unplug (slot->camera, &error))
        {
          _vigil_soak_runner_fail (self, g_steal_pointer (&error));
          return;
        }
      _vigil_soak_slot_set_state (slot, SLOT_UNPLUGGED);
      break;

    case VIGIL_SOAK_SIM_LOSS:
      slot->loss_stage = 1;
      if (!vigil_sim_camera_set_loss (slot->camera, LOSS_PER_THOUSAND, &error))
        {
          _vigil_soak_runner_fail (self, g_steal_pointer (&error));
          return;
        }
      slot->configure = TRUE;
      _vigil_soak_slot_set_state (slot, SLOT_ROUND);
      break;

    case VIGIL_SOAK_SIM_NONE:
    default:
      vigil_supervisor_inject_loss (slot->supervisor);
      _vigil_soak_slot_set_state (slot, SLOT_ROUND);
      break;
    }
}

static void
end_round (Slot *slot)
{
  _vigil_soak_arming_record_round (slot->runner, slot);
  slot->sim = VIGIL_SOAK_SIM_NONE;
  _vigil_soak_slot_set_state (slot, SLOT_READY);
}

/* Counts the reconnects a supervisor made since we last looked. */
static void
count_reconnects (Slot *slot)
{
  guint64 reconnects;

  if (slot->supervisor == NULL)
    return;
  reconnects = vigil_supervisor_get_reconnects (slot->supervisor);
  if (reconnects > slot->reconnects_seen)
    {
      slot->attempts += reconnects - slot->reconnects_seen;
      slot->runner->cycles += reconnects - slot->reconnects_seen;
      slot->reconnects_seen = reconnects;
    }
}

/* shutdown.during-open cancels a supervisor for good: it says Idle.  A new
 * one takes its place, as an application would make after a shutdown; that
 * counts as a cycle. */
static void
replace_if_cancelled (Slot *slot)
{
  if (slot->state == SLOT_CLOSING || slot->state == SLOT_CLOSED || !slot->seen_active ||
      vigil_supervisor_get_state (slot->supervisor) != VIGIL_SUPERVISOR_IDLE)
    return;

  g_debug ("Camera %u: the supervisor was cancelled; starting a new one", slot->index + 1);
  slot_stop_supervisor (slot);
  _vigil_soak_slot_start_supervisor (slot);
  slot->attempts++;
  slot->runner->cycles++;
  slot->runner->replacements++;
}

/* SLOT_ROUND: the round ends once the supervisor streams again after its
 * attempts and the armed faults fired; a lossy link is made clean first. */
static void
step_round (Slot                 *slot,
            VigilSupervisorState  state)
{
  VigilSoakRunner *self = slot->runner;
  g_autoptr(GError) error = NULL;

  if (state != VIGIL_SUPERVISOR_STREAMING || slot->attempts < slot->need_attempts ||
      (self->phase != RUN_QUIESCE_FINAL && !_vigil_soak_arming_targets_fired (self, slot)))
    return;
  if (slot->configure)
    _vigil_soak_slot_reconfigure (slot);
  if (slot->loss_stage == 1)
    {
      /* It streams through a lossy link; now make the link clean again. */
      slot->loss_stage = 2;
      slot->attempts = 0;
      if (!vigil_sim_camera_set_loss (slot->camera, 0, &error))
        {
          _vigil_soak_runner_fail (self, g_steal_pointer (&error));
          return;
        }
      slot->configure = TRUE;
      _vigil_soak_slot_set_state (slot, SLOT_ROUND);
      return;
    }
  slot->loss_stage = 0;
  end_round (slot);
}

/* The frozen or unplugged camera is brought back once its loss was seen;
 * returns FALSE when that failed (the run then failed). */
static gboolean
step_disconnect (Slot                 *slot,
                 VigilSupervisorState  state,
                 gint64                now)
{
  g_autoptr(GError) error = NULL;

  if (slot->state == SLOT_FROZEN)
    {
      if (state == VIGIL_SUPERVISOR_RECOVERING && slot->frozen_seen_us == 0)
        slot->frozen_seen_us = now;
      if (slot->frozen_seen_us == 0 || now - slot->frozen_seen_us < FREEZE_HOLD_MS * 1000)
        return TRUE;
      if (!vigil_sim_camera_thaw (slot->camera, &error))
        {
          _vigil_soak_runner_fail (slot->runner, g_steal_pointer (&error));
          return FALSE;
        }
      _vigil_soak_slot_set_state (slot, SLOT_ROUND);
      return TRUE;
    }

  g_assert (slot->state == SLOT_UNPLUGGED);
  if (state != VIGIL_SUPERVISOR_RECOVERING)
    return TRUE;
  if (!vigil_sim_camera_replug (slot->camera, &error))
    {
      _vigil_soak_runner_fail (slot->runner, g_steal_pointer (&error));
      return FALSE;
    }
  slot->configure = TRUE;
  _vigil_soak_slot_set_state (slot, SLOT_ROUND);
  return TRUE;
}

/* Moves @slot on by what its supervisor did; fails the run when it made
 * no progress for STALL_US (INTERRUPTED_STALL_US once interrupted). */
void
_vigil_soak_slot_step (Slot *slot)
{
  VigilSoakRunner *self = slot->runner;
  VigilSupervisorState state;
  gint64 now = g_get_monotonic_time ();
  gint64 stall_us;

  if (slot->state == SLOT_CLOSED)
    return;
  count_reconnects (slot);
  replace_if_cancelled (slot);
  state = vigil_supervisor_get_state (slot->supervisor);

  switch (slot->state)
    {
    case SLOT_STARTING:
      if (state == VIGIL_SUPERVISOR_STREAMING && slot->attempts >= slot->need_attempts &&
          _vigil_soak_arming_targets_fired (self, slot))
        _vigil_soak_slot_set_state (slot, SLOT_READY);
      break;

    case SLOT_FROZEN:
    case SLOT_UNPLUGGED:
      if (!step_disconnect (slot, state, now))
        return;
      break;

    case SLOT_ROUND:
      step_round (slot, state);
      if (self->error != NULL)
        return;
      break;

    case SLOT_READY:
    case SLOT_CLOSING:
    case SLOT_CLOSED:
    default:
      break;
    }

  stall_us = self->interrupted ? INTERRUPTED_STALL_US : STALL_US;
  if (slot->state != SLOT_READY && slot->state != SLOT_CLOSED && now - slot->since_us > stall_us)
    _vigil_soak_runner_fail (self, g_error_new (VIGIL_ERROR, VIGIL_ERROR_TIMEOUT,
                                                _("Camera %u (%s) made no progress for %d s (supervisor %s: %s)"),
                                                slot->index + 1, slot->address, (int) (stall_us / G_USEC_PER_SEC),
                                                vigil_supervisor_state_to_string (state),
                                                vigil_supervisor_get_message (slot->supervisor)
                                                  ? vigil_supervisor_get_message (slot->supervisor)
                                                  : _("no message")));
}
