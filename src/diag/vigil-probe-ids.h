/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an fd and a thread *are*, beyond their numbers (which the kernel
 * reuses): the identity part of the probe, for orphans (DESIGN.md "Phases
 * and the session lifecycle").  Every function takes @root, a directory
 * laid out like /proc/self (NULL = the live /proc/self); with a test root
 * the fd identity comes from fdinfo/N alone. */

/* An fd's object: st_dev/st_ino from fstat and, for eventfds (which all
 * share one anonymous inode), the kernel's eventfd-id from fdinfo. */
typedef struct
{
  guint64 dev;
  guint64 ino;
  gint64  extra;                       /* eventfd-id, -1 when none */
} VigilFdIdentity;

/* A thread: tid, start time (field 22 of task/TID/stat, clock ticks since
 * boot, survives tid reuse) and comm. */
typedef struct
{
  int      tid;
  guint64  starttime;
  char    *comm;                       /* (nullable) */
} VigilTaskEntry;

typedef struct _VigilSocketTable VigilSocketTable;

gboolean          vigil_probe_ids_identify_fd  (const char         *root,
                                                int                 fd,
                                                const char         *target,
                                                VigilFdIdentity    *identity);
char             *vigil_probe_ids_read_target  (const char         *root,
                                                int                 fd);
GArray           *vigil_probe_ids_list_tids    (const char         *root,
                                                GError            **error);
gboolean          vigil_probe_ids_read_task    (const char         *root,
                                                int                 tid,
                                                VigilTaskEntry     *entry);
void              vigil_task_entry_clear       (VigilTaskEntry     *entry);

void              vigil_probe_ids_describe     (const char         *target,
                                                char              **kind,
                                                char              **name);
guint64           vigil_probe_ids_socket_inode (const char         *target);

VigilSocketTable *vigil_socket_table_load      (const char         *root);
gboolean          vigil_socket_table_lookup    (VigilSocketTable   *table,
                                                guint64             inode,
                                                const char        **protocol,
                                                const char        **local,
                                                const char        **remote);
void              vigil_socket_table_free      (VigilSocketTable   *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSocketTable, vigil_socket_table_free)

G_END_DECLS
