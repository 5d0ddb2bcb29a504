/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "vigil-utf8.h"

/* Untrusted text made fit for labels, logs and the ledger (issue 16). */

static void
test_valid_unchanged (void)
{
  g_autofree char *ascii = vigil_utf8_sanitize_bounded ("FakeCamera 1.0", -1, 64);
  g_autofree char *japanese = vigil_utf8_sanitize_bounded ("カメラ Größe", -1, 64);

  g_assert_cmpstr (ascii, ==, "FakeCamera 1.0");
  g_assert_cmpstr (japanese, ==, "カメラ Größe");
  g_assert_null (vigil_utf8_sanitize_bounded (NULL, -1, 64));
}

static void
test_invalid_bytes (void)
{
  const char bytes[] = { 'A', (char) 0xff, 'B', (char) 0xc3, 'C', (char) 0xe2, (char) 0x82, '\0' };
  g_autofree char *text = vigil_utf8_sanitize_bounded (bytes, -1, 64);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==, "A\\xFFB\\xC3C\\xE2\\x82");
}

static void
test_control_characters (void)
{
  g_autofree char *text = vigil_utf8_sanitize_bounded ("a\nb\tc\x1b[31md\x7f" "e\xc2\x85", -1, 64);

  g_assert_cmpstr (text, ==, "a\\x0Ab\\x09c\\x1B[31md\\x7Fe\\u0085");
}

/* Combining marks and skin-tone modifiers with nothing to attach to,
 * format characters and prepended letters aborted the process inside
 * Pango 1.50 in any wrapping label: they are escaped (a bidi override
 * too: it would reorder what the reader sees); marks on letters, digits
 * and stacks of marks stay, and so do a modifier on a hand and a joiner. */
static void
test_stray_mark (void)
{
  g_autofree char *on_modifier = vigil_utf8_sanitize_bounded ("T\xf0\x9f\x8f\xbd\xcd\xa2}", -1, 64);
  g_autofree char *on_space = vigil_utf8_sanitize_bounded ("\xe0\xa3\xac \xcc\x81" "b", -1, 64);
  g_autofree char *first = vigil_utf8_sanitize_bounded ("\xcc\x81" "a", -1, 64);
  g_autofree char *lone_modifier = vigil_utf8_sanitize_bounded ("P\xf0\x9f\x8f\xbe\xe0\xbc\x94", -1, 64);
  g_autofree char *hand = vigil_utf8_sanitize_bounded ("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd ok", -1, 64);
  g_autofree char *bidi = vigil_utf8_sanitize_bounded ("safe\xe2\x80\xaetxt.exe", -1, 64);
  g_autofree char *number_sign = vigil_utf8_sanitize_bounded ("\xd8\x80\xeb\x81\xa7\xd9\x9e", -1, 64);
  g_autofree char *repha = vigil_utf8_sanitize_bounded ("\xf0\x91\xb5\x86\xec\x85\x80", -1, 64);
  g_autofree char *joined = vigil_utf8_sanitize_bounded ("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", -1, 64);
  g_autofree char *on_letters = vigil_utf8_sanitize_bounded ("e\xcc\x81\xcc\x88 5\xe2\x83\xa3 \xe0\xa4\x95\xe0\xa5\x8d", -1, 64);

  g_assert_cmpstr (on_modifier, ==, "T\\u1F3FD\\u0362}");
  g_assert_cmpstr (lone_modifier, ==, "P\\u1F3FE\xe0\xbc\x94");
  g_assert_cmpstr (hand, ==, "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd ok");
  g_assert_cmpstr (on_space, ==, "\\u08EC \\u0301b");
  g_assert_cmpstr (first, ==, "\\u0301a");
  g_assert_cmpstr (bidi, ==, "safe\\u202Etxt.exe");
  g_assert_cmpstr (number_sign, ==, "\\u0600\xeb\x81\xa7\xd9\x9e");
  g_assert_cmpstr (repha, ==, "\\u11D46\xec\x85\x80");
  g_assert_cmpstr (joined, ==, "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
  g_assert_cmpstr (on_letters, ==, "e\xcc\x81\xcc\x88 5\xe2\x83\xa3 \xe0\xa4\x95\xe0\xa5\x8d");
}

static void
test_bounded (void)
{
  g_autofree char *long_text = g_strnfill (100000, 'A');
  g_autofree char *cut = vigil_utf8_sanitize_bounded (long_text, -1, 256);
  g_autofree char *exact = vigil_utf8_sanitize_bounded ("abcd", -1, 4);
  g_autofree char *wide = vigil_utf8_sanitize_bounded ("ééééé", -1, 3);
  g_autofree char *escape_cut = vigil_utf8_sanitize_bounded ("ab\xff", -1, 4);
  g_autofree char *by_length = vigil_utf8_sanitize_bounded ("abcdef", 3, 64);
  const char unterminated[4] = { 'w', 'x', 'y', 'z' };
  g_autofree char *no_nul = vigil_utf8_sanitize_bounded (unterminated, sizeof unterminated, 64);

  g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, 256);
  g_assert_true (g_str_has_suffix (cut, "…"));
  g_assert_cmpstr (exact, ==, "abcd");
  g_assert_cmpstr (wide, ==, "éé…");
  g_assert_cmpstr (escape_cut, ==, "ab…");      /* an escape is not cut in half */
  g_assert_cmpstr (by_length, ==, "abc");
  g_assert_cmpstr (no_nul, ==, "wxyz");
}

/* Random bytes of random lengths: always valid UTF-8 and bounded. */
static void
test_random (void)
{
  for (guint round = 0; round < 2000; round++)
    {
      gsize len = g_test_rand_int_range (0, 600);
      g_autofree char *bytes = g_malloc (len + 1);
      g_autofree char *text = NULL;
      gsize max = g_test_rand_int_range (2, 300);

      for (gsize i = 0; i < len; i++)
        bytes[i] = (char) g_test_rand_int_range (1, 256);
      bytes[len] = '\0';
      text = vigil_utf8_sanitize_bounded (bytes, -1, max);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_cmpuint (g_utf8_strlen (text, -1), <=, max);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/utf8/valid-unchanged", test_valid_unchanged);
  g_test_add_func ("/vigil/utf8/invalid-bytes", test_invalid_bytes);
  g_test_add_func ("/vigil/utf8/control-characters", test_control_characters);
  g_test_add_func ("/vigil/utf8/stray-mark", test_stray_mark);
  g_test_add_func ("/vigil/utf8/bounded", test_bounded);
  g_test_add_func ("/vigil/utf8/random", test_random);

  return g_test_run ();
}
