/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "vigil-event.h"

G_BEGIN_DECLS

typedef struct _VigilReplayRefusals VigilReplayRefusals;

VigilReplayRefusals *vigil_replay_refusals_new          (void);
void                 vigil_replay_refusals_free         (VigilReplayRefusals *self);
gboolean             vigil_replay_refusals_add          (VigilReplayRefusals *self,
                                                         const VigilEvent    *event);
char                *vigil_replay_refusals_take_message (VigilReplayRefusals *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilReplayRefusals, vigil_replay_refusals_free)

G_END_DECLS
