/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-sim-camera"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <arpa/inet.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-sim-camera.h"

#define GVCP_PORT 3956
#define READY_TIMEOUT_US (5 * G_USEC_PER_SEC)

/* The simulated camera: a child arv-fake-gv-camera-0.8 on a loopback
 * address.  The child gets SIGKILL when the thread that spawned it ends
 * (PR_SET_PDEATHSIG), so spawn it from the main thread: it never outlives
 * Vigil, even when Vigil is killed. */
struct _VigilSimCamera
{
  GObject      parent_instance;

  char        *address;
  char        *serial;
  char        *genicam;   /* (nullable) a GenICam file served instead of the built-in one */
  GSubprocess *process;
  guint        loss;
  gboolean     frozen;
};

G_DEFINE_FINAL_TYPE (VigilSimCamera, vigil_sim_camera, G_TYPE_OBJECT)

static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * vigil_sim_camera_find_program:
 *
 * Returns: (nullable): the path of arv-fake-gv-camera-0.8, or %NULL
 */
const char *
vigil_sim_camera_find_program (void)
{
  static gsize once = 0;
  static char *path = NULL;

  if (g_once_init_enter (&once))
    {
      path = g_find_program_in_path (VIGIL_FAKE_CAMERA_PROGRAM);
      g_once_init_leave (&once, 1);
    }

  return path;
}

/* Whether a UDP socket is bound to address:3956, from /proc/net/udp of our
 * network namespace. */
static gboolean
gvcp_port_bound (const char *address)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  struct in_addr addr;
  char needle[32];

  if (inet_pton (AF_INET, address, &addr) != 1)
    return FALSE;
  /* /proc/net/udp prints the address as a host-order hex word. */
  g_snprintf (needle, sizeof needle, "%08X:%04X", addr.s_addr, GVCP_PORT);

  if (!g_file_get_contents ("/proc/net/udp", &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint n = 0;

      for (guint j = 0; cols[j]; j++)
        {
          if (*cols[j] == '\0')
            continue;
          if (++n == 2 && g_ascii_strcasecmp (cols[j], needle) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* Whether the child has exited (a zombie not reaped yet).  GLib's child
 * watch reaps it, so never call waitpid () here ourselves. */
static gboolean
child_exited (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *stat = NULL;
  const char *paren;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  paren = strrchr (stat, ')');
  return paren == NULL || paren[1] == '\0' || paren[2] == 'Z' || paren[2] == 'X';
}

static void
kill_and_reap (VigilSimCamera *self)
{
  g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);

  if (process == NULL)
    return;

  g_subprocess_force_exit (process);
  /* The child is ours: reap it so no zombie stays. */
  g_subprocess_wait (process, NULL, NULL);
  self->frozen = FALSE;
}

static gboolean
spawn (VigilSimCamera  *self,
       GError         **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *program = vigil_sim_camera_find_program ();
  gint64 deadline;

  if (program == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("The simulated camera needs %s, which is not installed (Debian package aravis-tools)"),
                   VIGIL_FAKE_CAMERA_PROGRAM);
      return FALSE;
    }

  if (gvcp_port_bound (self->address))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("Another program already serves a camera on %s (UDP port %d)"),
                   self->address, GVCP_PORT);
      return FALSE;
    }

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("-i"));
  g_ptr_array_add (argv, g_strdup (self->address));
  if (self->serial)
    {
      g_ptr_array_add (argv, g_strdup ("-s"));
      g_ptr_array_add (argv, g_strdup (self->serial));
    }
  if (self->genicam)
    {
      g_ptr_array_add (argv, g_strdup ("-g"));
      g_ptr_array_add (argv, g_strdup (self->genicam));
    }
  if (self->loss > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-r"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", self->loss));
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &local_error);
  if (process == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not start the simulated camera: "));
      return FALSE;
    }

  /* Ready when its control port is bound; it fails fast when the address is
   * not on an interface. */
  deadline = g_get_monotonic_time () + READY_TIMEOUT_US;
  while (!gvcp_port_bound (self->address))
    {
      if (child_exited (process))
        {
          g_subprocess_wait (process, NULL, NULL);
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                       _("The simulated camera on %s exited at start; is the address on a network interface?"),
                       self->address);
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_subprocess_force_exit (process);
          g_subprocess_wait (process, NULL, NULL);
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_TIMEOUT,
                       _("The simulated camera on %s did not start within 5 s"), self->address);
          return FALSE;
        }
      g_usleep (10 * 1000);
    }

  g_debug ("Simulated camera %s started on %s", g_subprocess_get_identifier (process), self->address);
  self->process = g_steal_pointer (&process);
  self->frozen = FALSE;
  return TRUE;
}

static void
vigil_sim_camera_dispose (GObject *object)
{
  VigilSimCamera *self = (VigilSimCamera *) object;

  kill_and_reap (self);

  G_OBJECT_CLASS (vigil_sim_camera_parent_class)->dispose (object);
}

static void
vigil_sim_camera_finalize (GObject *object)
{
  VigilSimCamera *self = (VigilSimCamera *) object;

  g_free (self->address);
  g_free (self->serial);
  g_free (self->genicam);

  G_OBJECT_CLASS (vigil_sim_camera_parent_class)->finalize (object);
}

static void
vigil_sim_camera_class_init (VigilSimCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_sim_camera_dispose;
  object_class->finalize = vigil_sim_camera_finalize;
}

static void
vigil_sim_camera_init (VigilSimCamera *self)
{
}

/**
 * vigil_sim_camera_new:
 * @address: an IPv4 address of an interface, e.g. "127.0.0.1"
 * @serial: (nullable): the serial number the camera reports
 *
 * Returns: (transfer full): a simulated camera, not started yet
 */
VigilSimCamera *
vigil_sim_camera_new (const char *address,
                      const char *serial)
{
  VigilSimCamera *self = g_object_new (VIGIL_TYPE_SIM_CAMERA, NULL);

  self->address = g_strdup (address ? address : "127.0.0.1");
  self->serial = g_strdup (serial);
  return self;
}

gboolean
vigil_sim_camera_start (VigilSimCamera  *self,
                        GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);

  if (self->process != NULL)
    return TRUE;
  return spawn (self, error);
}

void
vigil_sim_camera_stop (VigilSimCamera *self)
{
  g_return_if_fail (VIGIL_IS_SIM_CAMERA (self));
  kill_and_reap (self);
}

static gboolean
send_signal (VigilSimCamera  *self,
             int              signum,
             GError         **error)
{
  if (self->process == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("The simulated camera is unplugged"));
      return FALSE;
    }
  g_subprocess_send_signal (self->process, signum);
  return TRUE;
}

/* SIGSTOP takes effect a moment after kill () returned (the process may be
 * running on the other core): wait, at most 1 s, until /proc says it is
 * stopped, so that "frozen" means the camera cannot answer any more (a
 * probe sent right after the signal was answered half the time). */
static void
wait_stopped (VigilSimCamera *self)
{
  const char *id = g_subprocess_get_identifier (self->process);
  g_autofree char *path = id ? g_strdup_printf ("/proc/%s/stat", id) : NULL;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (path != NULL && g_get_monotonic_time () < deadline)
    {
      g_autofree char *stat = NULL;
      const char *paren;

      if (!g_file_get_contents (path, &stat, NULL, NULL))
        return;
      paren = strrchr (stat, ')');
      if (paren == NULL || paren[1] == '\0' || paren[2] == 'T' || paren[2] == 't')
        return;
      g_usleep (500);
    }
}

/* Freeze: the process stops (SIGSTOP), so the camera stops answering. */
gboolean
vigil_sim_camera_freeze (VigilSimCamera  *self,
                         GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);
  if (!send_signal (self, SIGSTOP, error))
    return FALSE;
  wait_stopped (self);
  self->frozen = TRUE;
  return TRUE;
}

gboolean
vigil_sim_camera_thaw (VigilSimCamera  *self,
                       GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);
  if (!send_signal (self, SIGCONT, error))
    return FALSE;
  self->frozen = FALSE;
  return TRUE;
}

/* Unplug: the camera process dies at once (SIGKILL). */
gboolean
vigil_sim_camera_unplug (VigilSimCamera  *self,
                         GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);
  if (self->process == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("The simulated camera is already unplugged"));
      return FALSE;
    }
  kill_and_reap (self);
  return TRUE;
}

gboolean
vigil_sim_camera_replug (VigilSimCamera  *self,
                         GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);
  if (self->process != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SIMULATOR,
                   _("The simulated camera is already plugged in"));
      return FALSE;
    }
  return spawn (self, error);
}

/* Packet loss: respawn with a GVSP loss ratio; 0 restores a clean link. */
gboolean
vigil_sim_camera_set_loss (VigilSimCamera  *self,
                           guint            lost_per_thousand,
                           GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);

  if (lost_per_thousand > 1000)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("Packet loss must be between 0 and 1000 per thousand, got %u"), lost_per_thousand);
      return FALSE;
    }
  self->loss = lost_per_thousand;
  kill_and_reap (self);
  return spawn (self, error);
}

/**
 * vigil_sim_camera_set_genicam:
 * @path: (nullable): a GenICam XML file, %NULL for the camera's own
 *
 * The GenICam file the camera serves from its next start or replug on
 * (`arv-fake-gv-camera-0.8 -g`): its features must still match the
 * simulated camera's registers.  Tests use it for cameras that lack a
 * feature or refuse a command.
 */
void
vigil_sim_camera_set_genicam (VigilSimCamera *self,
                              const char     *path)
{
  g_return_if_fail (VIGIL_IS_SIM_CAMERA (self));
  g_free (self->genicam);
  self->genicam = g_strdup (path);
}

const char *
vigil_sim_camera_get_address (VigilSimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), NULL);
  return self->address;
}

gboolean
vigil_sim_camera_is_running (VigilSimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);
  return self->process != NULL;
}

gboolean
vigil_sim_camera_is_frozen (VigilSimCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_SIM_CAMERA (self), FALSE);
  return self->frozen;
}
