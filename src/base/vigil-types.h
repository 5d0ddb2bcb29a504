/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _VigilFrame      VigilFrame;
typedef struct _VigilFrameSink  VigilFrameSink;
typedef struct _VigilSession    VigilSession;
typedef struct _VigilSimCamera  VigilSimCamera;
typedef struct _VigilSupervisor VigilSupervisor;

G_END_DECLS
