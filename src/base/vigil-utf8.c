/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-utf8"

#include "config.h"

#include <string.h>

#include "vigil-utf8.h"

/* Text from outside, made fit for a label, a log line, a ledger name or a
 * JSON document: valid UTF-8, no control characters, bounded. */

#define ELLIPSIS    "\xe2\x80\xa6"          /* U+2026 */

/* What @c (or the invalid byte at @p) becomes: itself, or an escape that
 * keeps the byte visible, as vigil_json_escape_utf8 () writes it. */
static void
append_piece (GString    *piece,
              const char *p,
              gunichar    c,
              gboolean    valid)
{
  g_string_truncate (piece, 0);
  if (!valid)
    g_string_append_printf (piece, "\\x%02X", (guint) (guchar) *p);
  else if (c < 0x20 || c == 0x7f)
    g_string_append_printf (piece, "\\x%02X", (guint) c);
  else if (g_unichar_iscntrl (c))
    g_string_append_printf (piece, "\\u%04X", (guint) c);
  else
    g_string_append_unichar (piece, c);
}

/**
 * vigil_utf8_sanitize_bounded:
 * @text: (nullable): untrusted text
 * @length: how many bytes of @text to read at most, or -1 up to its NUL
 * @max_chars: the most characters to keep (at least 2)
 *
 * Copies @text writing every byte that is not part of valid UTF-8 as
 * "\xNN" (as vigil_json_escape_utf8 () does, so the byte stays visible) and
 * every control character (tab and newline included) as "\xNN" or
 * "\uNNNN", and cuts the result after @max_chars characters with "…"
 * (counted in @max_chars).  Reading stops at a NUL also when @length is
 * given.
 *
 * Returns: (transfer full) (nullable): the copy, %NULL when @text is %NULL
 */
char *
vigil_utf8_sanitize_bounded (const char *text,
                             gssize      length,
                             gsize       max_chars)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) piece = g_string_new (NULL);
  const char *p;
  const char *end;
  gsize kept = 0;

  g_return_val_if_fail (max_chars > 1, NULL);

  if (text == NULL)
    return NULL;
  end = text + (length < 0 ? strlen (text) : strnlen (text, (gsize) length));
  out = g_string_sized_new (MIN ((gsize) (end - text), max_chars * 4) + 4);

  for (p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gboolean valid = c != (gunichar) -1 && c != (gunichar) -2;
      const char *next = valid ? g_utf8_next_char (p) : p + 1;
      gsize n;

      append_piece (piece, p, c, valid);
      n = g_utf8_strlen (piece->str, piece->len);
      /* Keep one place for the ellipsis while more text follows. */
      if (kept + n > max_chars || (kept + n == max_chars && next < end))
        {
          g_string_append (out, ELLIPSIS);
          break;
        }
      g_string_append_len (out, piece->str, piece->len);
      kept += n;
      p = next;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
