<?php
// Builds the reference WordPress of the WordPress-judge test (see
// scripts/wordpress-judge.sh): installs Debian's WordPress into a fresh
// database, writes a newsroom's worth of content through WordPress's own
// functions, sets a permalink structure and exports with export_wp().
// Arguments: the site URL (http://127.0.0.1:PORT) and the export file;
// the URLs WordPress answers for that content are listed, one path a
// line, in the export file's name + ".urls".
$site = $argv[1];
$out = $argv[2];
$_SERVER['HTTP_HOST'] = parse_url($site, PHP_URL_HOST) . ':' . parse_url($site, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

wp_install('Warta Uji', 'admin', 'admin@uji.example', true, '', 'sandi-rahasia-panjang');
// Uploads go beside the export (the test imports them with --uploads);
// router.php serves them at WordPress's /wp-content/uploads/ addresses.
update_option('upload_path', dirname($out) . '/uploads');
update_option('upload_url_path', $site . '/wp-content/uploads');
if (!taxonomy_exists('wilayah')) {
	warta_judge_taxonomies(); // the mu-plugin's, when init ran before it
}
update_option('siteurl', $site);
update_option('home', $site);
update_option('timezone_string', 'Asia/Jakarta');
switch_theme('twentytwentyone'); // Debian's wordpress-theme-twentytwentyone
update_option('posts_per_page', 5);
// WordPress's own first post was written at install time, in UTC, before
// the zone above was set: its local date would name a different day than
// its GMT date says. Date it as the newsroom would have, in its own zone.
wp_update_post(['ID' => 1, 'post_date' => '2026-11-02 09:00:00', 'post_date_gmt' => get_gmt_from_date('2026-11-02 09:00:00'),
	'edit_date' => true]);
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
// The taxonomies' links were set up for plain permalinks at load.
create_initial_taxonomies();
warta_judge_taxonomies();
$wp_rewrite->flush_rules(false);

// Co-Authors Plus keeps a post's bylines as terms cap-LOGIN of its own
// "author" taxonomy.
foreach (['sari', 'budi'] as $login) {
	wp_insert_term($login, 'author', ['slug' => 'cap-' . $login]);
}
$jabar = wp_insert_term('Jawa Barat', 'wilayah', ['slug' => 'jawa-barat'])['term_id'];

$sari = wp_insert_user(['user_login' => 'sari', 'user_pass' => 'x-sandi-panjang', 'display_name' => 'Sari Wulandari', 'role' => 'author']);
$budi = wp_insert_user(['user_login' => 'budi', 'user_pass' => 'x-sandi-panjang', 'display_name' => 'Budi Santoso', 'role' => 'author']);
$news = wp_insert_term('Berita', 'category', ['slug' => 'berita'])['term_id'];
$eco = wp_insert_term('Ekonomi', 'category', ['slug' => 'ekonomi', 'parent' => $news])['term_id'];
$titles = [
	['Harga cabai naik menjelang Lebaran', 'harga-cabai-naik', [$eco], ['pasar']],
	['Banjir merendam Bandung', 'banjir-bandung', [$news], ['cuaca']],
	['Επίπεδο 2: ελληνικά', '', [$news], []],
	['Emoji di judul 🎉', '', [$news], ['pesta']],
	['Pemilu daerah dimulai', 'pemilu-daerah', [$news], ['politik']],
	['Nelayan pulang lebih awal', 'nelayan-pulang', [$eco], ['cuaca', 'pasar']],
	['Kereta cepat diuji', 'kereta-cepat', [$news], []],
];
$ids = [];
foreach ($titles as $i => $t) {
	$ids[] = $id = wp_insert_post([
		'post_title' => $t[0], 'post_name' => $t[1], 'post_status' => 'publish', 'post_type' => 'post',
		'post_content' => "<p>Isi tulisan $i.</p>", 'post_excerpt' => $i % 2 ? "Ringkasan $i." : '',
		'post_author' => $i % 2 ? $sari : $budi, 'post_category' => $t[2], 'tags_input' => $t[3],
		'post_date' => sprintf('2026-11-%02d 0%d:15:00', 3 + $i, $i),
	], true);
	wp_insert_comment(['comment_post_ID' => $id, 'comment_author' => 'Pembaca', 'comment_author_email' => 'p@uji.example',
		'comment_content' => "Komentar $i.", 'comment_approved' => 1, 'comment_date' => sprintf('2026-11-%02d 10:00:00', 3 + $i)]);
}
update_post_meta($ids[0], '_yoast_wpseo_title', '%%title%% %%sep%% %%sitename%%');
update_post_meta($ids[0], '_yoast_wpseo_metadesc', 'Harga cabai rawit naik dua kali lipat.');
update_post_meta($ids[1], 'rank_math_description', 'Banjir setinggi lutut.');
stick_post($ids[4]);
wp_set_object_terms($ids[1], [$jabar], 'wilayah');
wp_set_object_terms($ids[5], [$jabar], 'wilayah');
wp_set_object_terms($ids[2], ['cap-sari', 'cap-budi'], 'author');

// A photo of our own, drawn here, uploaded as WordPress does: the file,
// its attachment with alt text and caption, the sizes WordPress cuts of
// it. It is post 1's featured image, its Yoast social image, and its
// "large" size sits in the post's text, as the block editor puts it.
$img = imagecreatetruecolor(1600, 900);
for ($y = 0; $y < 900; $y++) {
	imageline($img, 0, $y, 1599, $y, imagecolorallocate($img, 40 + intdiv($y, 6), 90 + intdiv($y, 9), 160 + intdiv($y, 12)));
}
imagefilledrectangle($img, 200, 500, 700, 899, imagecolorallocate($img, 120, 110, 90));
imagefilledellipse($img, 1200, 250, 260, 260, imagecolorallocate($img, 250, 220, 120));
ob_start();
imagejpeg($img, null, 85);
$upload = wp_upload_bits('banjir-bandung.jpg', null, ob_get_clean(), '2026/11');
$photo = wp_insert_attachment(['post_mime_type' => 'image/jpeg', 'post_title' => 'Banjir di Bandung', 'post_name' => 'foto-banjir',
	'post_excerpt' => 'Air setinggi lutut di Dayeuhkolot.', 'post_status' => 'inherit', 'post_date' => '2026-11-04 12:00:00'],
	$upload['file'], $ids[1]);
update_post_meta($photo, '_wp_attachment_image_alt', 'Jalan tergenang banjir');
wp_update_attachment_metadata($photo, wp_generate_attachment_metadata($photo, $upload['file']));
set_post_thumbnail($ids[1], $photo);
wp_update_post(['ID' => $ids[1], 'post_content' => "<p>Isi tulisan 1.</p>\n" . wp_get_attachment_image($photo, 'large')]);
update_post_meta($ids[1], '_yoast_wpseo_opengraph-image', wp_get_attachment_url($photo));

// The site's menu, in the theme's primary place.
$menu = wp_create_nav_menu('Menu Utama');
wp_update_nav_menu_item($menu, 0, ['menu-item-title' => 'Ekonomi', 'menu-item-object' => 'category', 'menu-item-object-id' => $eco,
	'menu-item-type' => 'taxonomy', 'menu-item-status' => 'publish']);
// A changed slug: WordPress keeps the old one in _wp_old_slug.
wp_update_post(['ID' => $ids[6], 'post_name' => 'kereta-cepat-diuji']);
$about = wp_insert_post(['post_title' => 'Tentang Kami', 'post_name' => 'tentang-kami', 'post_status' => 'publish', 'post_type' => 'page',
	'post_content' => '<p>Redaksi.</p>', 'post_author' => 1]);
wp_update_nav_menu_item($menu, 0, ['menu-item-title' => 'Tentang Kami', 'menu-item-object' => 'page', 'menu-item-object-id' => $about,
	'menu-item-type' => 'post_type', 'menu-item-status' => 'publish']);
set_theme_mod('nav_menu_locations', ['primary' => $menu]);
wp_insert_post(['post_title' => 'Kontak', 'post_name' => 'kontak', 'post_status' => 'publish', 'post_type' => 'page',
	'post_parent' => $about, 'post_content' => '<p>Surel kami.</p>', 'post_author' => 1]);
wp_insert_post(['post_title' => 'Rahasia', 'post_status' => 'publish', 'post_type' => 'post', 'post_password' => 'kunci',
	'post_content' => '<p>Tersembunyi.</p>', 'post_author' => $sari, 'post_date' => '2026-11-12 08:00:00']);
wp_insert_post(['post_title' => 'Terjadwal', 'post_status' => 'future', 'post_type' => 'post',
	'post_content' => '<p>Nanti.</p>', 'post_author' => $sari, 'post_date' => '2030-01-01 08:00:00']);


ob_start();
export_wp(['content' => 'all']);
file_put_contents($out, ob_get_clean());

// Every URL WordPress answers for this content, one a line, with what it
// is: "post" and "page" (compared by title), "file" (by bytes),
// "attachment" (its page, or one redirect to its file, named after a tab),
// "other" (archives, feeds, ?p= links: answered at all). What the page
// must also show follows in export.xml.expect: path, kind, value.
$urls = [];
$add = function ($u, $kind, $extra = '') use (&$urls, $site) {
	$p = substr($u, strlen($site));
	if (!isset($urls[$p])) {
		$urls[$p] = $kind . ($extra === '' ? '' : "\t" . $extra);
	}
};
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'publish', 'numberposts' => -1]) as $p) {
	$add(get_permalink($p), $p->post_type);
	$add(home_url('/?p=' . $p->ID), 'other');
	$d = strtotime($p->post_date);
	if ($p->post_type === 'post') {
		$add(get_year_link(date('Y', $d)), 'other');
		$add(get_month_link(date('Y', $d), date('m', $d)), 'other');
		$add(get_day_link(date('Y', $d), date('m', $d), date('d', $d)), 'other');
	}
}
$file = wp_get_attachment_url($photo);
$add(get_attachment_link($photo), 'attachment', substr($file, strlen($site)));
$add($file, 'file');
foreach (['large', 'medium', 'thumbnail'] as $size) {
	$add(wp_get_attachment_image_src($photo, $size)[0], 'file');
}
foreach (get_terms(['taxonomy' => ['category', 'post_tag', 'wilayah'], 'hide_empty' => true]) as $t) {
	$add(get_term_link($t), 'other');
	$add(get_term_feed_link($t->term_id, $t->taxonomy), 'other');
}
foreach ([$sari, $budi] as $u) {
	$add(get_author_posts_url($u), 'other');
}
$add(get_feed_link(), 'other');
$add(home_url('/'), 'other');
$add(home_url('/page/2/'), 'other');
$lines = [];
foreach ($urls as $p => $kind) {
	$lines[] = $p . "\t" . $kind;
}
file_put_contents($out . '.urls', implode("\n", $lines) . "\n");

$path = function ($u) use ($site) { return substr($u, strlen($site)); };
$expect = [
	[$path(get_permalink($ids[0])), 'description', 'Harga cabai rawit naik dua kali lipat.'],
	[$path(get_permalink($ids[1])), 'description', 'Banjir setinggi lutut.'],
	[$path(get_permalink($ids[1])), 'ogimage', $path($file)],
	[$path(get_permalink($ids[1])), 'image', $path(wp_get_attachment_image_src($photo, 'large')[0])],
	[$path(get_permalink($ids[2])), 'byline', 'Sari Wulandari'],
	[$path(get_permalink($ids[2])), 'byline', 'Budi Santoso'],
	['/', 'nav', 'Ekonomi'],
	['/', 'nav', 'Tentang Kami'],
];
$lines = [];
foreach ($expect as $e) {
	$lines[] = implode("\t", $e);
}
file_put_contents($out . '.expect', implode("\n", $lines) . "\n");
