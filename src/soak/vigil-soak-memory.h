/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-probe.h"
#include "vigil-verdict.h"

G_BEGIN_DECLS

/* The memory series of a vigil-soak run: at most VIGIL_SOAK_MEMORY_MAX
 * samples against the cycle count, thinned evenly as the run grows. */
typedef struct _VigilSoakMemory VigilSoakMemory;

#define VIGIL_SOAK_MEMORY_MAX 1024

typedef enum
{
  VIGIL_SOAK_MEMORY_PRIVATE,     /* private bytes after malloc_trim () */
  VIGIL_SOAK_MEMORY_RESIDENT,    /* RSS, likewise */
  VIGIL_SOAK_MEMORY_UNTRIMMED,   /* private bytes before it */
  VIGIL_SOAK_MEMORY_HEAP_IN_USE, /* malloc's bytes in use (glibc), else unknown */
} VigilSoakMemoryFigure;

VigilSoakMemory *vigil_soak_memory_new      (void);
void             vigil_soak_memory_free     (VigilSoakMemory       *self);
void             vigil_soak_memory_sample   (VigilSoakMemory       *self,
                                             VigilProbe            *probe,
                                             guint64                cycle);
guint            vigil_soak_memory_get_n    (VigilSoakMemory       *self);
void             vigil_soak_memory_trend    (VigilSoakMemory       *self,
                                             VigilSoakMemoryFigure  figure,
                                             gdouble               *slope,
                                             gdouble               *lower,
                                             gdouble               *mk_p);
void             vigil_soak_memory_get_trend (VigilSoakMemory      *self,
                                             VigilSoakMemoryFigure  figure,
                                             VigilTrend            *trend);
void             vigil_soak_memory_add_json (VigilSoakMemory       *self,
                                             JsonBuilder           *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSoakMemory, vigil_soak_memory_free)

G_END_DECLS
