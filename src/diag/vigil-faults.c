/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-faults"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-faults.h"

/* The registry of named fault points.  The session asks it at each point
 * (vigil_faults_fire) from whatever thread it runs on; the GUI menu, D-Bus,
 * vigil-soak and the VIGIL_FAULTS environment variable arm it.  Random
 * points draw from one seeded generator, so a run is reproducible from its
 * seed and the order the points are reached. */

static const char * const points[] = {
  "open.device",
  "open.after-device",
  "stream.create",
  "callback.register",
  "buffers.alloc",
  "acquisition.start",
  "frame.timeout",
  "control.lost",
  "close.stop-acquisition",
  "shutdown.during-open",
  NULL
};

#define N_POINTS (G_N_ELEMENTS (points) - 1)

struct _VigilFaults
{
  GObject             parent_instance;

  GMutex              lock;
  VigilFaultState     state[N_POINTS];   /* under lock */
  GRand              *rand;              /* under lock */
  guint32             seed;
  gboolean            leak_demo;         /* atomic */

  VigilFaultListener  listener;
  gpointer            listener_data;
  GDestroyNotify      listener_destroy;
};

G_DEFINE_FINAL_TYPE (VigilFaults, vigil_faults, G_TYPE_OBJECT)

static int
point_index (const char *point)
{
  for (guint i = 0; i < N_POINTS; i++)
    if (g_strcmp0 (points[i], point) == 0)
      return (int) i;
  return -1;
}

static void
vigil_faults_finalize (GObject *object)
{
  VigilFaults *self = (VigilFaults *) object;

  if (self->listener_destroy)
    self->listener_destroy (self->listener_data);
  g_clear_pointer (&self->rand, g_rand_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_faults_parent_class)->finalize (object);
}

static void
vigil_faults_class_init (VigilFaultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_faults_finalize;
}

static void
vigil_faults_init (VigilFaults *self)
{
  g_mutex_init (&self->lock);
  for (guint i = 0; i < N_POINTS; i++)
    self->state[i].point = points[i];
  vigil_faults_set_seed (self, 1);
}

VigilFaults *
vigil_faults_new (void)
{
  return g_object_new (VIGIL_TYPE_FAULTS, NULL);
}

/**
 * vigil_faults_list_points:
 *
 * Returns: (transfer none): every fault point name, %NULL-terminated
 */
const char * const *
vigil_faults_list_points (void)
{
  return points;
}

/* Parses "off", "once", "persistent", "every:N" or "probability:P". */
static gboolean
parse_mode (const char       *text,
            VigilFaultState  *state,
            GError          **error)
{
  const char *arg = strchr (text, ':');
  g_autofree char *name = arg ? g_strndup (text, arg - text) : g_strdup (text);
  gboolean ok = FALSE;
  char *end = NULL;

  state->every = 0;
  state->probability = 0;

  if (arg == NULL)
    {
      ok = TRUE;
      if (g_str_equal (name, "off"))
        state->mode = VIGIL_FAULT_OFF;
      else if (g_str_equal (name, "once"))
        state->mode = VIGIL_FAULT_ONCE;
      else if (g_str_equal (name, "persistent"))
        state->mode = VIGIL_FAULT_PERSISTENT;
      else
        ok = FALSE;
    }
  else if (g_str_equal (name, "every"))
    {
      guint64 n = g_ascii_strtoull (arg + 1, &end, 10);

      ok = end != arg + 1 && *end == '\0' && n > 0 && n <= G_MAXUINT;
      state->mode = VIGIL_FAULT_EVERY;
      state->every = (guint) n;
    }
  else if (g_str_equal (name, "probability") || g_str_equal (name, "p"))
    {
      double p = g_ascii_strtod (arg + 1, &end);

      ok = end != arg + 1 && *end == '\0' && p >= 0.0 && p <= 1.0;
      state->mode = VIGIL_FAULT_PROBABILITY;
      state->probability = p;
    }

  if (!ok)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a fault mode; use off, once, persistent, every:N or probability:P (0 to 1)"),
                 text);
  return ok;
}

/**
 * vigil_faults_arm:
 * @mode: off, once, persistent, every:N or probability:P
 *
 * Arms one point; its counts start again from zero.
 */
gboolean
vigil_faults_arm (VigilFaults  *self,
                  const char   *point,
                  const char   *mode,
                  GError      **error)
{
  VigilFaultState state = { 0 };
  int i;

  g_return_val_if_fail (VIGIL_IS_FAULTS (self), FALSE);

  if ((i = point_index (point)) < 0)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) points);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a fault point; the points are %s"), point, known);
      return FALSE;
    }
  if (!parse_mode (mode, &state, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  state.point = points[i];
  state.total_fired = self->state[i].total_fired;
  self->state[i] = state;
  g_mutex_unlock (&self->lock);

  g_debug ("Fault %s armed: %s", point, mode);
  return TRUE;
}

/**
 * vigil_faults_parse:
 * @spec: "point=mode,point=mode,…", optionally with "seed=S"; the syntax
 *   of VIGIL_FAULTS and app.arm-fault
 *
 * Arms every point listed.  Nothing is armed when any item is wrong.
 */
gboolean
vigil_faults_parse (VigilFaults  *self,
                    const char   *spec,
                    GError      **error)
{
  g_auto(GStrv) items = NULL;
  g_autoptr(VigilFaults) check = vigil_faults_new ();

  g_return_val_if_fail (VIGIL_IS_FAULTS (self), FALSE);

  items = g_strsplit (spec ? spec : "", ",", -1);
  /* Validate everything first, then apply. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; items[i]; i++)
      {
        g_auto(GStrv) kv = NULL;
        char *item = g_strstrip (items[i]);

        if (*item == '\0')
          continue;
        kv = g_strsplit (item, "=", 2);
        if (kv[1] == NULL)
          {
            g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not point=mode"), item);
            return FALSE;
          }
        if (g_str_equal (g_strstrip (kv[0]), "seed"))
          {
            char *end = NULL;
            guint64 seed = g_ascii_strtoull (kv[1], &end, 10);

            if (end == kv[1] || *end != '\0' || seed > G_MAXUINT32)
              {
                g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                             _("The seed “%s” is not a number up to %u"), kv[1], G_MAXUINT32);
                return FALSE;
              }
            if (pass == 1)
              vigil_faults_set_seed (self, (guint32) seed);
            continue;
          }
        if (!vigil_faults_arm (pass == 0 ? check : self, kv[0], g_strstrip (kv[1]), error))
          return FALSE;
      }

  return TRUE;
}

void
vigil_faults_disarm_all (VigilFaults *self)
{
  g_return_if_fail (VIGIL_IS_FAULTS (self));

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < N_POINTS; i++)
    {
      guint64 total_fired = self->state[i].total_fired;

      memset (&self->state[i], 0, sizeof self->state[i]);
      self->state[i].point = points[i];
      self->state[i].total_fired = total_fired;
    }
  g_mutex_unlock (&self->lock);
}

void
vigil_faults_set_seed (VigilFaults *self,
                       guint32      seed)
{
  g_return_if_fail (VIGIL_IS_FAULTS (self));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->rand, g_rand_free);
  self->rand = g_rand_new_with_seed (seed);
  self->seed = seed;
  g_mutex_unlock (&self->lock);
}

guint32
vigil_faults_get_seed (VigilFaults *self)
{
  g_return_val_if_fail (VIGIL_IS_FAULTS (self), 0);
  return self->seed;
}

/**
 * vigil_faults_fire:
 *
 * Called by the code at @point, on any thread: whether the point fails
 * now.  When it does, @error says so in words (VIGIL_ERROR_FAULT_INJECTED)
 * and the listener is told.
 *
 * Returns: %TRUE when the point fires
 */
gboolean
vigil_faults_fire (VigilFaults  *self,
                   const char   *point,
                   GError      **error)
{
  VigilFaultState *state;
  gboolean fire = FALSE;
  guint64 fired = 0;
  int i;

  if (self == NULL)
    return FALSE;
  g_return_val_if_fail (VIGIL_IS_FAULTS (self), FALSE);

  if ((i = point_index (point)) < 0)
    {
      g_critical ("Unknown fault point %s", point);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  state = &self->state[i];
  if (state->mode != VIGIL_FAULT_OFF)
    {
      state->hits++;
      switch (state->mode)
        {
        case VIGIL_FAULT_ONCE:
          fire = state->fired == 0;
          break;
        case VIGIL_FAULT_EVERY:
          fire = state->hits % state->every == 0;
          break;
        case VIGIL_FAULT_PERSISTENT:
          fire = TRUE;
          break;
        case VIGIL_FAULT_PROBABILITY:
          fire = g_rand_double (self->rand) < state->probability;
          break;
        case VIGIL_FAULT_OFF:
        default:
          break;
        }
      if (fire)
        {
          fired = ++state->fired;
          state->total_fired++;
        }
    }
  g_mutex_unlock (&self->lock);

  if (!fire)
    return FALSE;

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAULT_INJECTED,
               _("Injected fault at %s"), point);
  if (self->listener)
    self->listener (self, points[i], fired, self->listener_data);
  return TRUE;
}

/**
 * vigil_faults_list:
 *
 * Returns: (transfer full) (element-type VigilFaultState): every point
 */
GArray *
vigil_faults_list (VigilFaults *self)
{
  GArray *list = g_array_sized_new (FALSE, FALSE, sizeof (VigilFaultState), N_POINTS);

  g_mutex_lock (&self->lock);
  g_array_append_vals (list, self->state, N_POINTS);
  g_mutex_unlock (&self->lock);
  return list;
}

guint64
vigil_faults_get_fired (VigilFaults *self,
                        const char  *point)
{
  int i = point_index (point);
  guint64 fired;

  g_return_val_if_fail (i >= 0, 0);
  g_mutex_lock (&self->lock);
  fired = self->state[i].fired;
  g_mutex_unlock (&self->lock);
  return fired;
}

/**
 * vigil_faults_set_listener:
 *
 * Set once, before the faults are shared with other threads.
 */
void
vigil_faults_set_listener (VigilFaults        *self,
                           VigilFaultListener  listener,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (VIGIL_IS_FAULTS (self));

  if (self->listener_destroy)
    self->listener_destroy (self->listener_data);
  self->listener = listener;
  self->listener_data = user_data;
  self->listener_destroy = destroy;
}

/* The leak demonstration: see DESIGN.md "Fault points". */
void
vigil_faults_set_leak_demo (VigilFaults *self,
                            gboolean     enabled)
{
  g_return_if_fail (VIGIL_IS_FAULTS (self));
  g_atomic_int_set (&self->leak_demo, !!enabled);
}

gboolean
vigil_faults_get_leak_demo (VigilFaults *self)
{
  return self != NULL && g_atomic_int_get (&self->leak_demo);
}

/**
 * vigil_fault_mode_to_string:
 *
 * Returns: (transfer full): the mode as vigil_faults_arm () takes it
 */
char *
vigil_fault_mode_to_string (const VigilFaultState *state)
{
  switch (state->mode)
    {
    case VIGIL_FAULT_ONCE:        return g_strdup ("once");
    case VIGIL_FAULT_EVERY:       return g_strdup_printf ("every:%u", state->every);
    case VIGIL_FAULT_PERSISTENT:  return g_strdup ("persistent");
    case VIGIL_FAULT_PROBABILITY: return g_strdup_printf ("probability:%g", state->probability);
    case VIGIL_FAULT_OFF:
    default:                      return g_strdup ("off");
    }
}

/**
 * vigil_faults_get_total_fired:
 *
 * Returns: how often @point failed since the registry was made; unlike
 *   vigil_faults_get_fired (), arming the point again does not reset it
 */
guint64
vigil_faults_get_total_fired (VigilFaults *self,
                              const char  *point)
{
  int i = point_index (point);
  guint64 fired;

  g_return_val_if_fail (i >= 0, 0);
  g_mutex_lock (&self->lock);
  fired = self->state[i].total_fired;
  g_mutex_unlock (&self->lock);
  return fired;
}
