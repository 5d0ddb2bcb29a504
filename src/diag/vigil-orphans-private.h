/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-orphans.h"
#include "vigil-probe-ids.h"

G_BEGIN_DECLS

/* One fd or thread that a phase added (vigil-orphans.c), and, once its
 * session ended with it still there, its names (vigil-orphans-names.c). */
typedef struct
{
  guint64          session;
  VigilPhase       phase;
  gboolean         thread;
  int              handle;
  char            *target;             /* link target, or comm */
  VigilFdIdentity  identity;           /* fd */
  guint64          starttime;          /* thread */
  gint64           attributed_us;
  gint64           closed_us;
  char            *kind;
  char            *name;
  char            *what;
  GArray          *waiting;            /* (nullable) guint64: sessions open beside the phase */
} VigilClaim;

/* A UDP peer a session knows and the kernel does not (Aravis sends GVCP
 * with sendto on an unconnected socket). */
typedef struct
{
  VigilPhase  phase;
  char       *local_ip;
  char       *peer;
} VigilUdpPeer;

/* The orphans' state, shared by vigil-orphans.c (claims, judging) and
 * vigil-orphans-report.c (lists, groups, unattributed growth). */
struct _VigilOrphans
{
  GObject      parent_instance;

  GMutex       lock;
  char        *root;                   /* NULL: the live /proc/self */
  GHashTable  *sessions;               /* guint64* → VigilOrphansSession, open sessions */
  GPtrArray   *orphans;                /* VigilClaim, of ended sessions */
  GPtrArray   *pending;                /* VigilClaim, ended, waiting for sessions beside */
  guint        phase_sessions[VIGIL_N_PHASES];
  GHashTable  *fd_seen;                /* fd → VigilOrphansSeen (with its target) */
  GHashTable  *tid_seen;               /* tid → VigilOrphansSeen */
  gint64       last_snapshot_us;
  guint        generation;
  guint        max_open;               /* sessions open at once, at most */
};

typedef struct
{
  guint64       id;
  GArray       *tids_before;           /* (nullable) of the phase in progress */
  GPtrArray    *claims;                /* VigilClaim */
  GArray       *beside;                /* guint64: sessions open at the phase's begin */
  VigilUdpPeer  peer;
  guint64       phases;                /* bit per VigilPhase gone through */
  gboolean      streaming;
  gboolean      closing;               /* makes nothing any more */
} VigilOrphansSession;

typedef struct
{
  char               *target;          /* (nullable): fds only */
  gint64              from_us;
  gint64              to_us;
  VigilGrowthContext  context;
  gboolean            baseline;
  guint               generation;
} VigilOrphansSeen;

void          vigil_claim_free           (VigilClaim        *claim);
void          vigil_claim_name           (VigilClaim        *claim,
                                          VigilSocketTable **table,
                                          const char        *root,
                                          const VigilUdpPeer *peer);
VigilOrphan  *vigil_claim_to_orphan      (const VigilClaim  *claim);
gboolean      _vigil_orphans_still_same  (VigilOrphans      *self,
                                          VigilClaim        *claim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilClaim, vigil_claim_free)

G_END_DECLS
