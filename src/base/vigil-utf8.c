/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vigil-utf8"

#include "config.h"

#include <string.h>

#include "vigil-utf8.h"

/* Text from outside, made fit for a label, a log line, a ledger name or a
 * JSON document: valid UTF-8, no control characters, bounded. */

#define ELLIPSIS    "\xe2\x80\xa6"          /* U+2026 */

/* Unicode's Emoji_Modifier_Base: what a skin-tone modifier may follow. */
static const struct { gunichar first, last; } modifier_bases[] = {
  { 0x261D, 0x261D }, { 0x26F9, 0x26F9 }, { 0x270A, 0x270D }, { 0x1F385, 0x1F385 },
  { 0x1F3C2, 0x1F3C4 }, { 0x1F3C7, 0x1F3C7 }, { 0x1F3CA, 0x1F3CC }, { 0x1F442, 0x1F443 },
  { 0x1F446, 0x1F450 }, { 0x1F466, 0x1F478 }, { 0x1F47C, 0x1F47C }, { 0x1F481, 0x1F483 },
  { 0x1F485, 0x1F487 }, { 0x1F48F, 0x1F48F }, { 0x1F491, 0x1F491 }, { 0x1F4AA, 0x1F4AA },
  { 0x1F574, 0x1F575 }, { 0x1F57A, 0x1F57A }, { 0x1F590, 0x1F590 }, { 0x1F595, 0x1F596 },
  { 0x1F645, 0x1F647 }, { 0x1F64B, 0x1F64F }, { 0x1F6A3, 0x1F6A3 }, { 0x1F6B4, 0x1F6B6 },
  { 0x1F6C0, 0x1F6C0 }, { 0x1F6CC, 0x1F6CC }, { 0x1F90C, 0x1F90C }, { 0x1F90F, 0x1F90F },
  { 0x1F918, 0x1F91F }, { 0x1F926, 0x1F926 }, { 0x1F930, 0x1F939 }, { 0x1F93C, 0x1F93E },
  { 0x1F977, 0x1F977 }, { 0x1F9B5, 0x1F9B6 }, { 0x1F9B8, 0x1F9B9 }, { 0x1F9BB, 0x1F9BB },
  { 0x1F9CD, 0x1F9CF }, { 0x1F9D1, 0x1F9DD }, { 0x1FAC3, 0x1FAC5 }, { 0x1FAF0, 0x1FAF8 },
};

static gboolean
is_modifier_base (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (modifier_bases); i++)
    if (c >= modifier_bases[i].first && c <= modifier_bases[i].last)
      return TRUE;
  return FALSE;
}

/* Characters with nothing to attach to: a combining mark after a space, a
 * punctuation mark or a symbol, and a skin-tone modifier (U+1F3FB-U+1F3FF)
 * that follows no emoji that takes one.  Pango 1.50 (Debian 12) aborts the
 * whole process on some of these ("T" U+1F3FD U+0362 "}", "P" U+1F3FE
 * U+0F14, U+08EC " " U+0301 "b") in any wrapping label, when GTK measures
 * the label's narrowest layout: "process_line: assertion failed: (result
 * == BREAK_SOME_FIT || result == BREAK_EMPTY_FIT)".  Such characters draw
 * as a dotted circle or a colour swatch anyway; they are written as
 * escapes.  A mark after a letter, a digit or another mark (a stack)
 * stays, and so does a modifier on a hand. */
static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

static gboolean
is_stray (gunichar c,
          gunichar previous)
{
  /* Format characters (bidi overrides, prepended number signs such as
   * U+0600, tags…) but the joiners and the soft hyphen: a prepended sign
   * makes one cluster of the next character whatever its script ("U+0600
   * U+B067 U+065E" aborted Pango in gui-fuzz), and a bidi override
   * reorders what the reader sees. */
  if (g_unichar_type (c) == G_UNICODE_FORMAT)
    return c != 0x200C && c != 0x200D && c != 0x00AD;
  /* The prepended letters (Grapheme_Cluster_Break=Prepend, Unicode 15):
   * repha signs of Malayalam, Sharada, Dives Akuru, Zanabazar Square,
   * Soyombo, Masaram Gondi and Kawi, the same trap ("U+11D46 U+C140
   * U+0F12"). */
  if (c == 0x0D4E || c == 0x111C2 || c == 0x111C3 || c == 0x1193F || c == 0x11941 || c == 0x11A3A ||
      (c >= 0x11A84 && c <= 0x11A89) || c == 0x11D46 || c == 0x11F02)
    return TRUE;
  if (c >= 0x1F3FB && c <= 0x1F3FF)
    return !is_modifier_base (previous);
  return is_mark (c) && !(is_mark (previous) || g_unichar_isalnum (previous));
}

/* What @c (or the invalid byte at @p) becomes: itself, or an escape that
 * keeps the byte visible, as vigil_json_escape_utf8 () writes it. */
static void
append_piece (GString    *piece,
              const char *p,
              gunichar    c,
              gboolean    valid,
              gunichar    previous)
{
  g_string_truncate (piece, 0);
  if (!valid)
    g_string_append_printf (piece, "\\x%02X", (guint) (guchar) *p);
  else if (c < 0x20 || c == 0x7f)
    g_string_append_printf (piece, "\\x%02X", (guint) c);
  else if (g_unichar_iscntrl (c) || is_stray (c, previous))
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
 * "\uNNNN" (so is a combining mark or a skin-tone modifier with nothing to
 * attach to, see
 * is_stray ()), and cuts the result after @max_chars characters with "…"
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
  gunichar previous = 0;
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

      append_piece (piece, p, c, valid, previous);
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
      /* A mark does not attach to the last digit of an escape. */
      previous = valid && piece->len > 0 && g_utf8_get_char (piece->str) == c ? c : 0;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
