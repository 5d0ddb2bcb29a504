/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gpointer vigil_alloc_committed (gsize n_structs,
                                gsize struct_size) G_GNUC_MALLOC;
gint64   vigil_memory_heap_in_use (void);

/* Like g_new0 (), but every page is written now (see vigil-memory.c). */
#define vigil_new_committed(struct_type, n_structs) \
  ((struct_type *) vigil_alloc_committed ((n_structs), sizeof (struct_type)))

G_END_DECLS
