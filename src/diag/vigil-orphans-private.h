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

void          vigil_claim_free           (VigilClaim        *claim);
void          vigil_claim_name           (VigilClaim        *claim,
                                          VigilSocketTable **table,
                                          const char        *root,
                                          const VigilUdpPeer *peer);
VigilOrphan  *vigil_claim_to_orphan      (const VigilClaim  *claim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilClaim, vigil_claim_free)

G_END_DECLS
