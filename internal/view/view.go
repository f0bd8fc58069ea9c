// Package view is warta's html/template engine: a theme's templates,
// embedded in the binary and optionally overlaid by a folder, parsed once
// at start with one set of shared funcs; pages rendered into a buffer and
// only then written; the theme's static assets under content-hashed URLs.
// The templates are the only source of a page's markup. The public theme
// lives here (theme/); the newsroom's templates live beside its handlers
// and are loaded with Load.
package view

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
)

// all: because the shared templates' names start with "_".
//
//go:embed all:theme
var embedded embed.FS

// layoutFile holds the "layout" template every page is executed through.
const layoutFile = "layout.html"

// Engine holds the parsed pages and the static assets of one theme. It is
// built once at start and safe for concurrent use.
type Engine struct {
	pages  map[string]*template.Template // by file name: "article.html"
	assets *assets
	prefix string // where StaticHandler is mounted: "/static/"
	frags  fragments
}

// Theme says where an engine's files come from.
type Theme struct {
	// FS holds the embedded files: Templates and Static are folders in it.
	FS        fs.FS
	Templates string
	Static    string // "" when the theme has no assets
	// Overlay, when not empty, is a folder whose templates/ and static/
	// files replace or add to the embedded ones. A missing folder is an
	// error.
	Overlay string
	// StaticPrefix is the path the assets are served under, ending in "/";
	// "/static/" when empty.
	StaticPrefix string
	// Funcs are the theme's own template functions, beside the shared ones
	// (funcs.go). A name the shared funcs already have is an error: one
	// name, one meaning in every template.
	Funcs template.FuncMap
}

// New loads the public theme embedded in the binary, overlaid by the
// folder themeDir when it is not empty: themeDir/templates/*.html and
// themeDir/static/*. A missing themeDir, a template that fails to parse, a
// page without the layout or a call of an undefined template fails New.
//
// Template files whose names start with "_" and layout.html are shared by
// every page; every other file is a page, rendered by its file name, and
// must define "main" (and may define "head").
func New(themeDir string) (*Engine, error) {
	return Load(Theme{FS: embedded, Templates: "theme/templates", Static: "theme/static", Overlay: themeDir})
}

// Load parses the templates and reads the assets th names, as New does for
// the public theme.
func Load(th Theme) (*Engine, error) {
	templates, err := readDir(th.FS, th.Templates, nil)
	if err != nil {
		return nil, err
	}
	static := map[string][]byte{}
	if th.Static != "" {
		if static, err = readDir(th.FS, th.Static, nil); err != nil {
			return nil, err
		}
	}
	if th.Overlay != "" {
		info, err := os.Stat(th.Overlay)
		if err != nil {
			return nil, fmt.Errorf("view: theme folder: %w", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("view: theme folder %s is not a directory", th.Overlay)
		}
		dir := os.DirFS(th.Overlay)
		if templates, err = readDir(dir, "templates", templates); err != nil {
			return nil, err
		}
		if static, err = readDir(dir, "static", static); err != nil {
			return nil, err
		}
	}
	prefix := th.StaticPrefix
	if prefix == "" {
		prefix = "/static/"
	}
	e := &Engine{pages: map[string]*template.Template{}, assets: newAssets(static, prefix), prefix: prefix}
	funcs := e.funcs()
	for name, fn := range th.Funcs {
		if _, ok := funcs[name]; ok {
			return nil, fmt.Errorf("view: template func %q is a shared one", name)
		}
		funcs[name] = fn
	}
	if err := e.parse(templates, funcs); err != nil {
		return nil, err
	}
	return e, nil
}

// readDir reads the regular files directly inside dir of fsys into files
// (allocated when nil), replacing entries of the same name. A missing dir is
// not an error: an override folder may hold only templates or only assets.
func readDir(fsys fs.FS, dir string, files map[string][]byte) (map[string][]byte, error) {
	if files == nil {
		files = map[string][]byte{}
	}
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return files, nil
	}
	if err != nil {
		return nil, fmt.Errorf("view: read %s: %w", dir, err)
	}
	for _, ent := range entries {
		if !ent.Type().IsRegular() || strings.HasPrefix(ent.Name(), ".") {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, ent.Name()))
		if err != nil {
			return nil, fmt.Errorf("view: read %s: %w", ent.Name(), err)
		}
		files[ent.Name()] = b
	}
	return files, nil
}

func (e *Engine) parse(files map[string][]byte, funcs template.FuncMap) error {
	if _, ok := files[layoutFile]; !ok {
		return fmt.Errorf("view: the theme has no %s", layoutFile)
	}
	var shared, pages []string
	for name := range files {
		if filepath.Ext(name) != ".html" {
			continue
		}
		if name == layoutFile || strings.HasPrefix(name, "_") {
			shared = append(shared, name)
		} else {
			pages = append(pages, name)
		}
	}
	sort.Strings(shared)
	sort.Strings(pages)
	base := template.New("warta").Funcs(funcs)
	for _, name := range shared {
		if _, err := base.New(name).Parse(string(files[name])); err != nil {
			return fmt.Errorf("view: parse %s: %w", name, err)
		}
	}
	for _, name := range pages {
		t, err := base.Clone()
		if err != nil {
			return fmt.Errorf("view: clone for %s: %w", name, err)
		}
		// Funcs again: a clone does not hand its functions to templates
		// created with New on it.
		if _, err := t.Funcs(funcs).New(name).Parse(string(files[name])); err != nil {
			return fmt.Errorf("view: parse %s: %w", name, err)
		}
		t.Funcs(template.FuncMap{"fragment": e.fragmentFunc(name, t)})
		for _, required := range []string{"layout", "main"} {
			if t.Lookup(required) == nil {
				return fmt.Errorf("view: %s: no template %q defined", name, required)
			}
		}
		if err := checkCalls(t); err != nil {
			return fmt.Errorf("view: %s: %w", name, err)
		}
		e.pages[name] = t
	}
	return nil
}

// Pages lists the names of the pages the theme defines, sorted.
func (e *Engine) Pages() []string {
	names := make([]string, 0, len(e.pages))
	for n := range e.pages {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Bytes renders page name with data through the layout and returns the
// document. An unknown page or a failing template returns an error.
func (e *Engine) Bytes(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := e.execute(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (e *Engine) execute(buf *bytes.Buffer, name string, data any) error {
	t, ok := e.pages[name]
	if !ok {
		return fmt.Errorf("view: render %s: no such page", name)
	}
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("view: render %s: %w", name, err)
	}
	return nil
}

// Render renders page name with data into a buffer and only then writes the
// status and the document, so a failing template never sends half a page.
// On error nothing has been written.
func (e *Engine) Render(w http.ResponseWriter, status int, name string, data any) error {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := e.execute(buf, name, data); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// With its length known the page goes out in one piece rather than
	// chunked: fewer writes, and clients see how much is coming.
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderBuffers keeps the buffers pages are rendered into, so a render
// does not grow a fresh one to the size of a page each time.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putRenderBuffer(buf *bytes.Buffer) {
	// A huge page should not pin its buffer.
	if buf.Cap() <= 1<<20 {
		buf.Reset()
		renderBuffers.Put(buf)
	}
}

// checkCalls fails when a template of set calls {{template "x"}} and no
// template x is defined, so a theme with a typo fails at start, not on the
// first reader who opens that page.
func checkCalls(set *template.Template) error {
	var missing error
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		if missing != nil || n == nil {
			return
		}
		switch n := n.(type) {
		case *parse.TemplateNode:
			if set.Lookup(n.Name) == nil {
				missing = fmt.Errorf("template %q is called but not defined", n.Name)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			// {{fragment "name" …}} names a template too.
			if len(n.Args) > 1 {
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "fragment" {
					if s, ok := n.Args[1].(*parse.StringNode); ok && set.Lookup(s.Text) == nil {
						missing = fmt.Errorf("template %q is called but not defined", s.Text)
					}
				}
			}
			for _, a := range n.Args {
				if p, ok := a.(*parse.PipeNode); ok {
					walk(p)
				}
			}
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.Root != nil {
			walk(t.Tree.Root)
		}
	}
	return missing
}
