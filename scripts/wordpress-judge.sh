#!/bin/sh
# Builds the reference WordPress the WordPress-judge test compares warta
# with (internal/web/wordpress_judge_test.go): Debian's wordpress and
# wordpress-theme-twentytwentyone packages, php-cli and php-mysql, on the
# MariaDB at 127.0.0.1:3306 (root, empty password).
#
#   scripts/wordpress-judge.sh OUTDIR PORT
#
# writes OUTDIR/export.xml (WordPress's own export_wp()), OUTDIR/uploads (its
# files), OUTDIR/export.xml.urls (the paths WordPress answers for that content,
# each with its kind), OUTDIR/export.xml.expect (what some pages must show:
# SEO fields, bylines, the menu) and OUTDIR/router.php, with
# which `php -S 127.0.0.1:PORT OUTDIR/router.php` (run in /usr/share/wordpress)
# serves the site. The database wartajudge is dropped and made anew, and a
# must-use plugin registering two taxonomies is written into WordPress's
# wp-content.
set -eu
out=$1
port=$2
here=$(cd "$(dirname "$0")" && pwd)
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS wartajudge; CREATE DATABASE wartajudge CHARACTER SET utf8mb4"
# Debian's wp-config.php reads /etc/wordpress/config-HOST.php.
cat > /etc/wordpress/config-127.0.0.1.php <<'PHP'
<?php
define('DB_NAME', 'wartajudge');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1');
$table_prefix = 'wp_';
PHP
# The taxonomies a newsroom's plugins add, registered as they register
# them, for the script and for the site it serves: a region taxonomy with
# archives of its own, and Co-Authors Plus's hidden "author".
mkdir -p /var/lib/wordpress/wp-content/mu-plugins
cat > /var/lib/wordpress/wp-content/mu-plugins/warta-judge.php <<'PHP'
<?php
function warta_judge_taxonomies() {
	register_taxonomy('wilayah', 'post', ['label' => 'Wilayah', 'public' => true, 'rewrite' => ['slug' => 'wilayah']]);
	register_taxonomy('author', 'post', ['hierarchical' => false, 'query_var' => false, 'rewrite' => false,
		'public' => false, 'show_ui' => false, 'sort' => true]);
}
add_action('init', 'warta_judge_taxonomies');
PHP
cat > "$out/router.php" <<'PHP'
<?php
// php -S router: files as they are, uploads from beside this file,
// everything else to WordPress.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && is_file('/usr/share/wordpress' . $path)) {
	return false;
}
if (str_starts_with($path, '/wp-content/uploads/') && !str_contains($path, '..')) {
	$f = __DIR__ . '/uploads/' . substr($path, strlen('/wp-content/uploads/'));
	if (is_file($f)) {
		header('Content-Type: ' . mime_content_type($f));
		readfile($f);
		return true;
	}
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = '/usr/share/wordpress/index.php';
require '/usr/share/wordpress/index.php';
PHP
php "$here/wordpress-judge.php" "http://127.0.0.1:$port" "$out/export.xml" 2>/dev/null
