package wxr

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteSample writes a synthetic WXR 1.2 export of n posts, each with about
// 4 KB of classic content, two categories, a tag and three comments (one a
// reply). It is the input of the memory tests and of the load script that
// measures an import's resident memory (internal/wxr/internal/genwxr).
func WriteSample(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprint(bw, `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Contoh besar</title><link>https://besar.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://besar.example</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>redaksi</wp:author_login><wp:author_email>redaksi@besar.example</wp:author_email><wp:author_display_name>Redaksi</wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>berita</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>Berita</wp:cat_name></wp:category>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>daerah</wp:category_nicename><wp:category_parent>berita</wp:category_parent><wp:cat_name>Daerah</wp:cat_name></wp:category>
`)
	para := strings.Repeat("Warga desa pesisir bergotong royong memperbaiki tanggul yang jebol setelah banjir rob. ", 9)
	for i := 1; i <= n; i++ {
		id := i * 10
		fmt.Fprintf(bw, `<item><title>Laporan nomor %d</title><link>https://besar.example/2020/01/02/laporan-%d/</link><dc:creator><![CDATA[redaksi]]></dc:creator>
<content:encoded><![CDATA[%s

%s
"Kami bekerja sejak subuh," kata ketua RT %d.

%s

%s]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date>2020-01-02 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-02 03:00:00</wp:post_date_gmt><wp:comment_status>open</wp:comment_status><wp:post_name>laporan-%d</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="berita"><![CDATA[Berita]]></category><category domain="category" nicename="daerah"><![CDATA[Daerah]]></category><category domain="post_tag" nicename="banjir-%d"><![CDATA[Banjir %d]]></category>
`, i, i, para, para, i, para, para, id, i, i%50, i%50)
		for c := 1; c <= 3; c++ {
			parent := 0
			if c == 3 {
				parent = id*10 + 1
			}
			fmt.Fprintf(bw, `<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>Pembaca %d</wp:comment_author><wp:comment_author_email>p%d@contoh.example</wp:comment_author_email><wp:comment_date>2020-01-02 11:00:00</wp:comment_date><wp:comment_date_gmt>2020-01-02 04:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Semoga cepat selesai. Terima kasih atas laporannya, nomor %d.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>%d</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
`, id*10+c, c, c, i, parent)
		}
		fmt.Fprint(bw, "</item>\n")
	}
	fmt.Fprint(bw, "</channel>\n</rss>\n")
	return bw.Flush()
}
