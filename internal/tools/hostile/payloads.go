// Package hostile holds the hostile inputs warta's tests send through every
// input a reader, contributor or importer controls, and the checks a page
// must pass once they are stored and shown: in real Chromium, no payload's
// script may run and none may survive as live markup.
//
// Every payload that could run calls __pwn(N) with its own number; the
// browser test defines __pwn before any page script and fails if it is
// ever called. The payloads are ours, written from the well-known classes
// of script injection (tags, attributes, URL schemes, SVG and MathML,
// parser differentials, encodings, template syntax).
package hostile

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// Payload is one hostile input.
type Payload struct {
	N    int    // the number it passes to __pwn
	Name string // what it tries
	Text string
}

// Markup returns the payloads for fields that take or may contain HTML
// (bodies, comments, titles, names, excerpts), numbered from base+1 so a
// test can tell which field let one through.
func Markup(base int) []Payload { return numbered(markup, base+1) }

// URLs returns the payloads for fields that hold a URL (a commenter's
// website, a source link, a video's address, player and poster), numbered
// from base+101.
func URLs(base int) []Payload { return numbered(urls, base+101) }

var markup = []Payload{
	{Name: "script tag", Text: `<script>__pwn(%d)</script>`},
	{Name: "img onerror", Text: `<img src=x onerror=__pwn(%d)>`},
	{Name: "mixed-case tag and handler", Text: `<IMG SRC=x oNeRrOr=__pwn(%d)>`},
	{Name: "svg onload", Text: `<svg onload=__pwn(%d)>`},
	{Name: "script inside svg", Text: `<svg><script>__pwn(%d)</script></svg>`},
	{Name: "svg animate onbegin", Text: `<svg><animate onbegin=__pwn(%d) attributeName=x dur=1s></svg>`},
	{Name: "javascript link", Text: `<a href="javascript:__pwn(%d)">klik</a>`},
	{Name: "tab inside the scheme", Text: `<a href="jav&#x09;ascript:__pwn(%d)">klik</a>`},
	{Name: "entity-encoded scheme", Text: `<a href="&#106;&#97;vascript:__pwn(%d)">klik</a>`},
	{Name: "data URL link", Text: `<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd24oMCk8L3NjcmlwdD4=" id="p%d">klik</a>`},
	{Name: "iframe javascript src", Text: `<iframe src="javascript:parent.__pwn(%d)"></iframe>`},
	{Name: "iframe srcdoc", Text: `<iframe srcdoc="&lt;script&gt;parent.__pwn(%d)&lt;/script&gt;"></iframe>`},
	{Name: "object data", Text: `<object data="javascript:__pwn(%d)"></object>`},
	{Name: "mathml mutation", Text: `<math><mtext><table><mglyph><style><img src=x onerror=__pwn(%d)>`},
	{Name: "noscript mutation", Text: `<noscript><p title="</noscript><img src=x onerror=__pwn(%d)>">`},
	{Name: "details ontoggle", Text: `<details open ontoggle=__pwn(%d)>x</details>`},
	{Name: "autofocus onfocus", Text: `<input autofocus onfocus=__pwn(%d)>`},
	{Name: "attribute breakout, double quote", Text: `"><script>__pwn(%d)</script>`},
	{Name: "attribute breakout, single quote", Text: `'><img src=x onerror=__pwn(%d)>`},
	{Name: "title breakout", Text: `</title><script>__pwn(%d)</script>`},
	{Name: "textarea breakout", Text: `</textarea><script>__pwn(%d)</script>`},
	{Name: "split script tag", Text: `<scr<script>ipt>__pwn(%d)</scr</script>ipt>`},
	{Name: "style with script URL", Text: `<div style="background:url(javascript:__pwn(%d))">x</div>`},
	{Name: "meta refresh", Text: `<meta http-equiv="refresh" content="0;url=javascript:__pwn(%d)">`},
	{Name: "base href", Text: `<base href="javascript:__pwn(%d)//">`},
	{Name: "form action", Text: `<form action="javascript:__pwn(%d)"><button>kirim</button></form>`},
	{Name: "Go template syntax", Text: `{{template "layout" .}}{{printf "%%s" "pwn-%d"}}{{.Email}}`},
	{Name: "client template syntax", Text: `${__pwn(%d)}{{constructor.constructor('__pwn()')()}}`},
	{Name: "HTML-escaped script", Text: `&lt;script&gt;__pwn(%d)&lt;/script&gt;`},
	{Name: "percent-encoded script", Text: `%%3Cscript%%3E__pwn(%d)%%3C/script%%3E`},
	{Name: "JavaScript-escaped script", Text: `\u003cscript\u003e__pwn(%d)\u003c/script\u003e`},
	{Name: "template element", Text: `<template><img src=x onerror=__pwn(%d)></template>`},
}

var urls = []Payload{
	{Name: "javascript scheme", Text: `javascript:__pwn(%d)`},
	{Name: "mixed-case scheme with spaces", Text: ` JaVaScRiPt:__pwn(%d)`},
	{Name: "tab inside the scheme", Text: "java\tscript:__pwn(%d)"},
	{Name: "data URL", Text: `data:text/html,<script>parent.__pwn(%d)</script>`},
	{Name: "vbscript scheme", Text: `vbscript:__pwn(%d)`},
	{Name: "attribute breakout", Text: `https://example.com/"><img src=x onerror=__pwn(%d)>`},
}

func numbered(templates []Payload, first int) []Payload {
	ps := make([]Payload, len(templates))
	copy(ps, templates)
	for i := range ps {
		ps[i].N = first + i
		ps[i].Text = fmt.Sprintf(ps[i].Text, ps[i].N)
	}
	return ps
}

// Joined returns every payload's text, one per line: a single field
// carrying them all.
func Joined(ps []Payload) string {
	texts := make([]string, len(ps))
	for i, p := range ps {
		texts[i] = p.Text
	}
	return strings.Join(texts, "\n")
}

// SQLProbes are values sent in every path segment and query parameter that
// reaches a query. Bound parameters make them harmless; string-built SQL
// would show as a server error, a leaked row or a dropped table.
var SQLProbes = []string{
	`'`,
	`"`,
	`\`,
	`' OR '1'='1`,
	`1 OR 1=1`,
	`1) OR (1=1`,
	`'; DROP TABLE articles;--`,
	`1; DELETE FROM comments`,
	`' UNION SELECT email, email, email FROM users--`,
	`x' AND SLEEP(5)--`,
	`1' AND pg_sleep(5)--`,
	`-1`,
	`0`,
	`99999999999999999999999`,
	`1e309`,
	`%00`,
	`*`,
	`%`,
	`_`,
	`NULL`,
}

// BrowserInit is evaluated in every page before its own scripts: it
// defines __pwn, which records a payload that ran, and records every
// Content-Security-Policy violation.
const BrowserInit = `
window.__pwned = [];
window.__pwn = function (n) { (top.__pwned || window.__pwned).push(String(n)); };
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
`

// DOMCheck evaluates to the list of hostile markup alive in the page: an
// element or attribute no page of warta writes, an event handler, or a
// script URL where a browser would follow or load it. Our own scripts come
// from /static/ (besides the JSON-LD data block in the head), and the only
// forms are the comment form and the search page's search form.
const DOMCheck = `(function () {
  var bad = [];
  function scriptURL(v) {
    v = String(v || '').replace(/[\u0000-\u0020]/g, '');
    return /^(javascript|vbscript):/i.test(v) || (/^data:/i.test(v) && !/^data:image\/(png|gif|jpe?g|webp|avif)[;,]/i.test(v));
  }
  // Our JSON-LD metadata: a data block in the head, never run, that must
  // still parse as JSON (a payload breaking out of it would not).
  function jsonLD(el) {
    if (el.type !== 'application/ld+json' || el.hasAttribute('src') || el.parentNode !== document.head) return false;
    try { JSON.parse(el.textContent); return true; } catch (e) { return false; }
  }
  function show(el) { return el.outerHTML.slice(0, 160); }
  var forbidden = ['iframe', 'object', 'embed', 'base', 'frame', 'frameset', 'applet', 'style',
    'template', 'math', 'svg', 'noscript', 'details', 'input', 'button', 'textarea', 'select', 'meta'];
  // The search page's own form, which searches again.
  var searchForm = 'form.search-form[method="get"][action="/search"]';
  // The layout's menu button on phones: one checkbox, the header's own.
  var navToggle = 'header.site-header > input#nav-toggle.nav-toggle[type="checkbox"]:not([name])';
  var all = document.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    var el = all[i], tag = el.tagName.toLowerCase();
    if (tag === 'script' && (el.getAttribute('src') || '').indexOf('/static/') !== 0 && !jsonLD(el)) bad.push('script: ' + show(el));
    if (forbidden.indexOf(tag) >= 0 && !el.closest('#commentform') && !el.closest(searchForm) && !(el.matches(navToggle) && el === document.getElementById('nav-toggle')) && !(tag === 'meta' && !el.httpEquiv)) bad.push(tag + ': ' + show(el));
    if (tag === 'form' && el.getAttribute('action') !== '/comments' && !el.matches(searchForm)) bad.push('form: ' + show(el));
    for (var j = 0; j < el.attributes.length; j++) {
      var a = el.attributes[j], name = a.name.toLowerCase();
      if (name.indexOf('on') === 0) bad.push('handler ' + name + ': ' + show(el));
      if (name === 'style' || name === 'srcdoc') bad.push(name + ': ' + show(el));
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite'].indexOf(name) >= 0 && scriptURL(a.value)) {
        bad.push('script URL in ' + name + ': ' + show(el));
      }
    }
  }
  return bad;
})()`

// AdminDOMCheck is DOMCheck for the newsroom's pages, signed in: their
// forms post to /admin/ and hold inputs, buttons and selects, and their
// script comes from /admin/assets/.
var AdminDOMCheck = adminDOMCheck(
	`(el.getAttribute('src') || '').indexOf('/static/') !== 0`,
	`!/^\/(static|admin\/assets)\//.test(el.getAttribute('src') || '')`,
	`'noscript', 'details', 'input', 'button', 'textarea', 'select', 'meta']`,
	`'noscript', 'meta']`,
	`el.getAttribute('action') !== '/comments' &&`,
	// The editor's dialogs (link, image details, media library, gallery): the first
	// of each id only, so a payload repeating one is still caught.
	`!/^\/(admin\/|comments$)/.test(el.getAttribute('action') || '') && !['rt-link', 'rt-image', 'rt-library', 'rt-gallery'].some(function (id) { return el === document.querySelector('dialog#' + id + ' > form[method="dialog"]'); }) &&`,
	// The editor's toolbar, a template its own script clones: the one
	// with that id, once per page.
	`if (forbidden.indexOf(tag) >= 0 &&`,
	`if (forbidden.indexOf(tag) >= 0 && !(tag === 'template' && el === document.getElementById('rt-toolbar') && document.querySelectorAll('template').length === 1) &&`,
)

// adminDOMCheck replaces each old with its new in DOMCheck, and panics
// when an old is missing: DOMCheck changed and the newsroom's check with
// it would silently be the public one.
func adminDOMCheck(oldNew ...string) string {
	check := DOMCheck
	for i := 0; i < len(oldNew); i += 2 {
		if !strings.Contains(check, oldNew[i]) {
			panic("hostile: DOMCheck lacks " + oldNew[i])
		}
		check = strings.Replace(check, oldNew[i], oldNew[i+1], 1)
	}
	return check
}

// LiveMarkup names the first thing in an HTML page that would run or load
// script — a script that is neither the theme's or the newsroom's own
// file nor the JSON-LD data block, an event handler or srcdoc attribute,
// a script URL where a browser follows or loads one, an element no warta
// page writes, a meta refresh — or "" when there is none. It is the check
// for answers a test cannot open in a browser (a form refused on POST).
func LiveMarkup(page string) string {
	z := html.NewTokenizer(strings.NewReader(page))
	toolbars := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				attrs[key] = a.Val
				if strings.HasPrefix(key, "on") || key == "srcdoc" || key == "formaction" {
					return tok.String()
				}
				switch key {
				case "href", "src", "action", "data", "poster", "background", "cite", "xlink:href":
					if ScriptURL(a.Val) {
						return tok.String()
					}
				}
			}
			switch tok.Data {
			case "script":
				src := attrs["src"]
				if !strings.HasPrefix(src, "/static/") && !strings.HasPrefix(src, "/admin/assets/") && attrs["type"] != "application/ld+json" {
					return tok.String()
				}
			case "template":
				// The newsroom editor's toolbar, cloned by its own script:
				// once per page, with its id alone; a second is a payload.
				if attrs["id"] != "rt-toolbar" || len(tok.Attr) != 1 || toolbars > 0 {
					return tok.String()
				}
				toolbars++
			case "iframe", "object", "embed", "base", "frame", "frameset", "applet", "math", "svg":
				return tok.String()
			case "meta":
				if _, ok := attrs["http-equiv"]; ok {
					return tok.String()
				}
			}
		}
	}
}

// ScriptURL reports whether v, read as a lenient browser reads a URL
// (control characters and spaces ignored, any case), names a script or
// inline-document scheme.
func ScriptURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(v))
	scheme, _, found := strings.Cut(v, ":")
	if !found || strings.ContainsAny(scheme, "/?#") {
		return false
	}
	return scheme == "javascript" || scheme == "vbscript" || scheme == "data"
}
