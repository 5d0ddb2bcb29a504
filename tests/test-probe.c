/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vigil-error.h"
#include "vigil-probe.h"

#define N_EVENTFDS 17
#define N_SOCKETS  5
#define N_PIPES    3

/* A pipe () makes two fds, each one a "pipe" fd: 3 pipes = 6 pipe fds. */
static void
test_probe_counts (void)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilProbeSample) before = NULL;
  g_autoptr(VigilProbeSample) during = NULL;
  g_autoptr(VigilProbeSample) after = NULL;
  int fds[N_EVENTFDS + N_SOCKETS + 2 * N_PIPES];
  guint n = 0;

  before = vigil_probe_sample (probe, VIGIL_PROBE_ALL);
  g_assert_cmpint (before->open_fds, >, 0);
  g_assert_nonnull (before->fds);
  g_assert_cmpuint (before->fds->len, ==, before->open_fds);

  for (guint i = 0; i < N_EVENTFDS; i++)
    {
      fds[n] = eventfd (0, EFD_CLOEXEC);
      g_assert_cmpint (fds[n], >=, 0);
      n++;
    }
  for (guint i = 0; i < N_SOCKETS; i++)
    {
      fds[n] = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      g_assert_cmpint (fds[n], >=, 0);
      n++;
    }
  for (guint i = 0; i < N_PIPES; i++)
    {
      int ret = pipe2 (&fds[n], O_CLOEXEC);

      g_assert_cmpint (ret, ==, 0);
      n += 2;
    }

  during = vigil_probe_sample (probe, VIGIL_PROBE_DEFAULT);
  g_assert_cmpint (during->open_fds - before->open_fds, ==, N_EVENTFDS + N_SOCKETS + 2 * N_PIPES);
  g_assert_cmpint (during->fds_by_kind[VIGIL_FD_KIND_EVENTFD] - before->fds_by_kind[VIGIL_FD_KIND_EVENTFD], ==, N_EVENTFDS);
  g_assert_cmpint (during->fds_by_kind[VIGIL_FD_KIND_SOCKET] - before->fds_by_kind[VIGIL_FD_KIND_SOCKET], ==, N_SOCKETS);
  g_assert_cmpint (during->fds_by_kind[VIGIL_FD_KIND_PIPE] - before->fds_by_kind[VIGIL_FD_KIND_PIPE], ==, 2 * N_PIPES);
  g_assert_cmpint (during->fds_by_kind[VIGIL_FD_KIND_TIMERFD], ==, before->fds_by_kind[VIGIL_FD_KIND_TIMERFD]);
  g_assert_cmpint (during->fds_by_kind[VIGIL_FD_KIND_FILE], ==, before->fds_by_kind[VIGIL_FD_KIND_FILE]);
  g_assert_cmpint (during->fds_by_kind[VIGIL_FD_KIND_OTHER], ==, before->fds_by_kind[VIGIL_FD_KIND_OTHER]);
  g_assert_cmpint (during->fds_by_kind[VIGIL_FD_KIND_DEVICE], ==, before->fds_by_kind[VIGIL_FD_KIND_DEVICE]);
  g_assert_null (during->fds);

  for (guint i = 0; i < n; i++)
    g_close (fds[i], NULL);

  after = vigil_probe_sample (probe, VIGIL_PROBE_DEFAULT);
  g_assert_cmpint (after->open_fds, ==, before->open_fds);
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    g_assert_cmpint (after->fds_by_kind[k], ==, before->fds_by_kind[k]);
  g_assert_cmpint (after->monotonic_us, >=, before->monotonic_us);
  g_assert_cmpint (after->wall_us, >, 0);

  g_assert_finalize_object (g_steal_pointer (&probe));
}

static void
test_probe_list (void)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(GArray) list = NULL;
  g_autoptr(GError) error = NULL;
  int efd = eventfd (0, EFD_CLOEXEC);
  gboolean found = FALSE;

  g_assert_cmpint (efd, >=, 0);
  list = vigil_probe_list_fds (probe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      const VigilFdEntry *entry = &g_array_index (list, VigilFdEntry, i);

      if (i > 0)
        g_assert_cmpint (entry->fd, >, g_array_index (list, VigilFdEntry, i - 1).fd);
      if (entry->fd == efd)
        {
          g_assert_cmpstr (entry->target, ==, "anon_inode:[eventfd]");
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_close (efd, NULL);
  g_assert_finalize_object (g_steal_pointer (&probe));
}

/* The live kinds (file type, statx) agree with the kinds of the targets
 * (what a fake root and the fd list show). */
static void
test_probe_kinds_agree (void)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilProbeSample) sample = NULL;
  gint64 by_target[VIGIL_N_FD_KINDS] = { 0 };
  int efd = eventfd (0, EFD_CLOEXEC);
  int sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int null = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  int dir = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  g_assert_cmpint (efd, >=, 0);
  g_assert_cmpint (sock, >=, 0);
  g_assert_cmpint (null, >=, 0);
  g_assert_cmpint (dir, >=, 0);

  sample = vigil_probe_sample (probe, VIGIL_PROBE_ALL);
  g_assert_cmpuint (sample->fds->len, ==, sample->open_fds);
  for (guint i = 0; i < sample->fds->len; i++)
    by_target[vigil_fd_kind_from_target (g_array_index (sample->fds, VigilFdEntry, i).target)]++;
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    g_assert_cmpint (sample->fds_by_kind[k], ==, by_target[k]);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_DEVICE], >=, 1);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_FILE], >=, 1);

  g_close (efd, NULL);
  g_close (sock, NULL);
  g_close (null, NULL);
  g_close (dir, NULL);
  g_assert_finalize_object (g_steal_pointer (&probe));
}

static gpointer
wait_on_queue (gpointer data)
{
  return g_async_queue_pop (data);
}

static void
test_probe_threads (void)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilProbeSample) before = vigil_probe_sample (probe, VIGIL_PROBE_THREADS);
  g_autoptr(VigilProbeSample) during = NULL;
  g_autoptr(VigilProbeSample) after = NULL;
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  GThread *thread;

  g_assert_cmpint (before->threads, >=, 1);
  g_assert_cmpint (before->rss_bytes, >, 0);
  g_assert_cmpint (before->rss_anon_bytes, >, 0);

  thread = g_thread_new ("probe-test", wait_on_queue, queue);
  during = vigil_probe_sample (probe, VIGIL_PROBE_THREADS);
  g_assert_cmpint (during->threads, ==, before->threads + 1);

  g_async_queue_push (queue, GINT_TO_POINTER (1));
  g_thread_join (thread);
  after = vigil_probe_sample (probe, VIGIL_PROBE_THREADS);
  g_assert_cmpint (after->threads, ==, before->threads);

  g_assert_finalize_object (g_steal_pointer (&probe));
}

static void
test_probe_memory_limits (void)
{
  g_autoptr(VigilProbe) probe = vigil_probe_new ();
  g_autoptr(VigilProbeSample) sample = vigil_probe_sample (probe, VIGIL_PROBE_DEFAULT);
  struct rlimit limit;
  int ret = getrlimit (RLIMIT_NOFILE, &limit);

  g_assert_cmpint (ret, ==, 0);
  g_assert_cmpint (sample->private_bytes, >, 0);
  if (limit.rlim_cur == RLIM_INFINITY)
    g_assert_cmpint (sample->fd_soft_limit, ==, G_MAXINT64);
  else
    g_assert_cmpint (sample->fd_soft_limit, ==, (gint64) limit.rlim_cur);
  if (limit.rlim_max == RLIM_INFINITY)
    g_assert_cmpint (sample->fd_hard_limit, ==, G_MAXINT64);
  else
    g_assert_cmpint (sample->fd_hard_limit, ==, (gint64) limit.rlim_max);
  g_assert_cmpint (sample->gui_objects, ==, VIGIL_PROBE_UNKNOWN);
  g_assert_cmpstr (vigil_probe_get_backend_name (probe), ==, "linux");

  g_assert_finalize_object (g_steal_pointer (&probe));
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
make_link (const char *dir,
           const char *name,
           const char *target)
{
  g_autofree char *path = g_build_filename (dir, "fd", name, NULL);
  int ret = symlink (target, path);

  g_assert_cmpint (ret, ==, 0);
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

/* A fake /proc/self: good fd links, garbled or missing fields elsewhere. */
static void
test_probe_fake_root (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("vigil-probe-XXXXXX", &error);
  g_autofree char *fd_dir = NULL;
  g_autoptr(VigilProbe) probe = NULL;
  g_autoptr(VigilProbeSample) sample = NULL;
  g_autoptr(VigilProbeSample) copy = NULL;
  g_autoptr(GArray) list = NULL;
  int ret;

  g_assert_no_error (error);
  fd_dir = g_build_filename (root, "fd", NULL);
  ret = g_mkdir (fd_dir, 0700);
  g_assert_cmpint (ret, ==, 0);
  make_link (root, "0", "/dev/pts/3");
  make_link (root, "3", "socket:[1234]");
  make_link (root, "4", "pipe:[99]");
  make_link (root, "5", "anon_inode:[timerfd]");
  make_link (root, "7", "/home/u/log.txt");
  make_link (root, "8", "anon_inode:[eventpoll]");
  make_link (root, "not-a-number", "socket:[1]");
  write_file (root, "status", "Name:\tx\nThreads:\tlots\nVmRSS:\t  1024 kB\n");
  write_file (root, "smaps_rollup", "Rss: 10 kB\nPrivate_Clean: 4 kB\n");
  write_file (root, "limits", "Limit Soft Hard Units\nMax open files  unlimited  garbage  files\n");

  probe = vigil_probe_new_for_root (root);
  sample = vigil_probe_sample (probe, VIGIL_PROBE_ALL);
  g_assert_cmpint (sample->open_fds, ==, 6);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_DEVICE], ==, 1);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_SOCKET], ==, 1);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_PIPE], ==, 1);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_TIMERFD], ==, 1);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_FILE], ==, 1);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_OTHER], ==, 1);
  g_assert_cmpint (sample->fds_by_kind[VIGIL_FD_KIND_EVENTFD], ==, 0);
  g_assert_cmpuint (sample->fds->len, ==, 6);
  g_assert_cmpint (g_array_index (sample->fds, VigilFdEntry, 1).fd, ==, 3);
  g_assert_cmpstr (g_array_index (sample->fds, VigilFdEntry, 1).target, ==, "socket:[1234]");

  g_assert_cmpint (sample->threads, ==, VIGIL_PROBE_UNKNOWN);      /* garbled */
  g_assert_cmpint (sample->rss_bytes, ==, 1024 * 1024);
  g_assert_cmpint (sample->rss_anon_bytes, ==, VIGIL_PROBE_UNKNOWN); /* missing */
  g_assert_cmpint (sample->private_bytes, ==, VIGIL_PROBE_UNKNOWN);  /* half missing */
  g_assert_cmpint (sample->fd_soft_limit, ==, VIGIL_PROBE_UNKNOWN);
  g_assert_cmpint (sample->fd_hard_limit, ==, VIGIL_PROBE_UNKNOWN);

  copy = vigil_probe_sample_copy (sample);
  g_assert_cmpuint (copy->fds->len, ==, 6);
  g_assert_cmpstr (g_array_index (copy->fds, VigilFdEntry, 5).target, ==, "anon_inode:[eventpoll]");

  /* Nothing readable at all: everything unknown, no crash. */
  remove_tree (root);
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
  g_clear_pointer (&sample, vigil_probe_sample_free);
  sample = vigil_probe_sample (probe, VIGIL_PROBE_ALL);
  g_assert_cmpint (sample->open_fds, ==, VIGIL_PROBE_UNKNOWN);
  for (guint k = 0; k < VIGIL_N_FD_KINDS; k++)
    g_assert_cmpint (sample->fds_by_kind[k], ==, VIGIL_PROBE_UNKNOWN);
  g_assert_cmpuint (sample->fds->len, ==, 0);
  g_assert_cmpint (sample->threads, ==, VIGIL_PROBE_UNKNOWN);
  g_assert_cmpint (sample->rss_bytes, ==, VIGIL_PROBE_UNKNOWN);
  g_assert_cmpint (sample->private_bytes, ==, VIGIL_PROBE_UNKNOWN);
  g_assert_cmpint (sample->fd_soft_limit, ==, VIGIL_PROBE_UNKNOWN);
  list = vigil_probe_list_fds (probe, &error);
  g_assert_null (list);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PROBE);

  g_assert_finalize_object (g_steal_pointer (&probe));
}

static void
test_probe_kinds (void)
{
  g_assert_cmpint (vigil_fd_kind_from_target ("socket:[1]"), ==, VIGIL_FD_KIND_SOCKET);
  g_assert_cmpint (vigil_fd_kind_from_target ("anon_inode:[eventfd]"), ==, VIGIL_FD_KIND_EVENTFD);
  g_assert_cmpint (vigil_fd_kind_from_target ("/dev/null"), ==, VIGIL_FD_KIND_DEVICE);
  g_assert_cmpint (vigil_fd_kind_from_target ("/memfd:x (deleted)"), ==, VIGIL_FD_KIND_FILE);
  g_assert_cmpint (vigil_fd_kind_from_target (NULL), ==, VIGIL_FD_KIND_OTHER);
  g_assert_cmpstr (vigil_fd_kind_to_string (VIGIL_FD_KIND_TIMERFD), ==, "timerfd");
  g_assert_null (vigil_fd_kind_to_string (VIGIL_N_FD_KINDS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/probe/counts", test_probe_counts);
  g_test_add_func ("/vigil/probe/list", test_probe_list);
  g_test_add_func ("/vigil/probe/kinds-agree", test_probe_kinds_agree);
  g_test_add_func ("/vigil/probe/threads", test_probe_threads);
  g_test_add_func ("/vigil/probe/memory-limits", test_probe_memory_limits);
  g_test_add_func ("/vigil/probe/fake-root", test_probe_fake_root);
  g_test_add_func ("/vigil/probe/kinds", test_probe_kinds);

  return g_test_run ();
}
