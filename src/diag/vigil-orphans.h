/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "vigil-phase.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ORPHANS (vigil_orphans_get_type ())

G_DECLARE_FINAL_TYPE (VigilOrphans, vigil_orphans, VIGIL, ORPHANS, GObject)

/* A phase+kind whose orphans, still there, come from at least this many
 * sessions -- and from more than the sessions ever open (and not closing)
 * at once plus 2 --
 * is a leak.  Fewer is a bounded population: a library's singleton, what
 * one supervisor per camera keeps, a thread pool's idle threads (GLib
 * keeps 2), made beside a phase by another thread: "kept since session
 * N". */
#define VIGIL_ORPHANS_LEAK_SESSIONS 3

/* What was going on when unattributed growth appeared. */
typedef enum
{
  VIGIL_GROWTH_BETWEEN_SESSIONS,
  VIGIL_GROWTH_WHILE_OPENING,
  VIGIL_GROWTH_WHILE_STREAMING,
} VigilGrowthContext;

/* An fd or thread that appeared during a phase of a session and is still
 * there, the same object, after the session closed. */
typedef struct
{
  guint64     session;
  VigilPhase  phase;
  gboolean    thread;
  int         handle;                  /* fd or tid */
  char       *kind;                    /* "UDP socket", "eventfd", "thread", … */
  char       *name;                    /* "UDP 127.0.0.1:41234 → 127.0.0.1:3956" */
  char       *target;                  /* link target, or the thread's comm */
  char       *what;                    /* kind + what groups it: "UDP socket to :3956" */
  gint64      attributed_us;           /* UTC */
  gint64      closed_us;               /* UTC, the session's end */
} VigilOrphan;

/* Orphans of one phase and kind over all sessions (see
 * VIGIL_ORPHANS_LEAK_SESSIONS). */
typedef struct
{
  VigilPhase  phase;
  char       *what;
  char       *kind;
  char       *example;                 /* one orphan's name */
  int         example_handle;
  guint       n_orphans;
  guint       n_sessions;              /* sessions that left one */
  guint       n_phase_sessions;        /* ended sessions that went through the phase */
  guint64     first_session;
  guint64     last_session;
  gboolean    leak;
} VigilOrphanGroup;

/* An fd or thread that is there now, was not at the start, and no phase
 * of any session claims. */
typedef struct
{
  gboolean            thread;
  int                 handle;
  char               *kind;
  char               *name;
  gint64              from_us;         /* UTC: not there yet */
  gint64              to_us;           /* UTC: first seen */
  VigilGrowthContext  context;
} VigilGrowth;

VigilOrphans *vigil_orphans_new               (const char          *root);
void          vigil_orphans_phase_begin       (VigilOrphans        *self,
                                               guint64              session,
                                               VigilPhase           phase,
                                               GArray              *fds);
void          vigil_orphans_phase_end         (VigilOrphans        *self,
                                               guint64              session,
                                               VigilPhase           phase,
                                               GArray              *fds_before,
                                               GArray              *fds_after);
void          vigil_orphans_set_udp_peer      (VigilOrphans        *self,
                                               guint64              session,
                                               VigilPhase           phase,
                                               const char          *local_ip,
                                               const char          *peer);
void          vigil_orphans_session_closing   (VigilOrphans        *self,
                                               guint64              session);
void          vigil_orphans_session_closed    (VigilOrphans        *self,
                                               guint64              session);

GPtrArray    *vigil_orphans_list              (VigilOrphans        *self,
                                               guint64              session);
GPtrArray    *vigil_orphans_list_groups       (VigilOrphans        *self);
GPtrArray    *vigil_orphans_list_growth       (VigilOrphans        *self);
guint         vigil_orphans_count_leaked      (VigilOrphans        *self,
                                               gboolean             threads);

char         *vigil_orphan_group_describe     (const VigilOrphanGroup *group);
const char   *vigil_growth_context_to_string  (VigilGrowthContext   context);

void          vigil_orphan_free               (VigilOrphan         *orphan);
void          vigil_orphan_group_free         (VigilOrphanGroup    *group);
void          vigil_growth_free               (VigilGrowth         *growth);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilOrphan, vigil_orphan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilOrphanGroup, vigil_orphan_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilGrowth, vigil_growth_free)

G_END_DECLS
