/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <glib/gstdio.h>

#include "vigil-orphans.h"
#include "vigil-probe-ids.h"
#include "vigil-probe.h"

/* ---- A fake /proc/self --------------------------------------------------- */

static void
write_file (const char *root,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
add_fd (const char *root,
        int         fd,
        const char *target,
        guint64     ino)
{
  g_autofree char *name = g_strdup_printf ("fd/%d", fd);
  g_autofree char *path = g_build_filename (root, name, NULL);
  g_autofree char *info_name = g_strdup_printf ("fdinfo/%d", fd);
  g_autofree char *info = g_strdup_printf ("pos:\t0\nflags:\t02\nmnt_id:\t15\nino:\t%" G_GUINT64_FORMAT "\n", ino);

  g_unlink (path);
  g_assert_cmpint (symlink (target, path), ==, 0);
  write_file (root, info_name, info);
}

static void
remove_fd (const char *root,
           int         fd)
{
  g_autofree char *name = g_strdup_printf ("fd/%d", fd);
  g_autofree char *path = g_build_filename (root, name, NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
add_task (const char *root,
          int         tid,
          const char *comm,
          guint64     starttime)
{
  g_autofree char *stat_name = g_strdup_printf ("task/%d/stat", tid);
  g_autofree char *comm_name = g_strdup_printf ("task/%d/comm", tid);
  /* A comm with a space and a parenthesis: field 22 is counted after the
   * last ')'. */
  g_autofree char *stat = g_strdup_printf ("%d (%s) x) S 1 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 %"
                                           G_GUINT64_FORMAT " 1000 100\n", tid, comm, starttime);
  g_autofree char *line = g_strdup_printf ("%s\n", comm);

  write_file (root, stat_name, stat);
  write_file (root, comm_name, line);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
make_root (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("vigil-orphans-XXXXXX", &error);
  g_autofree char *fd_dir = NULL;

  g_assert_no_error (error);
  fd_dir = g_build_filename (root, "fd", NULL);
  g_assert_cmpint (g_mkdir (fd_dir, 0700), ==, 0);
  add_task (root, 1, "main", 100);
  return root;
}

/* One phase of a session against @probe's view of the fds. */
typedef void (*PhaseBody) (gpointer data);

static void
run_phase (VigilOrphans *orphans,
           VigilProbe   *probe,
           guint64       session,
           VigilPhase    phase,
           PhaseBody     body,
           gpointer      data)
{
  g_autoptr(GArray) before = vigil_probe_list_fds (probe, NULL);
  g_autoptr(GArray) after = NULL;

  g_assert_nonnull (before);
  vigil_orphans_phase_begin (orphans, session, phase, before);
  body (data);
  after = vigil_probe_list_fds (probe, NULL);
  vigil_orphans_phase_end (orphans, session, phase, before, after);
}

/* ---- The live process ----------------------------------------------------- */

typedef struct
{
  int fds[2];
  int target_fd;
} Live;

static void
open_pipe (gpointer data)
{
  Live *live = data;

  g_assert_cmpint (pipe2 (live->fds, O_CLOEXEC), ==, 0);
}

static void
replace_with_eventfd (gpointer data)
{
  Live *live = data;
  int efd = eventfd (0, EFD_CLOEXEC);

  g_assert_cmpint (efd, >=, 0);
  g_assert_cmpint (dup3 (efd, live->target_fd, O_CLOEXEC), ==, live->target_fd);
  close (efd);
}

static void
nothing (gpointer data)
{
}

/* A pipe end left open is an orphan of its phase; the other end, closed,
 * is not. */
static void
test_orphans_fd_left (void)
{
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (NULL);
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(GPtrArray) list = NULL;
  Live live = { { -1, -1 }, -1 };
  VigilOrphan *orphan;

  run_phase (orphans, probe, 1, VIGIL_PHASE_STREAM_CREATED, open_pipe, &live);
  close (live.fds[1]);
  vigil_orphans_session_closed (orphans, 1);

  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 1);
  orphan = g_ptr_array_index (list, 0);
  g_assert_cmpint (orphan->handle, ==, live.fds[0]);
  g_assert_cmpint (orphan->phase, ==, VIGIL_PHASE_STREAM_CREATED);
  g_assert_cmpstr (orphan->kind, ==, "pipe");
  g_assert_true (g_str_has_prefix (orphan->name, "pipe:["));
  g_assert_cmpuint (orphan->session, ==, 1);

  /* Closed later: no longer an orphan. */
  close (live.fds[0]);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&orphans));
}

/* fd-number reuse: the pipe of session 1 is closed and its number holds
 * another object (an eventfd, then another eventfd) in session 2: neither
 * is an orphan of session 1. */
static void
test_orphans_fd_reuse (void)
{
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (NULL);
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(GPtrArray) list = NULL;
  Live live = { { -1, -1 }, -1 };

  run_phase (orphans, probe, 1, VIGIL_PHASE_DEVICE_OPENED, open_pipe, &live);
  close (live.fds[1]);
  live.target_fd = live.fds[0];

  /* Session 2 starts while 1 is still open: the number now holds an
   * eventfd, made during a phase of 2. */
  run_phase (orphans, probe, 2, VIGIL_PHASE_DEVICE_OPENED, replace_with_eventfd, &live);
  vigil_orphans_session_closed (orphans, 1);
  list = vigil_orphans_list (orphans, 1);
  g_assert_cmpuint (list->len, ==, 0);

  /* Session 3: the eventfd of 2 replaced by another eventfd at the same
   * number -- same link target, different object (eventfd-id). */
  run_phase (orphans, probe, 3, VIGIL_PHASE_DEVICE_OPENED, replace_with_eventfd, &live);
  vigil_orphans_session_closed (orphans, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_orphans_list (orphans, 2);
  g_assert_cmpuint (list->len, ==, 0);

  /* Nothing of 1 or 2 is an orphan, although the number is still open. */
  vigil_orphans_session_closed (orphans, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 0);

  close (live.target_fd);
  g_assert_finalize_object (g_steal_pointer (&orphans));
}

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean stop;
  gboolean started;
  GThread *thread;
} Sleeper;

static gpointer
sleeper_main (gpointer data)
{
  Sleeper *sleeper = data;

  g_mutex_lock (&sleeper->lock);
  sleeper->started = TRUE;
  g_cond_broadcast (&sleeper->cond);
  while (!sleeper->stop)
    g_cond_wait (&sleeper->cond, &sleeper->lock);
  g_mutex_unlock (&sleeper->lock);
  return NULL;
}

static void
start_sleeper (gpointer data)
{
  Sleeper *sleeper = data;

  sleeper->thread = g_thread_new ("orphan-test", sleeper_main, sleeper);
  g_mutex_lock (&sleeper->lock);
  while (!sleeper->started)                 /* named itself by then */
    g_cond_wait (&sleeper->cond, &sleeper->lock);
  g_mutex_unlock (&sleeper->lock);
}

/* A thread started in a phase and outliving its session is an orphan,
 * named by its comm; once it ended it is not. */
static void
test_orphans_thread_left (void)
{
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (NULL);
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(GPtrArray) list = NULL;
  Sleeper sleeper = { 0 };
  VigilOrphan *orphan;

  g_mutex_init (&sleeper.lock);
  g_cond_init (&sleeper.cond);
  run_phase (orphans, probe, 7, VIGIL_PHASE_ACQUISITION_START, start_sleeper, &sleeper);
  vigil_orphans_session_closed (orphans, 7);
  list = vigil_orphans_list (orphans, 7);
  g_assert_cmpuint (list->len, ==, 1);
  orphan = g_ptr_array_index (list, 0);
  g_assert_true (orphan->thread);
  g_assert_cmpstr (orphan->kind, ==, "thread");
  g_assert_cmpstr (orphan->name, ==, "thread orphan-test");
  g_assert_cmpint (orphan->phase, ==, VIGIL_PHASE_ACQUISITION_START);

  g_mutex_lock (&sleeper.lock);
  sleeper.stop = TRUE;
  g_cond_signal (&sleeper.cond);
  g_mutex_unlock (&sleeper.lock);
  g_thread_join (sleeper.thread);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_orphans_list (orphans, 7);
  g_assert_cmpuint (list->len, ==, 0);
  g_mutex_clear (&sleeper.lock);
  g_cond_clear (&sleeper.cond);
  g_assert_finalize_object (g_steal_pointer (&orphans));
}

/* ---- A fake root ------------------------------------------------------------ */

typedef struct
{
  const char *root;
  int         tid;
  guint64     starttime;
  const char *comm;
} FakeTask;

static void
add_fake_task (gpointer data)
{
  FakeTask *task = data;

  add_task (task->root, task->tid, task->comm, task->starttime);
}

/* A tid reused by a new thread (another start time) is not an orphan; the
 * same thread still there is. */
static void
test_orphans_tid_reuse (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (root);
  g_autoptr(VigilProbe) probe = vigil_probe_new_for_root (root);
  g_autoptr(GPtrArray) list = NULL;
  FakeTask task = { root, 4242, 5000, "arv-heartbeat" };

  run_phase (orphans, probe, 1, VIGIL_PHASE_DEVICE_OPENED, add_fake_task, &task);
  add_task (root, 4242, "pool-3", 9000);          /* ended, and 4242 reused */
  vigil_orphans_session_closed (orphans, 1);
  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 0);

  task.tid = 4243;
  run_phase (orphans, probe, 2, VIGIL_PHASE_DEVICE_OPENED, add_fake_task, &task);
  vigil_orphans_session_closed (orphans, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((VigilOrphan *) g_ptr_array_index (list, 0))->name, ==, "thread arv-heartbeat");

  g_assert_finalize_object (g_steal_pointer (&orphans));
  remove_tree (root);
}

static void
make_dir (gpointer data)
{
  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
}

/* A thread that exits while it is read (its task directory without stat)
 * is neither claimed nor a crash. */
static void
test_orphans_thread_exits (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (root);
  g_autoptr(VigilProbe) probe = vigil_probe_new_for_root (root);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = g_build_filename (root, "task", "77", NULL);
  VigilTaskEntry entry;

  run_phase (orphans, probe, 1, VIGIL_PHASE_STREAM_CREATED, make_dir, dir);
  vigil_orphans_session_closed (orphans, 1);
  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_false (vigil_probe_ids_read_task (root, 77, &entry));
  vigil_task_entry_clear (&entry);
  g_assert_false (vigil_probe_ids_read_task (root, 78, &entry));
  vigil_task_entry_clear (&entry);

  g_assert_finalize_object (g_steal_pointer (&orphans));
  remove_tree (root);
}

typedef struct
{
  const char *root;
  int         fd;
  const char *target;
  guint64     ino;
} FakeFd;

static void
add_fake_fd (gpointer data)
{
  FakeFd *fake = data;

  add_fd (fake->root, fake->fd, fake->target, fake->ino);
}

#define UDP_HEADER "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"

/* Sockets named from net/ by inode: connected, unconnected with the
 * session's peer, unknown inode, and an unreadable net/. */
static void
test_orphans_socket_names (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (root);
  g_autoptr(VigilProbe) probe = vigil_probe_new_for_root (root);
  g_autoptr(GPtrArray) list = NULL;
  FakeFd fds[] = {
    { root, 7, "socket:[47758]", 47758 },
    { root, 8, "socket:[47759]", 47759 },
    { root, 9, "socket:[99999]", 99999 },
    { root, 10, "socket:[555]", 555 },
  };

  write_file (root, "net/udp", UDP_HEADER
              "  707: 0100007F:A052 0100007F:0F74 01 00000000:00000000 00:00000000 00000000  0  0 47758 2 0 0\n"
              "  708: 0100007F:A053 00000000:0000 07 00000000:00000000 00:00000000 00000000  0  0 47759 2 0 0\n"
              "  garbage line\n");
  write_file (root, "net/udp6", UDP_HEADER
              "  1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 07 0:0 0:0 0 0 0 555 2 0 0\n");
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    run_phase (orphans, probe, 1, VIGIL_PHASE_DEVICE_OPENED, add_fake_fd, &fds[i]);
  vigil_orphans_set_udp_peer (orphans, 1, VIGIL_PHASE_DEVICE_OPENED, "127.0.0.1", "127.0.0.1:3956");
  vigil_orphans_session_closed (orphans, 1);

  list = vigil_orphans_list (orphans, 1);
  g_assert_cmpuint (list->len, ==, 4);
  for (guint i = 0; i < list->len; i++)
    {
      VigilOrphan *orphan = g_ptr_array_index (list, i);

      if (orphan->handle == 7)
        {
          g_assert_cmpstr (orphan->name, ==, "UDP 127.0.0.1:41042 → 127.0.0.1:3956");
          g_assert_cmpstr (orphan->what, ==, "UDP socket to :3956");
        }
      else if (orphan->handle == 8)
        g_assert_cmpstr (orphan->name, ==, "UDP 127.0.0.1:41043 → 127.0.0.1:3956");
      else if (orphan->handle == 9)
        {
          g_assert_cmpstr (orphan->name, ==, "socket:[99999]");
          g_assert_cmpstr (orphan->kind, ==, "socket");
        }
      else
        g_assert_cmpstr (orphan->name, ==, "UDP6 [::1]:8080");
    }

  /* net/ unreadable: still listed, with what is known. */
  {
    g_autofree char *net = g_build_filename (root, "net", NULL);

    remove_tree (net);
  }
  {
    FakeFd more = { root, 11, "socket:[47760]", 47760 };

    run_phase (orphans, probe, 2, VIGIL_PHASE_STREAM_CREATED, add_fake_fd, &more);
    vigil_orphans_session_closed (orphans, 2);
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_orphans_list (orphans, 2);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((VigilOrphan *) g_ptr_array_index (list, 0))->name, ==, "socket:[47760]");

  g_assert_finalize_object (g_steal_pointer (&orphans));
  remove_tree (root);
}

/* Names of the other kinds, from link targets. */
static void
test_orphans_kinds (void)
{
  const struct { const char *target; const char *kind; const char *name; } cases[] = {
    { "anon_inode:[eventfd]", "eventfd", "eventfd" },
    { "anon_inode:[timerfd]", "timerfd", "timerfd" },
    { "anon_inode:[signalfd]", "signalfd", "signalfd" },
    { "anon_inode:[eventpoll]", "epoll", "epoll" },
    { "anon_inode:inotify", "inotify", "inotify" },
    { "pipe:[41395]", "pipe", "pipe:[41395]" },
    { "/memfd:frames (deleted)", "memfd", "frames" },
    { "/dev/bus/usb/001/004", "device", "/dev/bus/usb/001/004" },
    { "/home/u/log.txt", "file", "/home/u/log.txt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *kind = NULL;
      g_autofree char *name = NULL;

      vigil_probe_ids_describe (cases[i].target, &kind, &name);
      g_assert_cmpstr (kind, ==, cases[i].kind);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
  g_assert_cmpuint (vigil_probe_ids_socket_inode ("socket:[12]"), ==, 12);
  g_assert_cmpuint (vigil_probe_ids_socket_inode ("socket:[12"), ==, 0);
  g_assert_cmpuint (vigil_probe_ids_socket_inode ("pipe:[12]"), ==, 0);
}

/* Session after session: a leak (one session at a time: from 4 sessions
 * on); once: kept since session N.  And growth between sessions that no
 * phase claims. */
static void
test_orphans_recurrence (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (root);
  g_autoptr(VigilProbe) probe = vigil_probe_new_for_root (root);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) growth = NULL;
  g_autofree char *leak = NULL;
  g_autofree char *kept = NULL;
  FakeFd timer = { root, 3, "anon_inode:[timerfd]", 1 };
  FakeFd between = { root, 40, "pipe:[777]", 777 };
  const VigilOrphanGroup *group;

  for (guint s = 1; s <= 6; s++)
    {
      g_autofree char *target = g_strdup_printf ("socket:[%u]", 100 + s);
      FakeFd fd = { root, 10 + s, "anon_inode:[eventfd]", 1 };
      FakeFd passing = { root, 30, target, 100 + s };

      run_phase (orphans, probe, s, VIGIL_PHASE_OPEN_START, nothing, NULL);
      if (s == 1)
        run_phase (orphans, probe, s, VIGIL_PHASE_STREAM_CREATED, add_fake_fd, &timer);
      run_phase (orphans, probe, s, VIGIL_PHASE_STREAM_CREATED, add_fake_fd, &passing);
      if (s < 6)
        run_phase (orphans, probe, s, VIGIL_PHASE_BUFFERS_QUEUED, add_fake_fd, &fd);
      remove_fd (root, 30);                        /* closed with the session */
      vigil_orphans_session_closed (orphans, s);
      if (s == 2)
        add_fake_fd (&between);
    }

  groups = vigil_orphans_list_groups (orphans);
  g_assert_cmpuint (groups->len, ==, 2);
  group = g_ptr_array_index (groups, 0);
  g_assert_true (group->leak);
  g_assert_cmpint (group->phase, ==, VIGIL_PHASE_BUFFERS_QUEUED);
  g_assert_cmpuint (group->n_sessions, ==, 5);
  leak = vigil_orphan_group_describe (group);
  g_assert_cmpstr (leak, ==, "BuffersQueued leaves 1 eventfd per session, 5 of 5 sessions");
  group = g_ptr_array_index (groups, 1);
  g_assert_false (group->leak);
  kept = vigil_orphan_group_describe (group);
  g_assert_cmpstr (kept, ==, "StreamCreated: timerfd kept since session 1 (left once, not a leak)");
  g_assert_cmpuint (vigil_orphans_count_leaked (orphans, FALSE), ==, 5);
  g_assert_cmpuint (vigil_orphans_count_leaked (orphans, TRUE), ==, 0);

  growth = vigil_orphans_list_growth (orphans);
  g_assert_cmpuint (growth->len, ==, 1);
  g_assert_cmpint (((VigilGrowth *) g_ptr_array_index (growth, 0))->handle, ==, 40);
  g_assert_cmpstr (((VigilGrowth *) g_ptr_array_index (growth, 0))->kind, ==, "pipe");
  g_assert_cmpint (((VigilGrowth *) g_ptr_array_index (growth, 0))->context, ==, VIGIL_GROWTH_BETWEEN_SESSIONS);
  g_assert_cmpint (((VigilGrowth *) g_ptr_array_index (growth, 0))->from_us, <=,
                   ((VigilGrowth *) g_ptr_array_index (growth, 0))->to_us);

  g_assert_finalize_object (g_steal_pointer (&orphans));
  remove_tree (root);
}

/* Two sessions side by side: what appears during a phase of one may be
 * the other's, so it is judged only when both have closed. */
static void
test_orphans_side_by_side (void)
{
  g_autofree char *root = make_root ();
  g_autoptr(VigilOrphans) orphans = vigil_orphans_new (root);
  g_autoptr(VigilProbe) probe = vigil_probe_new_for_root (root);
  g_autoptr(GPtrArray) list = NULL;
  FakeFd theirs = { root, 20, "socket:[2020]", 2020 };
  FakeFd kept = { root, 21, "anon_inode:[timerfd]", 1 };

  run_phase (orphans, probe, 2, VIGIL_PHASE_OPEN_START, nothing, NULL);
  run_phase (orphans, probe, 1, VIGIL_PHASE_DEVICE_OPENED, add_fake_fd, &theirs);
  run_phase (orphans, probe, 1, VIGIL_PHASE_STREAM_CREATED, add_fake_fd, &kept);
  vigil_orphans_session_closed (orphans, 1);
  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 0);          /* 2 is still open */

  remove_fd (root, 20);                          /* 2 closes what it made */
  vigil_orphans_session_closed (orphans, 2);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = vigil_orphans_list (orphans, 0);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((VigilOrphan *) g_ptr_array_index (list, 0))->handle, ==, 21);
  g_assert_cmpuint (((VigilOrphan *) g_ptr_array_index (list, 0))->session, ==, 1);

  g_assert_finalize_object (g_steal_pointer (&orphans));
  remove_tree (root);
}

int
main (int argc, char *argv[])
{
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/orphans/fd-left", test_orphans_fd_left);
  g_test_add_func ("/vigil/orphans/fd-reuse", test_orphans_fd_reuse);
  g_test_add_func ("/vigil/orphans/thread-left", test_orphans_thread_left);
  g_test_add_func ("/vigil/orphans/tid-reuse", test_orphans_tid_reuse);
  g_test_add_func ("/vigil/orphans/thread-exits", test_orphans_thread_exits);
  g_test_add_func ("/vigil/orphans/socket-names", test_orphans_socket_names);
  g_test_add_func ("/vigil/orphans/kinds", test_orphans_kinds);
  g_test_add_func ("/vigil/orphans/recurrence", test_orphans_recurrence);
  g_test_add_func ("/vigil/orphans/side-by-side", test_orphans_side_by_side);

  return g_test_run ();
}
