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
$wp_rewrite->flush_rules(false);

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
// A changed slug: WordPress keeps the old one in _wp_old_slug.
wp_update_post(['ID' => $ids[6], 'post_name' => 'kereta-cepat-diuji']);
$about = wp_insert_post(['post_title' => 'Tentang Kami', 'post_name' => 'tentang-kami', 'post_status' => 'publish', 'post_type' => 'page',
	'post_content' => '<p>Redaksi.</p>', 'post_author' => 1]);
wp_insert_post(['post_title' => 'Kontak', 'post_name' => 'kontak', 'post_status' => 'publish', 'post_type' => 'page',
	'post_parent' => $about, 'post_content' => '<p>Surel kami.</p>', 'post_author' => 1]);
wp_insert_post(['post_title' => 'Rahasia', 'post_status' => 'publish', 'post_type' => 'post', 'post_password' => 'kunci',
	'post_content' => '<p>Tersembunyi.</p>', 'post_author' => $sari, 'post_date' => '2026-11-12 08:00:00']);
wp_insert_post(['post_title' => 'Terjadwal', 'post_status' => 'future', 'post_type' => 'post',
	'post_content' => '<p>Nanti.</p>', 'post_author' => $sari, 'post_date' => '2030-01-01 08:00:00']);


ob_start();
export_wp(['content' => 'all']);
file_put_contents($out, ob_get_clean());

// Every URL WordPress answers for this content: posts, pages, archives
// (terms, authors, dates), their feeds, ?p= links.
$urls = [];
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'publish', 'numberposts' => -1]) as $p) {
	$urls[] = get_permalink($p);
	$urls[] = home_url('/?p=' . $p->ID);
	$d = strtotime($p->post_date);
	if ($p->post_type === 'post') {
		$urls[] = get_year_link(date('Y', $d));
		$urls[] = get_month_link(date('Y', $d), date('m', $d));
		$urls[] = get_day_link(date('Y', $d), date('m', $d), date('d', $d));
	}
}
foreach (get_terms(['taxonomy' => ['category', 'post_tag'], 'hide_empty' => true]) as $t) {
	$urls[] = get_term_link($t);
	$urls[] = get_term_feed_link($t->term_id, $t->taxonomy);
}
foreach ([$sari, $budi] as $u) {
	$urls[] = get_author_posts_url($u);
}
$urls[] = get_feed_link();
$urls[] = home_url('/');
$urls[] = home_url('/page/2/');
$paths = [];
foreach (array_unique($urls) as $u) {
	$paths[] = substr($u, strlen($site));
}
file_put_contents($out . '.urls', implode("\n", $paths) . "\n");
