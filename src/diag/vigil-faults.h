/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_FAULTS (vigil_faults_get_type ())

G_DECLARE_FINAL_TYPE (VigilFaults, vigil_faults, VIGIL, FAULTS, GObject)

typedef enum
{
  VIGIL_FAULT_OFF,
  VIGIL_FAULT_ONCE,
  VIGIL_FAULT_EVERY,
  VIGIL_FAULT_PERSISTENT,
  VIGIL_FAULT_PROBABILITY,
} VigilFaultMode;

/* One point's arming and what it did, as a copy. */
typedef struct
{
  const char     *point;       /* static string */
  VigilFaultMode  mode;
  guint           every;       /* for VIGIL_FAULT_EVERY */
  double          probability; /* for VIGIL_FAULT_PROBABILITY */
  guint64         hits;        /* times the point was reached while armed */
  guint64         fired;       /* times it failed */
  guint64         total_fired; /* times it failed since the registry was made; arming keeps it */
} VigilFaultState;

/* Called on the thread that reached the point, after it fired. */
typedef void (*VigilFaultListener) (VigilFaults *faults,
                                    const char  *point,
                                    guint64      fired,
                                    gpointer     user_data);

VigilFaults        *vigil_faults_new            (void);
const char * const *vigil_faults_list_points    (void);
gboolean            vigil_faults_arm            (VigilFaults         *self,
                                                 const char          *point,
                                                 const char          *mode,
                                                 GError             **error);
gboolean            vigil_faults_parse          (VigilFaults         *self,
                                                 const char          *spec,
                                                 GError             **error);
void                vigil_faults_disarm_all     (VigilFaults         *self);
void                vigil_faults_set_seed       (VigilFaults         *self,
                                                 guint32              seed);
guint32             vigil_faults_get_seed       (VigilFaults         *self);
gboolean            vigil_faults_fire          (VigilFaults         *self,
                                                 const char          *point,
                                                 GError             **error);
GArray             *vigil_faults_list          (VigilFaults         *self);
guint64             vigil_faults_get_fired     (VigilFaults         *self,
                                                const char          *point);
guint64             vigil_faults_get_total_fired (VigilFaults       *self,
                                                  const char        *point);
void                vigil_faults_set_listener  (VigilFaults         *self,
                                                VigilFaultListener   listener,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);
void                vigil_faults_set_leak_demo (VigilFaults         *self,
                                                gboolean             enabled);
gboolean            vigil_faults_get_leak_demo (VigilFaults         *self);
char               *vigil_fault_mode_to_string (const VigilFaultState *state);

G_END_DECLS
