package testenv

import (
	"net"
	"os"
	"os/exec"
	"testing"
	"time"
)

// WordPress checks that the reference WordPress of scripts/wordpress-judge.sh
// can be built here: Debian's wordpress and wordpress-theme-twentytwentyone,
// php-cli with php-mysql, php-xml and php-gd, mariadb, the MariaDB server at 127.0.0.1:3306 and
// a writable /etc/wordpress. Without them the test skips (fails under
// CI=true).
func WordPress(t testing.TB) {
	t.Helper()
	const hint = "apt-get install wordpress wordpress-theme-twentytwentyone php-cli php-mysql php-xml php-gd"
	for _, f := range []string{"/usr/share/wordpress/wp-load.php", "/usr/share/wordpress/wp-content/themes/twentytwentyone/style.css"} {
		if _, err := os.Stat(f); err != nil {
			missing(t, "no Debian WordPress ("+f+")", hint)
		}
	}
	for _, cmd := range []string{"php", "mariadb"} {
		if _, err := exec.LookPath(cmd); err != nil {
			missing(t, "no "+cmd, hint)
		}
	}
	out, err := exec.Command("php", "-m").Output()
	for _, ext := range []string{"mysqli", "SimpleXML", "gd"} {
		if err != nil || !contains(string(out), ext) {
			missing(t, "php has no "+ext, hint)
		}
	}
	c, err := net.DialTimeout("tcp", "127.0.0.1:3306", 2*time.Second)
	if err != nil {
		missing(t, "no MariaDB at 127.0.0.1:3306", "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd")
	} else {
		c.Close()
	}
	if f, err := os.CreateTemp("/etc/wordpress", ".probe-*"); err != nil {
		missing(t, "/etc/wordpress is not writable", "run as root")
	} else {
		f.Close()
		os.Remove(f.Name())
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
