/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-probe"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-memory.h"
#include "vigil-probe.h"

/* Samples the process through a platform backend (see VigilProbeBackend).
 * Thread-safe: samples are serialised, so the probe may be shared by the
 * GUI timer and the session worker. */
struct _VigilProbe
{
  GObject                  parent_instance;

  const VigilProbeBackend *backend;
  gpointer                 state;
  GMutex                   lock;
};

G_DEFINE_FINAL_TYPE (VigilProbe, vigil_probe, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (VigilProbeSample, vigil_probe_sample,
                     vigil_probe_sample_copy, vigil_probe_sample_free)

static void
fd_entry_clear (gpointer data)
{
  VigilFdEntry *entry = data;

  g_clear_pointer (&entry->target, g_free);
}

static void
sample_init_unknown (VigilProbeSample *sample)
{
  memset (sample, 0, sizeof *sample);
  sample->open_fds = VIGIL_PROBE_UNKNOWN;
  for (guint i = 0; i < VIGIL_N_FD_KINDS; i++)
    sample->fds_by_kind[i] = VIGIL_PROBE_UNKNOWN;
  sample->threads = VIGIL_PROBE_UNKNOWN;
  sample->private_bytes = VIGIL_PROBE_UNKNOWN;
  sample->rss_bytes = VIGIL_PROBE_UNKNOWN;
  sample->rss_anon_bytes = VIGIL_PROBE_UNKNOWN;
  sample->fd_soft_limit = VIGIL_PROBE_UNKNOWN;
  sample->fd_hard_limit = VIGIL_PROBE_UNKNOWN;
  sample->gui_objects = VIGIL_PROBE_UNKNOWN;
  sample->heap_bytes = VIGIL_PROBE_UNKNOWN;
}

static void
log_failure (const char *what,
             GError     *error)
{
  if (error != NULL)
    g_debug ("Could not read %s: %s", what, error->message);
}

static void
vigil_probe_finalize (GObject *object)
{
  VigilProbe *self = VIGIL_PROBE (object);

  g_clear_pointer (&self->state, self->backend->destroy);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_probe_parent_class)->finalize (object);
}

static void
vigil_probe_class_init (VigilProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_probe_finalize;
}

static void
vigil_probe_init (VigilProbe *self)
{
  g_mutex_init (&self->lock);
}

/**
 * vigil_probe_new_with_backend:
 * @backend: a static backend table
 * @root: (nullable): backend specific root; %NULL for the live process
 *
 * Returns: (transfer full): a new probe
 */
VigilProbe *
vigil_probe_new_with_backend (const VigilProbeBackend *backend,
                              const char              *root)
{
  g_autoptr(VigilProbe) self = NULL;

  g_return_val_if_fail (backend != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_PROBE, NULL);
  self->backend = backend;
  self->state = backend->create (root);
  return g_steal_pointer (&self);
}

/**
 * vigil_probe_new:
 *
 * Returns: (transfer full): a probe of this process on this platform
 */
VigilProbe *
vigil_probe_new (void)
{
  return vigil_probe_new_with_backend (&vigil_probe_backend_linux, NULL);
}

/**
 * vigil_probe_new_for_root:
 * @root: a directory laid out like /proc/self (fd/, status, smaps_rollup,
 *   limits), for tests
 *
 * Returns: (transfer full): a Linux probe reading @root
 */
VigilProbe *
vigil_probe_new_for_root (const char *root)
{
  g_return_val_if_fail (root != NULL, NULL);
  return vigil_probe_new_with_backend (&vigil_probe_backend_linux, root);
}

const char *
vigil_probe_get_backend_name (VigilProbe *self)
{
  g_return_val_if_fail (VIGIL_IS_PROBE (self), NULL);
  return self->backend->name;
}

/**
 * vigil_probe_sample:
 * @flags: which figures to read
 *
 * Never fails: a figure that could not be read is VIGIL_PROBE_UNKNOWN.
 * Thread: any.
 *
 * Returns: (transfer full): the sample
 */
VigilProbeSample *
vigil_probe_sample (VigilProbe      *self,
                    VigilProbeFlags  flags)
{
  g_autoptr(VigilProbeSample) sample = g_new (VigilProbeSample, 1);
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_PROBE (self), NULL);

  sample_init_unknown (sample);
  if (flags & VIGIL_PROBE_FD_LIST)
    sample->fds = vigil_fd_list_new ();

  locker = g_mutex_locker_new (&self->lock);
  sample->monotonic_us = g_get_monotonic_time ();
  sample->wall_us = g_get_real_time ();

  if (flags & (VIGIL_PROBE_HANDLES | VIGIL_PROBE_FD_LIST))
    {
      g_autoptr(GError) local_error = NULL;

      if (!self->backend->read_handles (self->state, sample, sample->fds, &local_error))
        log_failure ("open handles", local_error);
    }
  if (flags & VIGIL_PROBE_THREADS)
    {
      g_autoptr(GError) local_error = NULL;

      if (!self->backend->read_threads (self->state, sample, &local_error))
        log_failure ("threads", local_error);
    }
  if (flags & VIGIL_PROBE_PRIVATE)
    {
      g_autoptr(GError) local_error = NULL;

      if (!self->backend->read_private (self->state, sample, &local_error))
        log_failure ("private memory", local_error);
      /* The C library's figure, not the OS's: the same on every platform
       * whose libc says it. */
      sample->heap_bytes = vigil_memory_heap_in_use ();
    }
  if (flags & VIGIL_PROBE_LIMITS)
    {
      g_autoptr(GError) local_error = NULL;

      if (!self->backend->read_limits (self->state, sample, &local_error))
        log_failure ("limits", local_error);
    }

  return g_steal_pointer (&sample);
}

/**
 * vigil_probe_list_fds:
 *
 * The cheap listing used around each phase for attribution.
 * Thread: any.
 *
 * Returns: (transfer full) (element-type VigilFdEntry) (nullable): the open
 *   fds sorted by number, or %NULL with @error set
 */
GArray *
vigil_probe_list_fds (VigilProbe  *self,
                      GError     **error)
{
  g_autoptr(GArray) list = vigil_fd_list_new ();
  g_autoptr(GMutexLocker) locker = NULL;
  VigilProbeSample scratch;

  g_return_val_if_fail (VIGIL_IS_PROBE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sample_init_unknown (&scratch);
  locker = g_mutex_locker_new (&self->lock);
  if (!self->backend->read_handles (self->state, &scratch, list, error))
    return NULL;
  return g_steal_pointer (&list);
}

/**
 * vigil_fd_list_new:
 *
 * Returns: (transfer full) (element-type VigilFdEntry): an empty fd list
 *   that frees its targets
 */
GArray *
vigil_fd_list_new (void)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (VigilFdEntry));

  g_array_set_clear_func (list, fd_entry_clear);
  return list;
}

const char *
vigil_fd_kind_to_string (VigilFdKind kind)
{
  switch (kind)
    {
    case VIGIL_FD_KIND_SOCKET:  return "socket";
    case VIGIL_FD_KIND_EVENTFD: return "eventfd";
    case VIGIL_FD_KIND_TIMERFD: return "timerfd";
    case VIGIL_FD_KIND_PIPE:    return "pipe";
    case VIGIL_FD_KIND_FILE:    return "file";
    case VIGIL_FD_KIND_DEVICE:  return "device";
    case VIGIL_FD_KIND_OTHER:   return "other";
    case VIGIL_N_FD_KINDS:
    default:                    return NULL;
    }
}

/**
 * vigil_fd_kind_from_target:
 * @target: (nullable): the link target of /proc/self/fd/N
 *
 * Returns: the kind of handle; a pipe end is one pipe fd (a pipe () call
 *   makes two).  Agrees with the file type for the live process: sockets,
 *   pipes, /dev nodes, and every path (regular files, directories, memfd)
 */
VigilFdKind
vigil_fd_kind_from_target (const char *target)
{
  if (target == NULL)
    return VIGIL_FD_KIND_OTHER;
  if (g_str_has_prefix (target, "socket:"))
    return VIGIL_FD_KIND_SOCKET;
  if (g_str_has_prefix (target, "pipe:"))
    return VIGIL_FD_KIND_PIPE;
  if (strcmp (target, "anon_inode:[eventfd]") == 0)
    return VIGIL_FD_KIND_EVENTFD;
  if (strcmp (target, "anon_inode:[timerfd]") == 0)
    return VIGIL_FD_KIND_TIMERFD;
  if (g_str_has_prefix (target, "/dev/"))
    return VIGIL_FD_KIND_DEVICE;
  if (target[0] == '/')
    return VIGIL_FD_KIND_FILE;          /* also "/memfd:…", a regular file */
  return VIGIL_FD_KIND_OTHER;
}

/**
 * vigil_probe_sample_copy:
 *
 * Returns: (transfer full): a deep copy of @sample
 */
VigilProbeSample *
vigil_probe_sample_copy (const VigilProbeSample *sample)
{
  g_autoptr(VigilProbeSample) copy = NULL;

  g_return_val_if_fail (sample != NULL, NULL);

  copy = g_memdup2 (sample, sizeof *sample);
  copy->fds = NULL;
  if (sample->fds != NULL)
    {
      copy->fds = vigil_fd_list_new ();
      for (guint i = 0; i < sample->fds->len; i++)
        {
          const VigilFdEntry *src = &g_array_index (sample->fds, VigilFdEntry, i);
          VigilFdEntry entry = { src->fd, g_strdup (src->target) };

          g_array_append_val (copy->fds, entry);
        }
    }
  return g_steal_pointer (&copy);
}

void
vigil_probe_sample_free (VigilProbeSample *sample)
{
  if (sample == NULL)
    return;
  g_clear_pointer (&sample->fds, g_array_unref);
  g_free (sample);
}
