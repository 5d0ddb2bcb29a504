/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-control-probe"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "vigil-control-probe.h"
#include "vigil-error.h"

/* GigE Vision: the control port, the READREG command and its
 * acknowledge, and the bootstrap register "Control Channel Privilege"
 * (CCP), which reads 0 when no application controls the camera: what a
 * camera that dropped us (its heartbeat timed out) says. */
#define GVCP_PORT                  3956
#define GVCP_KEY                   0x42
#define GVCP_FLAG_ACK_REQUIRED     0x01
#define GVCP_READREG_CMD           0x0080
#define GVCP_READREG_ACK           0x0081
#define GVCP_HEADER_SIZE           8
#define GVBS_CONTROL_CHANNEL_PRIVILEGE 0x0a00

struct _VigilControlProbe
{
  ArvCamera *camera;    /* borrowed: the session's */
  GSocket   *socket;    /* NULL: not GigE, read a feature */
  guint16    next_id;
};

/* Not GigE: a feature read that reaches the device. */
static const char * const probe_features[] = { "AcquisitionMode", "PixelFormat" };

/**
 * vigil_control_probe_new:
 * @camera: (transfer none): the session's camera, which outlives the probe
 *
 * Returns: (transfer full) (nullable): a probe, or %NULL with @error when
 *   its socket could not be made
 */
VigilControlProbe *
vigil_control_probe_new (ArvCamera  *camera,
                         GError    **error)
{
  g_autoptr(VigilControlProbe) self = g_new0 (VigilControlProbe, 1);
  g_autoptr(GSocketAddress) remote = NULL;
  GSocketAddress *device_address;
  GInetAddress *address;

  g_return_val_if_fail (ARV_IS_CAMERA (camera), NULL);

  self->camera = camera;
  self->next_id = 1;
  if (!arv_camera_is_gv_device (camera))
    return g_steal_pointer (&self);

  /* (transfer none) in Aravis 0.8 */
  device_address = arv_gv_device_get_device_address (ARV_GV_DEVICE (arv_camera_get_device (camera)));
  if (!G_IS_INET_SOCKET_ADDRESS (device_address))
    return g_steal_pointer (&self);
  address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (device_address));
  self->socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_DATAGRAM,
                               G_SOCKET_PROTOCOL_UDP, error);
  if (self->socket == NULL)
    return NULL;
  remote = g_inet_socket_address_new (address, GVCP_PORT);
  if (!g_socket_connect (self->socket, remote, NULL, error))
    return NULL;
  g_socket_set_blocking (self->socket, FALSE);
  return g_steal_pointer (&self);
}

void
vigil_control_probe_free (VigilControlProbe *self)
{
  if (self == NULL)
    return;
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_free (self);
}

/* The probe's own fd, -1 when it reads through Aravis. */
int
vigil_control_probe_get_fd (VigilControlProbe *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->socket ? g_socket_get_fd (self->socket) : -1;
}

static VigilProbeResult
probe_feature (VigilControlProbe  *self,
               GError            **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (probe_features); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!arv_camera_is_feature_available (self->camera, probe_features[i], NULL))
        continue;
      arv_camera_get_string (self->camera, probe_features[i], &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return VIGIL_PROBE_NO_ANSWER;
        }
      return VIGIL_PROBE_ANSWERED;
    }
  /* Nothing to read: a camera that keeps its device open counts as there. */
  return VIGIL_PROBE_ANSWERED;
}

/* Reads what came back; TRUE with @value when it is the answer to @id. */
static gboolean
receive_answer (VigilControlProbe *self,
                guint16            id,
                guint32           *value)
{
  guint8 packet[64];
  gssize size;

  while ((size = g_socket_receive (self->socket, (char *) packet, sizeof packet, NULL, NULL)) > 0)
    {
      guint16 status, command, length, ack_id;

      if (size < GVCP_HEADER_SIZE + 4)
        continue;
      status = (guint16) (packet[0] << 8 | packet[1]);
      command = (guint16) (packet[2] << 8 | packet[3]);
      length = (guint16) (packet[4] << 8 | packet[5]);
      ack_id = (guint16) (packet[6] << 8 | packet[7]);
      if (status != 0 || command != GVCP_READREG_ACK || length < 4 || ack_id != id)
        continue;
      *value = (guint32) packet[8] << 24 | (guint32) packet[9] << 16 | (guint32) packet[10] << 8 | packet[11];
      return TRUE;
    }
  return FALSE;
}

static gboolean
read_privilege (VigilControlProbe  *self,
                guint32            *value)
{
  guint16 id = self->next_id++;
  guint8 packet[GVCP_HEADER_SIZE + 4] = {
    GVCP_KEY, GVCP_FLAG_ACK_REQUIRED, GVCP_READREG_CMD >> 8, GVCP_READREG_CMD & 0xff, 0, 4, id >> 8, id & 0xff,
    (GVBS_CONTROL_CHANNEL_PRIVILEGE >> 24) & 0xff, (GVBS_CONTROL_CHANNEL_PRIVILEGE >> 16) & 0xff,
    (GVBS_CONTROL_CHANNEL_PRIVILEGE >> 8) & 0xff, GVBS_CONTROL_CHANNEL_PRIVILEGE & 0xff,
  };

  if (self->next_id == 0)
    self->next_id = 1;
  /* Whatever an earlier, late answer left behind. */
  receive_answer (self, 0, value);

  for (guint try = 0; try < VIGIL_CONTROL_PROBE_TRIES; try++)
    {
      gint64 deadline = g_get_monotonic_time () + VIGIL_CONTROL_PROBE_WAIT_MS * 1000;

      g_socket_send (self->socket, (const char *) packet, sizeof packet, NULL, NULL);
      while (g_get_monotonic_time () < deadline)
        {
          if (!g_socket_condition_timed_wait (self->socket, G_IO_IN, deadline - g_get_monotonic_time (), NULL, NULL))
            break;
          if (receive_answer (self, id, value))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * vigil_control_probe_run:
 *
 * Asks the camera whether it answers and (GigE) whether it is still
 * controlled.  @error says why when the result is not ANSWERED.
 *
 * Returns: what the camera said
 */
VigilProbeResult
vigil_control_probe_run (VigilControlProbe  *self,
                         GError            **error)
{
  guint32 privilege = 0;

  g_return_val_if_fail (self != NULL, VIGIL_PROBE_NO_ANSWER);

  if (self->socket == NULL)
    return probe_feature (self, error);

  if (!read_privilege (self, &privilege))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT,
                   _("The camera did not answer within %u ms"),
                   VIGIL_CONTROL_PROBE_TRIES * VIGIL_CONTROL_PROBE_WAIT_MS);
      return VIGIL_PROBE_NO_ANSWER;
    }
  if (privilege == 0 || !arv_gv_device_is_controller (ARV_GV_DEVICE (arv_camera_get_device (self->camera))))
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_NOT_CONTROLLER,
                           _("The camera no longer takes this application as its controller"));
      return VIGIL_PROBE_NOT_CONTROLLER;
    }
  return VIGIL_PROBE_ANSWERED;
}
