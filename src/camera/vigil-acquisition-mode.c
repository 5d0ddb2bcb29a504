/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-acquisition-mode"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-acquisition-mode.h"

G_DEFINE_BOXED_TYPE (VigilAcquisitionMode, vigil_acquisition_mode,
                     vigil_acquisition_mode_copy, vigil_acquisition_mode_free)

/* The trigger selectors that start frames, in the order they are looked at. */
static const char * const frame_selectors[] = { "FrameStart", "FrameBurstStart", "AcquisitionStart" };

void
vigil_acquisition_mode_free (VigilAcquisitionMode *self)
{
  if (self == NULL)
    return;
  g_free (self->trigger_selector);
  g_free (self->trigger_source);
  g_free (self->acquisition_mode);
  g_free (self);
}

/**
 * vigil_acquisition_mode_copy:
 *
 * Returns: (transfer full): a deep copy
 */
VigilAcquisitionMode *
vigil_acquisition_mode_copy (const VigilAcquisitionMode *self)
{
  VigilAcquisitionMode *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->trigger_selector = g_strdup (self->trigger_selector);
  copy->trigger_source = g_strdup (self->trigger_source);
  copy->acquisition_mode = g_strdup (self->acquisition_mode);
  return copy;
}

/**
 * vigil_acquisition_mode_sanitize:
 * @camera_string: (nullable): a name the camera gave
 *
 * Returns: (transfer full) (nullable): @camera_string as valid UTF-8 of at
 *   most VIGIL_ACQUISITION_MODE_MAX_NAME bytes, cut at a character
 *   boundary, without control characters; %NULL for %NULL or ""
 */
char *
vigil_acquisition_mode_sanitize (const char *camera_string)
{
  return vigil_camera_words (camera_string, VIGIL_ACQUISITION_MODE_MAX_NAME);
}

/**
 * vigil_camera_words:
 * @camera_string: (nullable): a string the camera (or Aravis about it) gave
 * @max_bytes: the longest result
 *
 * Returns: (transfer full) (nullable): @camera_string as valid UTF-8 of at
 *   most @max_bytes bytes, cut at a character boundary, without control
 *   characters; %NULL for %NULL or ""
 */
char *
vigil_camera_words (const char *camera_string,
                    gsize       max_bytes)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;

  if (camera_string == NULL || camera_string[0] == '\0')
    return NULL;

  valid = g_utf8_make_valid (camera_string, -1);
  out = g_string_new (NULL);
  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (out->len + (gsize) (next - p) > max_bytes)
        break;
      if (g_unichar_iscntrl (c))
        continue;
      g_string_append_len (out, p, next - p);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * vigil_acquisition_mode_new_from_strings:
 * @trigger_mode: (nullable): TriggerMode as the camera said it, %NULL when
 *   the camera has none
 * @trigger_source: (nullable): TriggerSource
 * @acquisition_mode: (nullable): AcquisitionMode
 * @frame_count: AcquisitionFrameCount for MultiFrame, or ≤ 0 when unknown
 * @frame_rate: frames per second, ≤ 0 or NaN when unknown
 *
 * Classifies what a camera said.  Anything unknown counts as the
 * harmless case: an AcquisitionMode other than SingleFrame/MultiFrame is
 * continuous, a TriggerMode other than "On" is off.
 *
 * Returns: (transfer full): the mode
 */
VigilAcquisitionMode *
vigil_acquisition_mode_new_from_strings (const char *trigger_mode,
                                         const char *trigger_source,
                                         const char *acquisition_mode,
                                         gint64      frame_count,
                                         double      frame_rate)
{
  VigilAcquisitionMode *self = g_new0 (VigilAcquisitionMode, 1);

  self->has_trigger = trigger_mode != NULL;
  self->triggered = g_strcmp0 (trigger_mode, "On") == 0;
  if (self->triggered)
    self->trigger_source = vigil_acquisition_mode_sanitize (trigger_source);
  self->acquisition_mode = vigil_acquisition_mode_sanitize (acquisition_mode);

  if (g_strcmp0 (acquisition_mode, "SingleFrame") == 0)
    self->frame_limit = 1;
  else if (g_strcmp0 (acquisition_mode, "MultiFrame") == 0)
    self->frame_limit = frame_count > 0 ? (guint) MIN (frame_count, (gint64) G_MAXUINT) : 1;

  self->frame_rate = frame_rate > 0 && frame_rate < 1e7 ? frame_rate : 0.0;
  return self;
}

/* Free-running: frames come by themselves at a known rate, so the frame
 * watchdog applies. */
gboolean
vigil_acquisition_mode_is_free_running (const VigilAcquisitionMode *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return !self->triggered && self->frame_limit == 0 && self->frame_rate > 0;
}

/* Triggered by software, and the camera can be told to. */
gboolean
vigil_acquisition_mode_is_software (const VigilAcquisitionMode *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->triggered && self->has_software_trigger &&
         g_strcmp0 (self->trigger_source, "Software") == 0;
}

/**
 * vigil_acquisition_mode_describe:
 *
 * Returns: (transfer full): the mode in words, for a status line
 */
char *
vigil_acquisition_mode_describe (const VigilAcquisitionMode *self)
{
  g_autofree char *trigger = NULL;
  g_autofree char *limit = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->triggered)
    trigger = g_strdup_printf (_("triggered by %s"), self->trigger_source ? self->trigger_source : _("an unknown source"));
  else if (self->frame_rate > 0)
    trigger = g_strdup_printf (_("free-running at %.3g fps"), self->frame_rate);
  else
    trigger = g_strdup (_("free-running"));

  if (self->frame_limit == 1)
    limit = g_strdup (_("single frame"));
  else if (self->frame_limit > 1)
    limit = g_strdup_printf (_("%u frames"), self->frame_limit);

  return limit ? g_strdup_printf ("%s, %s", trigger, limit) : g_steal_pointer (&trigger);
}

/* ---- Reading the camera (session worker thread) ---------------------- */

/* Errors of the device (a timeout, a camera gone) end the read; any other
 * (a feature the camera refuses to read) counts as "not there". */
static gboolean
keep_error (GError  *local_error,
            GError **error)
{
  if (local_error == NULL || local_error->domain != ARV_DEVICE_ERROR)
    return FALSE;
  g_propagate_error (error, g_error_copy (local_error));
  return TRUE;
}

static gboolean
has_feature (ArvCamera  *camera,
             const char *feature)
{
  g_autoptr(GError) error = NULL;

  return arv_camera_is_feature_available (camera, feature, &error) && error == NULL;
}

/* (nullable): the feature's value, sanitized; %NULL when it is missing or
 * unreadable.  Sets @error only for device errors. */
static char *
read_string (ArvCamera   *camera,
             const char  *feature,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *value;

  if (!has_feature (camera, feature))
    return NULL;
  value = arv_camera_get_string (camera, feature, &local_error);
  if (local_error != NULL)
    {
      keep_error (local_error, error);
      return NULL;
    }
  return vigil_acquisition_mode_sanitize (value);
}

static gboolean
has_entry (ArvCamera  *camera,
           const char *feature,
           const char *entry)
{
  g_autoptr(GError) error = NULL;
  g_autofree const char **entries = NULL;
  guint n = 0;

  entries = arv_camera_dup_available_enumerations_as_strings (camera, feature, &n, &error);
  for (guint i = 0; error == NULL && entries != NULL && i < n; i++)
    if (g_strcmp0 (entries[i], entry) == 0)
      return TRUE;
  return FALSE;
}

/* With a TriggerSelector, TriggerMode and TriggerSource are per selector:
 * look at each selector that starts frames, and leave FrameStart selected
 * (what the quick controls show and write). */
static gboolean
read_trigger (ArvCamera  *camera,
              char      **mode,
              char      **source,
              char      **selector,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!has_feature (camera, "TriggerSelector"))
    {
      *mode = read_string (camera, "TriggerMode", &local_error);
      if (g_strcmp0 (*mode, "On") == 0)
        *source = read_string (camera, "TriggerSource", &local_error);
      return !keep_error (local_error, error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (frame_selectors) && local_error == NULL; i++)
    {
      g_autofree char *value = NULL;

      if (!has_entry (camera, "TriggerSelector", frame_selectors[i]))
        continue;
      arv_camera_set_string (camera, "TriggerSelector", frame_selectors[i], &local_error);
      if (local_error != NULL)
        break;
      value = read_string (camera, "TriggerMode", &local_error);
      if (*mode == NULL || g_strcmp0 (value, "On") == 0)
        {
          g_free (*mode);
          *mode = g_steal_pointer (&value);
        }
      if (g_strcmp0 (*mode, "On") == 0)
        {
          *selector = g_strdup (frame_selectors[i]);
          *source = read_string (camera, "TriggerSource", &local_error);
          break;
        }
    }
  if (has_entry (camera, "TriggerSelector", "FrameStart"))
    arv_camera_set_string (camera, "TriggerSelector", "FrameStart", local_error ? NULL : &local_error);
  return !keep_error (local_error, error);
}

/**
 * vigil_acquisition_mode_read:
 * @camera: an open camera
 *
 * Reads TriggerSelector/TriggerMode/TriggerSource, AcquisitionMode (and
 * AcquisitionFrameCount) and the frame rate.  Session worker thread: on a
 * camera that does not answer each read waits for its timeout.
 *
 * Returns: (transfer full) (nullable): the mode, or %NULL with @error
 *   when the camera did not answer (a missing or refused feature is not
 *   an error)
 */
VigilAcquisitionMode *
vigil_acquisition_mode_read (ArvCamera  *camera,
                             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trigger_mode = NULL;
  g_autofree char *trigger_source = NULL;
  g_autofree char *selector = NULL;
  g_autofree char *acquisition_mode = NULL;
  gint64 frame_count = 0;
  double frame_rate = 0;
  VigilAcquisitionMode *self;

  g_return_val_if_fail (ARV_IS_CAMERA (camera), NULL);

  if (!read_trigger (camera, &trigger_mode, &trigger_source, &selector, error))
    return NULL;
  acquisition_mode = read_string (camera, "AcquisitionMode", &local_error);
  if (local_error == NULL && g_strcmp0 (acquisition_mode, "MultiFrame") == 0 &&
      has_feature (camera, "AcquisitionFrameCount"))
    frame_count = arv_camera_get_integer (camera, "AcquisitionFrameCount", &local_error);
  if (keep_error (local_error, error))
    return NULL;
  g_clear_error (&local_error);

  if (arv_camera_is_frame_rate_available (camera, NULL))
    {
      frame_rate = arv_camera_get_frame_rate (camera, &local_error);
      if (keep_error (local_error, error))
        return NULL;
      if (local_error != NULL)
        frame_rate = 0;
    }

  self = vigil_acquisition_mode_new_from_strings (trigger_mode, trigger_source, acquisition_mode,
                                                  frame_count, frame_rate);
  self->trigger_selector = g_steal_pointer (&selector);
  self->has_trigger = has_feature (camera, "TriggerMode");
  self->has_software_trigger = has_feature (camera, "TriggerSoftware");
  return self;
}
