/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-events"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-events-log-private.h"
#include "vigil-events.h"
#include "vigil-memory.h"

/* The lifecycle event stream.  vigil_events_post () may be called from any
 * thread: the event goes into the ring, to the journal and to the JSON-lines
 * file at once, and "event-added" is emitted later on the main context that
 * was thread-default when the object was created. */
struct _VigilEvents
{
  GObject       parent_instance;

  GMainContext *context;
  GMutex        lock;                   /* everything below */
  VigilEvent  **ring;
  guint         capacity;
  guint         head;                   /* oldest */
  guint         len;
  GPtrArray    *pending;                /* not yet signalled */
  GSource      *idle;

  VigilEventsLog *log;                  /* nullable: --log-file */

  gboolean      journal;
  VigilProbe   *probe;
  gint64        reconnects;
};

G_DEFINE_FINAL_TYPE (VigilEvents, vigil_events, G_TYPE_OBJECT)

enum {
  EVENT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ring_clear (VigilEvents *self)
{
  for (guint i = 0; i < self->len; i++)
    vigil_event_unref (self->ring[(self->head + i) % self->capacity]);
  self->head = 0;
  self->len = 0;
}

static void
ring_push (VigilEvents *self,
           VigilEvent  *event)
{
  if (self->len == self->capacity)
    {
      vigil_event_unref (self->ring[self->head]);
      self->ring[self->head] = vigil_event_ref (event);
      self->head = (self->head + 1) % self->capacity;
      return;
    }
  self->ring[(self->head + self->len) % self->capacity] = vigil_event_ref (event);
  self->len++;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gboolean
deliver_pending (gpointer data)
{
  g_autoptr(VigilEvents) self = g_weak_ref_get (data);
  g_autoptr(GPtrArray) pending = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->lock);
  pending = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_event_unref);
  g_clear_pointer (&self->idle, g_source_unref);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < pending->len; i++)
    g_signal_emit (self, signals[EVENT_ADDED], 0, g_ptr_array_index (pending, i));
  return G_SOURCE_REMOVE;
}

/* Called with the lock held. */
static void
schedule_delivery (VigilEvents *self)
{
  GWeakRef *weak;

  if (self->idle != NULL)
    return;
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  self->idle = g_idle_source_new ();
  g_source_set_priority (self->idle, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_name (self->idle, "[vigil] event-added");
  g_source_set_callback (self->idle, deliver_pending, weak, weak_ref_free);
  g_source_attach (self->idle, self->context);
}

/* Locked.  Returns what happened to the record; on the first failure of
 * an episode @error says why, on recovery @dropped says what it cost. */
static VigilEventsLogOutcome
write_log (VigilEvents  *self,
           VigilEvent   *event,
           guint64      *dropped,
           GError      **error)
{
  g_autofree char *json = NULL;

  if (self->log == NULL)
    return VIGIL_EVENTS_LOG_WRITTEN;
  json = vigil_event_to_json_line (event);
  return vigil_events_log_write (self->log, json, g_get_monotonic_time (), dropped, error);
}

/* Outside the lock: tells once that the log file fails (an Error event,
 * which reaches the journal, the ring and the window), and that it works
 * again. */
static void
report_log_outcome (VigilEvents           *self,
                    VigilEventsLogOutcome  outcome,
                    guint64                dropped,
                    const GError          *error)
{
  g_autoptr(VigilEvent) event = NULL;

  if (outcome == VIGIL_EVENTS_LOG_RECOVERED)
    g_message ("The event log is written again; %" G_GUINT64_FORMAT " events could not be written", dropped);
  if (outcome != VIGIL_EVENTS_LOG_FAILED)
    return;
  event = vigil_event_new (VIGIL_EVENT_ERROR);
  vigil_event_set_strings (event, NULL, VIGIL_EVENTS_LOG_OPERATION);
  vigil_event_set_error (event, error);
  vigil_events_post (self, event);
}

/* The journal entry: the shape's fields upper-cased with VIGIL_, only the
 * present ones, plus process context. */
static void
write_journal (VigilEvent *event)
{
  static char host[256];
  static gsize host_once;
  char numbers[16][24];                 /* 13 numeric fields */
  GLogField fields[40];                 /* 2 + 26 fields at most */
  g_autofree char *message = NULL;
  guint n = 0, k = 0;
  const char *type = vigil_event_type_to_string (event->event);
  const char *phase = vigil_phase_to_string (event->phase);
  GLogLevelFlags level;

  if (g_once_init_enter (&host_once))
    {
      g_strlcpy (host, g_get_host_name (), sizeof host);
      g_once_init_leave (&host_once, 1);
    }

#define ADD_STR(key, val) \
  G_STMT_START { if ((val) != NULL) fields[n++] = (GLogField) { key, (val), -1 }; } G_STMT_END
#define ADD_NUM(key, present, fmt, val) \
  G_STMT_START { \
    if (present) \
      { \
        g_snprintf (numbers[k], sizeof numbers[k], fmt, val); \
        fields[n++] = (GLogField) { key, numbers[k++], -1 }; \
      } \
  } G_STMT_END

  message = g_strdup_printf ("%s%s%s%s%s%s%s",
                             type,
                             event->action ? " " : "", event->action ? event->action : "",
                             event->kind ? " " : "", event->kind ? event->kind : "",
                             phase ? " in " : "", phase ? phase : "");
  fields[n++] = (GLogField) { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 };
  fields[n++] = (GLogField) { "MESSAGE", message, -1 };
  ADD_NUM ("VIGIL_TS", TRUE, "%" G_GINT64_FORMAT, event->ts_us);
  ADD_STR ("VIGIL_EVENT", type);
  ADD_NUM ("VIGIL_SESSION", event->session != 0, "%" G_GUINT64_FORMAT, event->session);
  ADD_STR ("VIGIL_CAMERA", event->camera);
  ADD_STR ("VIGIL_OPERATION", event->operation);
  ADD_NUM ("VIGIL_RECONNECTS", event->reconnects >= 0, "%" G_GINT64_FORMAT, event->reconnects);
  ADD_STR ("VIGIL_PHASE", phase);
  ADD_NUM ("VIGIL_RESOURCE", event->resource != 0, "%" G_GUINT64_FORMAT, event->resource);
  ADD_STR ("VIGIL_KIND", event->kind);
  ADD_STR ("VIGIL_NAME", event->name);
  ADD_STR ("VIGIL_ACTION", event->action);
  ADD_NUM ("VIGIL_OS_HANDLE", event->os_handle >= 0, "%" G_GINT64_FORMAT, event->os_handle);
  ADD_STR ("VIGIL_OWNER", event->owner);
  ADD_STR ("VIGIL_ERROR_DOMAIN", event->error_domain);
  ADD_NUM ("VIGIL_ERROR_CODE", event->error_domain != NULL, "%d", event->error_code);
  ADD_STR ("VIGIL_ERROR_MESSAGE", event->error_message);
  ADD_NUM ("VIGIL_ERRNO", event->errno_value >= 0, "%" G_GINT64_FORMAT, event->errno_value);
  ADD_NUM ("VIGIL_TIMEOUT_MS", event->timeout_ms >= 0, "%" G_GINT64_FORMAT, event->timeout_ms);
  ADD_NUM ("VIGIL_OPEN_FDS", event->open_fds >= 0, "%" G_GINT64_FORMAT, event->open_fds);
  ADD_NUM ("VIGIL_THREADS", event->threads >= 0, "%" G_GINT64_FORMAT, event->threads);
  ADD_NUM ("VIGIL_PRIVATE_BYTES", event->private_bytes >= 0, "%" G_GINT64_FORMAT, event->private_bytes);
  ADD_NUM ("VIGIL_PID", TRUE, "%d", (int) getpid ());
  ADD_NUM ("VIGIL_TID", TRUE, "%d", (int) gettid ());
  ADD_STR ("VIGIL_VERSION", PACKAGE_VERSION);
  ADD_STR ("VIGIL_HOST", host);
#undef ADD_STR
#undef ADD_NUM

  /* Never WARNING: user-visible failures are not programmer errors. */
  level = (event->event == VIGIL_EVENT_ERROR || event->event == VIGIL_EVENT_FAULT)
          ? G_LOG_LEVEL_MESSAGE : G_LOG_LEVEL_INFO;
  g_log_structured_array (level, fields, n);
}

static void
fill_process (VigilEvents *self,
              VigilEvent  *event)
{
  g_autoptr(VigilProbeSample) sample = NULL;
  g_autoptr(VigilProbe) probe = NULL;

  if (event->ts_us == 0)
    event->ts_us = g_get_real_time ();
  g_mutex_lock (&self->lock);
  if (event->reconnects < 0)
    event->reconnects = self->reconnects;
  probe = self->probe != NULL ? g_object_ref (self->probe) : NULL;
  g_mutex_unlock (&self->lock);

  if (probe == NULL || (event->open_fds >= 0 && event->threads >= 0 && event->private_bytes >= 0))
    return;
  sample = vigil_probe_sample (probe, VIGIL_PROBE_HANDLES | VIGIL_PROBE_THREADS | VIGIL_PROBE_PRIVATE);
  if (event->open_fds < 0)
    event->open_fds = sample->open_fds;
  if (event->threads < 0)
    event->threads = sample->threads;
  if (event->private_bytes < 0)
    event->private_bytes = sample->private_bytes;
}

static void
vigil_events_dispose (GObject *object)
{
  VigilEvents *self = VIGIL_EVENTS (object);

  g_mutex_lock (&self->lock);
  if (self->idle != NULL)
    g_source_destroy (self->idle);
  g_clear_pointer (&self->idle, g_source_unref);
  g_clear_object (&self->probe);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (vigil_events_parent_class)->dispose (object);
}

static void
vigil_events_finalize (GObject *object)
{
  VigilEvents *self = VIGIL_EVENTS (object);

  ring_clear (self);
  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->log, vigil_events_log_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_events_parent_class)->finalize (object);
}

static void
vigil_events_class_init (VigilEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_events_dispose;
  object_class->finalize = vigil_events_finalize;

  /**
   * VigilEvents::event-added:
   * @event: the event, already in the ring
   *
   * Emitted on the main context that was thread-default when the object was
   * created, in posting order, whatever thread posted the event.
   */
  signals[EVENT_ADDED] =
    g_signal_new ("event-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  VIGIL_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vigil_events_init (VigilEvents *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->capacity = VIGIL_EVENTS_DEFAULT_CAPACITY;
  self->ring = vigil_new_committed (VigilEvent *, self->capacity);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_event_unref);
  self->journal = TRUE;
  self->reconnects = -1;
}

/**
 * vigil_events_new:
 *
 * Create it on the thread whose main context should receive "event-added".
 *
 * Returns: (transfer full): an event stream with an empty ring
 */
VigilEvents *
vigil_events_new (void)
{
  return g_object_new (VIGIL_TYPE_EVENTS, NULL);
}

/**
 * vigil_events_post:
 * @event: (transfer none): a filled event; do not change it afterwards
 *
 * Completes the event (timestamp, reconnects and the process figures when
 * absent and a probe is set), keeps it in the ring, writes it to the journal
 * and the log file, and queues "event-added".  Thread: any.
 */
void
vigil_events_post (VigilEvents *self,
                   VigilEvent  *event)
{
  g_autoptr(GError) log_error = NULL;
  VigilEventsLogOutcome outcome;
  guint64 dropped = 0;
  gboolean journal;

  g_return_if_fail (VIGIL_IS_EVENTS (self));
  g_return_if_fail (event != NULL);

  fill_process (self, event);

  g_mutex_lock (&self->lock);
  ring_push (self, event);
  g_ptr_array_add (self->pending, vigil_event_ref (event));
  schedule_delivery (self);
  outcome = write_log (self, event, &dropped, &log_error);
  journal = self->journal;
  g_mutex_unlock (&self->lock);

  if (journal)
    write_journal (event);
  report_log_outcome (self, outcome, dropped, log_error);
}

/**
 * vigil_events_list:
 *
 * Returns: (transfer full) (element-type VigilEvent): the ring, oldest first
 */
GPtrArray *
vigil_events_list (VigilEvents *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (VIGIL_IS_EVENTS (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  list = g_ptr_array_new_full (self->len, (GDestroyNotify) vigil_event_unref);
  for (guint i = 0; i < self->len; i++)
    g_ptr_array_add (list, vigil_event_ref (self->ring[(self->head + i) % self->capacity]));
  return g_steal_pointer (&list);
}

/**
 * vigil_events_set_capacity:
 * @capacity: how many events the ring keeps (at least 1); the newest are kept
 */
void
vigil_events_set_capacity (VigilEvents *self,
                           guint        capacity)
{
  g_autoptr(GMutexLocker) locker = NULL;
  VigilEvent **ring;
  guint keep;

  g_return_if_fail (VIGIL_IS_EVENTS (self));
  g_return_if_fail (capacity > 0);

  locker = g_mutex_locker_new (&self->lock);
  ring = vigil_new_committed (VigilEvent *, capacity);
  keep = MIN (self->len, capacity);
  for (guint i = 0; i < self->len; i++)
    {
      VigilEvent *event = self->ring[(self->head + i) % self->capacity];

      if (i < self->len - keep)
        vigil_event_unref (event);
      else
        ring[i - (self->len - keep)] = event;
    }
  g_free (self->ring);
  self->ring = ring;
  self->capacity = capacity;
  self->head = 0;
  self->len = keep;
}

guint
vigil_events_get_capacity (VigilEvents *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_EVENTS (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->capacity;
}

/**
 * vigil_events_is_full:
 *
 * Whether the ring holds as many events as it can: from then on each new
 * event drops the oldest, and the ring's memory stays level.
 */
gboolean
vigil_events_is_full (VigilEvents *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (VIGIL_IS_EVENTS (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return self->len == self->capacity;
}

/**
 * vigil_events_set_log_file:
 * @path: (nullable): the JSON-lines file to append to; %NULL stops writing
 *
 * The file is opened close-on-exec, written one whole line per event (never
 * a partial one), and reopened when it is removed or replaced.  When a write
 * fails (a full disk) an Error event with the operation
 * VIGIL_EVENTS_LOG_OPERATION says so once; the file is tried again once a
 * second, and the first record after recovery starts on a new line.
 * VIGIL_EVENTS_LOG_MAX_BYTES in the environment (tests) makes the file
 * "full" at that size.
 *
 * Returns: whether the file could be opened
 */
gboolean
vigil_events_set_log_file (VigilEvents  *self,
                           const char   *path,
                           GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(VigilEventsLog) log = NULL;
  const char *fault = g_getenv ("VIGIL_EVENTS_LOG_MAX_BYTES");

  g_return_val_if_fail (VIGIL_IS_EVENTS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path != NULL && !(log = vigil_events_log_open (path, error)))
    return FALSE;
  if (log != NULL && fault != NULL && *fault != '\0')
    vigil_events_log_set_fault (log, g_ascii_strtoll (fault, NULL, 10));

  locker = g_mutex_locker_new (&self->lock);
  g_clear_pointer (&self->log, vigil_events_log_free);
  self->log = g_steal_pointer (&log);
  return TRUE;
}

/**
 * vigil_events_set_log_fault:
 * @max_file_bytes: the size at which the log file counts as full, -1 off
 *
 * For tests: writes fail with ENOSPC once the file has @max_file_bytes.
 */
void
vigil_events_set_log_fault (VigilEvents *self,
                            gint64       max_file_bytes)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_EVENTS (self));

  locker = g_mutex_locker_new (&self->lock);
  if (self->log != NULL)
    vigil_events_log_set_fault (self->log, max_file_bytes);
}

/**
 * vigil_events_set_journal:
 * @enabled: whether events go to g_log_structured () (default %TRUE)
 */
void
vigil_events_set_journal (VigilEvents *self,
                          gboolean     enabled)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_EVENTS (self));

  locker = g_mutex_locker_new (&self->lock);
  self->journal = !!enabled;
}

/**
 * vigil_events_set_probe:
 * @probe: (nullable): fills open_fds, threads, private_bytes when absent
 */
void
vigil_events_set_probe (VigilEvents *self,
                        VigilProbe  *probe)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_EVENTS (self));
  g_return_if_fail (probe == NULL || VIGIL_IS_PROBE (probe));

  locker = g_mutex_locker_new (&self->lock);
  g_set_object (&self->probe, probe);
}

/**
 * vigil_events_set_reconnects:
 * @reconnects: the reconnect count written in events that have none, or -1
 *
 * Thread: any.
 */
void
vigil_events_set_reconnects (VigilEvents *self,
                             gint64       reconnects)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (VIGIL_IS_EVENTS (self));

  locker = g_mutex_locker_new (&self->lock);
  self->reconnects = reconnects;
}

static void
on_ledger_record (VigilLedger             *ledger,
                  const VigilResourceInfo *info,
                  gpointer                 user_data)
{
  g_autoptr(VigilEvents) self = g_weak_ref_get (user_data);
  g_autoptr(VigilEvent) event = NULL;

  if (self == NULL)
    return;

  event = vigil_event_new (VIGIL_EVENT_CAMERA_RESOURCE);
  event->ts_us = info->closed ? info->closed_us : info->created_us;
  event->session = info->session;
  event->camera = g_strdup (info->camera);
  event->phase = info->closed ? info->close_phase : info->create_phase;
  event->resource = info->id;
  event->kind = g_strdup (vigil_resource_kind_to_string (info->kind));
  event->name = g_strdup (info->name);
  event->action = g_strdup (vigil_action_to_string (info->closed ? info->close_action
                                                                  : info->create_action));
  event->os_handle = info->os_handle;
  event->owner = g_strdup (info->owner);
  vigil_events_post (self, event);
}

/**
 * vigil_events_attach_ledger:
 *
 * Posts a CameraResource event for every Create and Close that @ledger
 * records (it becomes the ledger's listener).  The ledger holds only a weak
 * reference on @self.
 */
void
vigil_events_attach_ledger (VigilEvents *self,
                            VigilLedger *ledger)
{
  GWeakRef *weak;

  g_return_if_fail (VIGIL_IS_EVENTS (self));
  g_return_if_fail (VIGIL_IS_LEDGER (ledger));

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  vigil_ledger_set_listener (ledger, on_ledger_record, weak, weak_ref_free);
}
