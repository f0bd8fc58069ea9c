package view

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"sync"
)

// fragmentMaxBytes bounds the memory the fragments kept by an engine hold;
// past it they are all dropped and rendered again as pages ask for them.
const fragmentMaxBytes = 32 << 20

// fragments keeps rendered parts of pages that many pages repeat (a card
// on every list showing its article, an article's comment thread, the
// site's header), by page, template name and the key the page gave.
type fragments struct {
	mu    sync.Mutex
	m     map[string]template.HTML
	bytes int
}

// Forget drops every kept fragment. Keys name what a fragment shows, the
// site's change generation included, so a fragment of an older generation
// is never served; Forget only gives its memory back at once.
func (e *Engine) Forget() {
	e.frags.mu.Lock()
	e.frags.m, e.frags.bytes = nil, 0
	e.frags.mu.Unlock()
}

// errNoPage is the fragment func of templates executed outside a page.
var errNoPage = errors.New("view: fragment called outside a page")

// fragmentFunc returns the "fragment" func of page's template set t:
//
//	{{fragment "card" .CardKey (args $ .)}}
//
// executes the set's template "card" with the data given, as {{template}}
// would, and keeps what it wrote under the key: a later call with the same
// key gets those bytes without executing the template. The key must name
// everything the fragment shows; an empty key keeps nothing (a reader's own
// view). The output is the template's own, escaped by html/template, so it
// is written as it is.
func (e *Engine) fragmentFunc(page string, t *template.Template) func(string, string, any) (template.HTML, error) {
	return func(name, key string, data any) (template.HTML, error) {
		if key == "" {
			return e.executeFragment(t, name, data)
		}
		k := page + "\x00" + name + "\x00" + key
		e.frags.mu.Lock()
		h, ok := e.frags.m[k]
		e.frags.mu.Unlock()
		if ok {
			return h, nil
		}
		h, err := e.executeFragment(t, name, data)
		if err != nil {
			return "", err
		}
		e.frags.mu.Lock()
		if e.frags.m == nil || e.frags.bytes+len(h)+len(k) > fragmentMaxBytes {
			e.frags.m, e.frags.bytes = map[string]template.HTML{}, 0
		}
		if _, dup := e.frags.m[k]; !dup {
			e.frags.m[k] = h
			e.frags.bytes += len(h) + len(k)
		}
		e.frags.mu.Unlock()
		return h, nil
	}
}

func (e *Engine) executeFragment(t *template.Template, name string, data any) (template.HTML, error) {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, name, data); err != nil {
		return "", fmt.Errorf("fragment %s: %w", name, err)
	}
	// Only an engine mints HTML from its own templates' output, which
	// html/template has escaped.
	return template.HTML(buf.String()), nil
}
