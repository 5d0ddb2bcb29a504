/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "feature-xml.h"

/* feature-camera.xml with 50 more categories of 40 features each (2,000:
 * integers, floats, enumerations and booleans at the three levels), their
 * registers at 0x9000 and above, which the simulated camera does not use. */
char *
feature_xml_generate_large (void)
{
  g_autofree char *base_path = g_test_build_filename (G_TEST_DIST, "data", "feature-camera.xml", NULL);
  g_autofree char *base = NULL;
  g_autoptr(GString) roots = g_string_new ("");
  g_autoptr(GString) nodes = g_string_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "vigil-large-XXXXXX.xml", NULL);
  static const char * const levels[] = { "Beginner", "Expert", "Guru" };
  char *root_end;
  int fd;

  g_assert_true (g_file_get_contents (base_path, &base, NULL, &error));
  for (guint c = 0; c < 50; c++)
    {
      g_string_append_printf (roots, "\t\t<pFeature>Block%02u</pFeature>\n", c);
      g_string_append_printf (nodes, "\t<Category Name=\"Block%02u\" NameSpace=\"Custom\">\n", c);
      for (guint f = 0; f < 40; f++)
        g_string_append_printf (nodes, "\t\t<pFeature>Block%02uFeature%02u</pFeature>\n", c, f);
      g_string_append (nodes, "\t</Category>\n");
      for (guint f = 0; f < 40; f++)
        {
          guint i = c * 40 + f;
          guint address = 0x9000 + 4 * i;
          const char *level = levels[i % 3];

          if (f % 4 == 3)
            g_string_append_printf (nodes,
              "\t<Boolean Name=\"Block%02uFeature%02u\"><Visibility>%s</Visibility>"
              "<Description>Switch %u of block %u</Description><pValue>R%u</pValue>"
              "<OnValue>1</OnValue><OffValue>0</OffValue></Boolean>\n", c, f, level, f, c, i);
          else if (f % 4 == 2)
            g_string_append_printf (nodes,
              "\t<Enumeration Name=\"Block%02uFeature%02u\"><Visibility>%s</Visibility>"
              "<Description>Mode %u of block %u</Description>"
              "<EnumEntry Name=\"Zero\"><Value>0</Value></EnumEntry>"
              "<EnumEntry Name=\"One\"><Value>1</Value></EnumEntry><pValue>R%u</pValue></Enumeration>\n",
              c, f, level, f, c, i);
          else
            g_string_append_printf (nodes,
              "\t<Integer Name=\"Block%02uFeature%02u\"><Visibility>%s</Visibility>"
              "<Description>Setting %u of block %u</Description><pValue>R%u</pValue>"
              "<Min>0</Min><Max>1000</Max></Integer>\n", c, f, level, f, c, i);
          g_string_append_printf (nodes,
            "\t<IntReg Name=\"R%u\"><Address>0x%x</Address><Length>4</Length><AccessMode>RW</AccessMode>"
            "<pPort>Device</pPort><Sign>Unsigned</Sign><Endianess>BigEndian</Endianess></IntReg>\n", i, address);
        }
    }
  root_end = strstr (base, "\t</Category>");
  g_assert_nonnull (root_end);
  *root_end = '\0';
  xml = g_strconcat (base, roots->str, "\t</Category>\n", nodes->str, root_end + strlen ("\t</Category>"), NULL);
  fd = g_mkstemp (path);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, xml, -1, &error));
  return g_steal_pointer (&path);
}

