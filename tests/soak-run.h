/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One vigil-soak run's exit status and output. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

void  run_clear     (Run                *run);
void  soak          (Run                *run,
                     const char         *first,
                     ...) G_GNUC_NULL_TERMINATED;
void  soak_argv     (Run                *run,
                     char              **envp,
                     const char * const *args);
char *summary_line  (const char         *out);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

G_END_DECLS
