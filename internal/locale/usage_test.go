package locale

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestKeysInUse reads warta's Go sources and templates for the message keys
// they name, and fails for any key missing from a catalog, so a string added
// to a page or an error without its translations is caught here rather than
// shown to a reader as "admin.err.something". A key built at run time
// ("admin.status." + status) is checked by its literal prefix: some key must
// start with it.
func TestKeysInUse(t *testing.T) {
	root := moduleRoot(t)
	u := &usage{keys: map[string][]string{}, prefixes: map[string][]string{}}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.IsDir() && (d.Name() == "testdata" || rel == filepath.Join("internal", "locale")):
			return filepath.SkipDir
		case d.IsDir():
			return nil
		case strings.HasSuffix(p, "_test.go"):
			return nil
		case strings.HasSuffix(p, ".go"):
			return u.scanGo(p, rel)
		case strings.HasSuffix(p, ".html"):
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			u.scanTemplate(string(b), rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The scan itself is checked: warta names hundreds of keys, in Go and in
	// both template sets, and builds a few at run time.
	if len(u.keys) < 300 || u.fromGo < 50 || u.fromTemplates < 200 || len(u.prefixes) < 5 {
		t.Fatalf("the scan found only %d keys (%d in Go, %d in templates) and %d prefixes; has the way code names keys changed?",
			len(u.keys), u.fromGo, u.fromTemplates, len(u.prefixes))
	}
	for _, lang := range Languages() {
		p := New(lang)
		for key, where := range u.keys {
			if !p.Has(key) {
				t.Errorf("%s: key %q is not in translations/%s.json", where[0], key, lang)
			}
		}
		for prefix, where := range u.prefixes {
			found := false
			for k := range catalogs[lang] {
				if strings.HasPrefix(k, prefix) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: no key in translations/%s.json starts with %q", where[0], lang, prefix)
			}
		}
	}
}

type usage struct {
	keys     map[string][]string // key → where it is named
	prefixes map[string][]string // literal start of a key built at run time → where
	// counts of keys named by each kind of source
	fromGo, fromTemplates int
}

func (u *usage) key(k, where string)    { u.keys[k] = append(u.keys[k], where) }
func (u *usage) prefix(k, where string) { u.prefixes[k] = append(u.prefixes[k], where) }

var (
	// keyShape is a whole key: lower-case words joined by dots.
	keyShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)
	// prefixShape is the literal start of a key built at run time.
	prefixShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.$`)
	// tmplKey finds keys given to the template funcs: {{t $ "key"}},
	// {{plural $l "key" n}}, {{.P.T "key"}}, {{$.P.Has "key"}}.
	tmplKey = regexp.MustCompile(`(?:\b(?:t|plural)\s+\$?[\w.]*|\.(?:T|Has))\s+"([^"]+)"`)
	// tmplPrefix finds keys a template builds: (printf "admin.status.%s" .Status).
	tmplPrefix = regexp.MustCompile(`\bprintf?\s+"([a-z][a-z0-9_.]*\.)(?:%[sdv])?"`)
)

func (u *usage) scanTemplate(src, where string) {
	for _, m := range tmplKey.FindAllStringSubmatch(src, -1) {
		u.key(m[1], where)
		u.fromTemplates++
	}
	for _, m := range tmplPrefix.FindAllStringSubmatch(src, -1) {
		u.prefix(m[1], where)
	}
}

// scanGo collects, from one Go file:
//   - the first argument of a call of T or Plural when it is a literal (not
//     Has, which url.Values has too);
//   - the action named by a call of an audit function, shown in the audit
//     log as admin.audit.action.<action>;
//   - any other literal shaped like a key whose first two words start some
//     key of the catalog (a ValidationError's message, a notice returned by
//     a function), while "feed.json" or "article.html" start none;
//   - any literal shaped like the start of a key ("admin.status."), which is
//     how Go builds a key at run time.
func (u *usage) scanGo(path, rel string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	seen := map[*ast.BasicLit]bool{}
	at := func(n ast.Node) string { return rel + ":" + strconv.Itoa(fset.Position(n.Pos()).Line) }
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.CallExpr:
			name := callName(n.Fun)
			switch {
			case name == "T" || name == "Plural":
				if lit, s, ok := stringArg(n, 0); ok {
					seen[lit] = true
					u.key(s, at(lit))
					u.fromGo++
				}
			case strings.HasPrefix(name, "audit"):
				// audit(ctx, st, u, "article.trash", …), h.audit(ctx, r, "user.add", …):
				// the action is the first literal shaped like one.
				for i := range n.Args {
					if lit, s, ok := stringArg(n, i); ok && keyShape.MatchString(s) {
						seen[lit] = true
						u.key("admin.audit.action."+s, at(lit))
						u.fromGo++
						break
					}
				}
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING || seen[n] {
				return true
			}
			s, err := strconv.Unquote(n.Value)
			if err != nil {
				return true
			}
			switch {
			case keyShape.MatchString(s) && u.startsKnownKey(s):
				u.key(s, at(n))
				u.fromGo++
			case prefixShape.MatchString(s) && strings.Count(s, ".") >= 2:
				u.prefix(s, at(n))
			}
		}
		return true
	})
	return nil
}

// startsKnownKey reports whether the first two words of s begin a key of the
// default catalog.
func (u *usage) startsKnownKey(s string) bool {
	words := strings.SplitN(s, ".", 3)
	head := words[0] + "." + words[1]
	for k := range catalogs[Default] {
		if k == head || strings.HasPrefix(k, head+".") {
			return true
		}
	}
	return false
}

func callName(fun ast.Expr) string {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func stringArg(call *ast.CallExpr, i int) (*ast.BasicLit, string, bool) {
	if i >= len(call.Args) {
		return nil, "", false
	}
	lit, ok := call.Args[i].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return nil, "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return lit, s, err == nil
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}
