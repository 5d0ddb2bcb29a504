/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-snapshot-load"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#ifdef G_OS_UNIX
#include <unistd.h>
#else
#include <io.h>
#endif

#include "vigil-error.h"
#include "vigil-snapshot-load.h"

/* Reading a snapshot someone sent: the file is untrusted.
 *
 * Size: the largest document Vigil writes is bounded by its rings — 10,000
 * events (about 600 bytes each), 3,600 samples, 4,096 reconnects, 100 ended
 * sessions with their resources, 10,000 soak rounds and the fd list (up to
 * 65,536 cached fds) — which comes to about 30 MB in the worst case.
 * json-glib's tree costs roughly ten times the text in memory, so 64 MiB of
 * text (VIGIL_SNAPSHOT_LOAD_MAX_BYTES) keeps a refused-looking file from
 * costing more than about 1 GB while leaving twice the worst real case.
 *
 * Depth: json-glib parses recursively, so 100,000 nested arrays overflow
 * the stack.  A snapshot nests at most about 6 deep; the text is scanned for
 * its depth before it reaches the parser, and more than
 * VIGIL_SNAPSHOT_LOAD_MAX_DEPTH (64) is refused.
 *
 * Kind: only regular files.  /dev/zero never ends, a FIFO blocks. */

/* Whether @data nests arrays and objects at most @max_depth deep, counting
 * only brackets outside strings. */
gboolean
vigil_snapshot_check_depth (const char  *data,
                            gsize        length,
                            guint        max_depth,
                            GError     **error)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                           _("Arrays and objects are nested more than %u deep (at byte %lu); a snapshot nests far less"),
                           max_depth, (gulong) i);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* The parsed document in @data, after its depth was checked.
 * Returns: (transfer full) (nullable): the root node */
JsonNode *
vigil_snapshot_load_from_data (const char  *data,
                               gsize        length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > VIGIL_SNAPSHOT_LOAD_MAX_BYTES)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("The document is larger than %u MiB, more than any snapshot Vigil writes"),
                   (guint) (VIGIL_SNAPSHOT_LOAD_MAX_BYTES / (1024 * 1024)));
      return NULL;
    }
  if (!vigil_snapshot_check_depth (data, length, VIGIL_SNAPSHOT_LOAD_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                           _("The document is empty"));
      return NULL;
    }
  return json_node_ref (root);
}

/* Reads at most VIGIL_SNAPSHOT_LOAD_MAX_BYTES + 1 bytes of @fd into a new
 * buffer; a file that gives more is refused. */
static char *
read_bounded (int          fd,
              gsize       *length,
              GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 chunk[65536];

  for (;;)
    {
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not read the file: %s"), g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      if (bytes->len + (gsize) n > VIGIL_SNAPSHOT_LOAD_MAX_BYTES)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                       _("The file is larger than %u MiB, more than any snapshot Vigil writes"),
                       (guint) (VIGIL_SNAPSHOT_LOAD_MAX_BYTES / (1024 * 1024)));
          return NULL;
        }
      g_byte_array_append (bytes, chunk, (guint) n);
    }
  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);    /* a terminating NUL */
  return (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

/* Opens @path without blocking (a FIFO would), refuses anything that is
 * not a regular file or is too large by its size, and reads it bounded. */
static char *
read_snapshot_file (const char  *path,
                    gsize       *length,
                    GError     **error)
{
  int flags = O_RDONLY;
  GStatBuf st;
  char *data;
  int fd;
  int saved;

#ifdef O_NONBLOCK
  flags |= O_NONBLOCK;
#endif
#ifdef O_CLOEXEC
  flags |= O_CLOEXEC;
#endif
  fd = g_open (path, flags, 0);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not open the file: %s"), g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      saved = errno;
      g_close (fd, NULL);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not read the file: %s"), g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                           _("Not a regular file; a snapshot is a JSON file"));
      return NULL;
    }
  if ((guint64) st.st_size > VIGIL_SNAPSHOT_LOAD_MAX_BYTES)
    {
      g_close (fd, NULL);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID_ARGUMENT,
                   _("The file is larger than %u MiB, more than any snapshot Vigil writes"),
                   (guint) (VIGIL_SNAPSHOT_LOAD_MAX_BYTES / (1024 * 1024)));
      return NULL;
    }
  data = read_bounded (fd, length, error);
  g_close (fd, NULL);
  return data;
}

/* The parsed snapshot at @path, read within the limits above.
 * Returns: (transfer full) (nullable): the root node */
JsonNode *
vigil_snapshot_load (const char  *path,
                     GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(data = read_snapshot_file (path, &length, error)))
    return NULL;
  return vigil_snapshot_load_from_data (data, length, error);
}
