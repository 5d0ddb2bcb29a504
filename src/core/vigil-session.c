/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-session"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-consumer.h"
#include "vigil-discovery.h"
#include "vigil-error.h"
#include "vigil-session.h"

#define N_BUFFERS 8

/* One camera session: the camera, its stream, the buffers, the running
 * acquisition and the frame consumer thread.  Opened step by step; each
 * step's result is an autoptr local that moves into the session only when
 * the whole open succeeded, so a failure at any step closes exactly what
 * was made so far.  Closing runs in reverse order. */
struct _VigilSession
{
  GObject          parent_instance;

  char            *camera_id;
  VigilFrameSink  *sink;

  /* Released in this order by vigil_session_close (). */
  VigilConsumer   *consumer;
  ArvCamera       *acquiring;   /* the camera, while acquisition runs */
  ArvStream       *stream;
  ArvCamera       *camera;
};

G_DEFINE_FINAL_TYPE (VigilSession, vigil_session, G_TYPE_OBJECT)

/* A running acquisition as an owned value: dropping it stops acquisition. */
typedef ArvCamera VigilAcquisition;

static void
vigil_acquisition_stop (VigilAcquisition *camera)
{
  g_autoptr(GError) error = NULL;

  arv_camera_stop_acquisition (camera, &error);
  if (error != NULL)
    g_debug ("Stopping acquisition failed: %s", error->message);
  g_object_unref (camera);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAcquisition, vigil_acquisition_stop)

/* A stream as an owned value: signals off before the last unref. */
typedef ArvStream VigilOwnedStream;

static void
vigil_owned_stream_release (VigilOwnedStream *stream)
{
  arv_stream_set_emit_signals (stream, FALSE);
  g_object_unref (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilOwnedStream, vigil_owned_stream_release)

static ArvCamera *
open_device (const char  *camera_id,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ArvCamera) camera = NULL;

  vigil_aravis_lock ();
  camera = arv_camera_new (camera_id, &local_error);
  vigil_aravis_unlock ();

  if (camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA,
                   _("Could not open camera “%s”: %s"), camera_id ? camera_id : _("(first found)"),
                   local_error ? local_error->message : _("not found"));
      return NULL;
    }

  /* Without control a GigE camera streams nothing and never reports
   * control-lost: refuse it plainly. */
  if (arv_camera_is_gv_device (camera) &&
      !arv_gv_device_is_controller (ARV_GV_DEVICE (arv_camera_get_device (camera))))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_CONTROLLER,
                   _("Camera “%s” is controlled by another application"), camera_id);
      return NULL;
    }

  return g_steal_pointer (&camera);
}

static VigilOwnedStream *
create_stream (ArvCamera  *camera,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilOwnedStream) stream = NULL;
  guint payload;

  stream = arv_camera_create_stream (camera, NULL, NULL, &local_error);
  if (stream == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not create the stream: "));
      return NULL;
    }

  payload = arv_camera_get_payload (camera, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not read the payload size: "));
      return NULL;
    }

  for (guint i = 0; i < N_BUFFERS; i++)
    arv_stream_push_buffer (stream, arv_buffer_new_allocate (payload));

  return g_steal_pointer (&stream);
}

static VigilAcquisition *
start_acquisition (ArvCamera  *camera,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  arv_camera_set_acquisition_mode (camera, ARV_ACQUISITION_MODE_CONTINUOUS, NULL);
  arv_camera_start_acquisition (camera, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not start acquisition: "));
      return NULL;
    }

  return g_object_ref (camera);
}

/* Stream, buffers, acquisition and consumer: the part made anew when the
 * payload size changes. */
static gboolean
start_streaming (VigilSession  *self,
                 GError       **error)
{
  g_autoptr(VigilOwnedStream) stream = NULL;
  g_autoptr(VigilAcquisition) acquiring = NULL;
  g_autoptr(VigilConsumer) consumer = NULL;

  if (!(stream = create_stream (self->camera, error)))
    return FALSE;
  if (!(acquiring = start_acquisition (self->camera, error)))
    return FALSE;
  if (!(consumer = vigil_consumer_start (stream, self->sink, error)))
    return FALSE;

  self->stream = g_steal_pointer (&stream);
  self->acquiring = g_steal_pointer (&acquiring);
  self->consumer = g_steal_pointer (&consumer);
  return TRUE;
}

/* Stop order: consumer joined, acquisition stopped, stream released. */
static void
stop_streaming (VigilSession *self)
{
  g_clear_pointer (&self->consumer, vigil_consumer_stop);
  g_clear_pointer (&self->acquiring, vigil_acquisition_stop);
  g_clear_pointer (&self->stream, vigil_owned_stream_release);
}

static void
vigil_session_dispose (GObject *object)
{
  VigilSession *self = (VigilSession *) object;

  stop_streaming (self);
  g_clear_object (&self->camera);
  g_clear_object (&self->sink);

  G_OBJECT_CLASS (vigil_session_parent_class)->dispose (object);
}

static void
vigil_session_finalize (GObject *object)
{
  VigilSession *self = (VigilSession *) object;

  g_free (self->camera_id);

  G_OBJECT_CLASS (vigil_session_parent_class)->finalize (object);
}

static void
vigil_session_class_init (VigilSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_session_dispose;
  object_class->finalize = vigil_session_finalize;
}

static void
vigil_session_init (VigilSession *self)
{
}

/**
 * vigil_session_open:
 * @camera_id: (nullable): an Aravis device id or the camera's IP address;
 *   %NULL for the first camera found
 * @sink: (transfer none): where frames go
 *
 * Opens the camera and starts streaming.  Worker thread.
 *
 * Returns: (transfer full) (nullable): the streaming session
 */
VigilSession *
vigil_session_open (const char      *camera_id,
                    VigilFrameSink  *sink,
                    GError         **error)
{
  g_autoptr(VigilSession) self = g_object_new (VIGIL_TYPE_SESSION, NULL);
  g_autoptr(ArvCamera) camera = NULL;

  self->camera_id = g_strdup (camera_id);
  self->sink = g_object_ref (sink);

  if (!(camera = open_device (camera_id, error)))
    return NULL;
  self->camera = g_steal_pointer (&camera);
  if (!start_streaming (self, error))
    return NULL;                        /* dispose releases the camera */

  return g_steal_pointer (&self);
}

/**
 * vigil_session_close:
 *
 * Stops streaming and releases the camera, in reverse order of opening.
 * Always completes, also on a dead camera (each call then times out).
 * Worker thread.
 */
void
vigil_session_close (VigilSession *self)
{
  g_return_if_fail (VIGIL_IS_SESSION (self));

  stop_streaming (self);
  g_clear_object (&self->camera);
}

/**
 * vigil_session_read_controls:
 *
 * Returns: (transfer full) (nullable): the camera's quick controls
 */
VigilControls *
vigil_session_read_controls (VigilSession  *self,
                             GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);

  if (self->camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("The session is closed"));
      return NULL;
    }
  return vigil_controls_read (self->camera, self->camera_id, error);
}

/* Writes one feature; around features that change the payload size the
 * stream is made anew, also when the write failed. */
gboolean
vigil_session_set_feature (VigilSession  *self,
                           const char    *feature,
                           GVariant      *value,
                           GError       **error)
{
  g_autoptr(GError) write_error = NULL;
  gboolean restart;

  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);

  if (self->camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_CAMERA, _("The session is closed"));
      return FALSE;
    }

  restart = vigil_controls_needs_restart (feature);
  if (restart)
    stop_streaming (self);

  vigil_controls_apply (self->camera, feature, value, &write_error);

  if (restart && !start_streaming (self, error))
    return FALSE;

  if (write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }
  return TRUE;
}

const char *
vigil_session_get_camera_id (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), NULL);
  return self->camera_id;
}

/* Any thread: monotonic time of the newest frame, 0 before the first. */
gint64
vigil_session_get_last_frame (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), 0);
  return self->consumer ? vigil_consumer_get_last_frame (self->consumer) : 0;
}

gboolean
vigil_session_is_streaming (VigilSession *self)
{
  g_return_val_if_fail (VIGIL_IS_SESSION (self), FALSE);
  return self->consumer != NULL;
}
