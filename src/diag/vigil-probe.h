/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_PROBE        (vigil_probe_get_type ())
#define VIGIL_TYPE_PROBE_SAMPLE (vigil_probe_sample_get_type ())

/* Every figure below is -1 when it could not be read ("unknown"), never a
 * made-up zero.  A limit of G_MAXINT64 means "unlimited". */
#define VIGIL_PROBE_UNKNOWN ((gint64) -1)

typedef enum
{
  VIGIL_FD_KIND_SOCKET,
  VIGIL_FD_KIND_EVENTFD,
  VIGIL_FD_KIND_TIMERFD,
  VIGIL_FD_KIND_PIPE,
  VIGIL_FD_KIND_FILE,
  VIGIL_FD_KIND_DEVICE,
  VIGIL_FD_KIND_OTHER,
  VIGIL_N_FD_KINDS,
} VigilFdKind;

typedef enum
{
  VIGIL_PROBE_HANDLES = 1 << 0,  /* open_fds, fds_by_kind */
  VIGIL_PROBE_FD_LIST = 1 << 1,  /* fds (implies HANDLES) */
  VIGIL_PROBE_THREADS = 1 << 2,  /* threads, rss_bytes, rss_anon_bytes */
  VIGIL_PROBE_PRIVATE = 1 << 3,  /* private_bytes (slower: smaps_rollup), heap_bytes */
  VIGIL_PROBE_LIMITS  = 1 << 4,  /* fd_soft_limit, fd_hard_limit */
  VIGIL_PROBE_DEFAULT = VIGIL_PROBE_HANDLES | VIGIL_PROBE_THREADS |
                        VIGIL_PROBE_PRIVATE | VIGIL_PROBE_LIMITS,
  VIGIL_PROBE_ALL     = VIGIL_PROBE_DEFAULT | VIGIL_PROBE_FD_LIST,
} VigilProbeFlags;

/* One open handle: its number and what it points at ("socket:[28367]",
 * "anon_inode:[eventfd]", a path).  Kept in a GArray with a clear func. */
typedef struct
{
  int   fd;
  char *target;
} VigilFdEntry;

/* A plain boxed struct: copy with vigil_probe_sample_copy (deep). */
typedef struct
{
  gint64  monotonic_us;                  /* g_get_monotonic_time () */
  gint64  wall_us;                       /* g_get_real_time (), UTC */

  gint64  open_fds;                      /* the probe's own fd not counted */
  gint64  fds_by_kind[VIGIL_N_FD_KINDS];
  gint64  threads;
  gint64  private_bytes;                 /* Private_Clean + Private_Dirty */
  gint64  rss_bytes;
  gint64  rss_anon_bytes;
  gint64  fd_soft_limit;
  gint64  fd_hard_limit;
  gint64  gui_objects;                   /* Windows GDI + USER; -1 on Linux */
  gint64  heap_bytes;                    /* malloc's bytes in use (vigil_memory_heap_in_use) */

  GArray *fds;                           /* (nullable) (element-type VigilFdEntry) */
} VigilProbeSample;

/* The platform part of the probe.  A backend is a static const table of
 * these functions; the probe never calls the OS itself, so adding a
 * platform (Windows: GetProcessHandleCount, GetGuiResources,
 * PROCESS_MEMORY_COUNTERS_EX.PrivateUsage, a Toolhelp32 thread count) means
 * writing one table and choosing it in vigil_probe_new (), nothing else.
 *
 * Contract for every read_* function:
 *  - it is called with the state returned by create (), from any thread,
 *    but never concurrently for the same state (the probe serialises);
 *  - it writes only the fields named below into @sample; each field it
 *    cannot obtain it leaves at VIGIL_PROBE_UNKNOWN (the probe sets every
 *    figure to unknown before calling), so a partial failure shows as
 *    "unknown" for that figure only;
 *  - it returns FALSE and sets @error (VIGIL_ERROR_PROBE) when a figure
 *    could not be read, TRUE otherwise; it never aborts.
 *  - it must not count handles it opens itself while reading.
 *
 * create:        (transfer full) state for @root; @root is backend
 *                specific (Linux: a directory laid out like /proc/self;
 *                NULL = the real one).  Never fails; errors show when read.
 * destroy:       frees the state.
 * read_handles:  open_fds and fds_by_kind[] (a backend without kinds puts
 *                its total in VIGIL_FD_KIND_OTHER); when @list is not NULL
 *                also appends one VigilFdEntry per handle, sorted by fd.
 *                Windows: open_fds = GetProcessHandleCount, gui_objects =
 *                GetGuiResources (GR_GDIOBJECTS) + (GR_USEROBJECTS).
 * read_threads:  threads, rss_bytes, rss_anon_bytes.
 * read_private:  private_bytes (Windows: PrivateUsage).
 * read_limits:   fd_soft_limit, fd_hard_limit (G_MAXINT64 = unlimited;
 *                Windows: 16,711,680 per process, or unknown).
 */
typedef struct
{
  const char *name;
  gpointer  (*create)       (const char        *root);
  void      (*destroy)      (gpointer           state);
  gboolean  (*read_handles) (gpointer           state,
                             VigilProbeSample  *sample,
                             GArray            *list,
                             GError           **error);
  gboolean  (*read_threads) (gpointer           state,
                             VigilProbeSample  *sample,
                             GError           **error);
  gboolean  (*read_private) (gpointer           state,
                             VigilProbeSample  *sample,
                             GError           **error);
  gboolean  (*read_limits)  (gpointer           state,
                             VigilProbeSample  *sample,
                             GError           **error);
} VigilProbeBackend;

G_DECLARE_FINAL_TYPE (VigilProbe, vigil_probe, VIGIL, PROBE, GObject)

/* The Linux backend (/proc/self). */
extern const VigilProbeBackend vigil_probe_backend_linux;

VigilProbe       *vigil_probe_new               (void);
VigilProbe       *vigil_probe_new_for_root      (const char               *root);
VigilProbe       *vigil_probe_new_with_backend  (const VigilProbeBackend  *backend,
                                                 const char               *root);
const char       *vigil_probe_get_backend_name  (VigilProbe               *self);
VigilProbeSample *vigil_probe_sample            (VigilProbe               *self,
                                                 VigilProbeFlags           flags);
GArray           *vigil_probe_list_fds          (VigilProbe               *self,
                                                 GError                  **error);

GType             vigil_probe_sample_get_type   (void) G_GNUC_CONST;
VigilProbeSample *vigil_probe_sample_copy       (const VigilProbeSample   *sample);
void              vigil_probe_sample_free       (VigilProbeSample         *sample);

const char       *vigil_fd_kind_to_string       (VigilFdKind               kind);
VigilFdKind       vigil_fd_kind_from_target     (const char               *target);
GArray           *vigil_fd_list_new             (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilProbeSample, vigil_probe_sample_free)

G_END_DECLS
