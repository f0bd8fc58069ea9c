package locale

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// translations holds one catalog per language, named after it: id.json, en.json.
//
//go:embed translations/*.json
var translations embed.FS

// catalogs maps a language to its messages, and languages lists them with
// Default first. Both are filled once, when the package is initialized; a
// catalog that does not parse stops the program (and every test) at start
// rather than showing keys on pages.
var catalogs, languages = mustLoad(translations, "translations")

// pluralForms are the forms a plural message may have, in the order Plural
// tries them. A plural message is stored flat, under key+"."+form.
var pluralForms = []string{"zero", "one", "other"}

func mustLoad(fsys fs.FS, dir string) (map[string]map[string]string, []string) {
	cats, err := load(fsys, dir)
	if err != nil {
		panic(err)
	}
	langs := make([]string, 0, len(cats))
	for lang := range cats {
		langs = append(langs, lang)
	}
	// Default first, then the others by name.
	slices.SortFunc(langs, func(a, b string) int {
		switch {
		case a == Default:
			return -1
		case b == Default:
			return 1
		}
		return strings.Compare(a, b)
	})
	return cats, langs
}

// load reads every dir/<lang>.json of fsys. It fails when a file is not a
// catalog (see parseCatalog) or when Default has none.
func load(fsys fs.FS, dir string) (map[string]map[string]string, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("locale: %w", err)
	}
	cats := make(map[string]map[string]string, len(names))
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locale: %w", err)
		}
		msgs, err := parseCatalog(b)
		if err != nil {
			return nil, fmt.Errorf("locale: %s: %w", name, err)
		}
		cats[strings.TrimSuffix(path.Base(name), ".json")] = msgs
	}
	if _, ok := cats[Default]; !ok {
		return nil, fmt.Errorf("locale: no catalog %s/%s.json for the default language", dir, Default)
	}
	return cats, nil
}

// parseCatalog reads one catalog: a JSON object whose keys are message keys
// and whose values are either a message or, for a plural message, an object
// of its forms {"zero": …, "one": …, "other": …} where only "other" is
// required. Anything else fails, and so does a key given twice (which
// encoding/json would silently resolve to the last one) — the slip of a
// translator merging two versions of a file.
func parseCatalog(b []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := expectDelim(dec, '{', "the catalog"); err != nil {
		return nil, err
	}
	msgs := make(map[string]string)
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxErr(b, dec, err)
		}
		key := tok.(string) // inside an object the decoder only yields string keys
		if seen[key] {
			return nil, fmt.Errorf("key %q is given twice", key)
		}
		seen[key] = true
		tok, err = dec.Token()
		if err != nil {
			return nil, syntaxErr(b, dec, err)
		}
		switch v := tok.(type) {
		case string:
			if err := put(msgs, key, v); err != nil {
				return nil, err
			}
		case json.Delim:
			if v != '{' {
				return nil, fmt.Errorf("key %q: want a message or an object of plural forms, got %v", key, v)
			}
			if err := parsePlural(b, dec, key, msgs); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("key %q: want a message or an object of plural forms, got %v", key, v)
		}
	}
	if err := expectDelim(dec, '}', "the catalog"); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("text after the catalog's closing brace")
	}
	return msgs, nil
}

// put stores one message. A plain key may not also be a form of a plural one
// ("a.one" beside "a": {"one": …}), or one of the two would be unreachable.
func put(msgs map[string]string, key, msg string) error {
	if _, dup := msgs[key]; dup {
		return fmt.Errorf("key %q is given twice: once plain, once as a plural form", key)
	}
	msgs[key] = msg
	return nil
}

// parsePlural reads the forms of plural key, after its opening brace.
func parsePlural(b []byte, dec *json.Decoder, key string, msgs map[string]string) error {
	forms := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntaxErr(b, dec, err)
		}
		form := tok.(string)
		if !slices.Contains(pluralForms, form) {
			return fmt.Errorf("key %q: unknown plural form %q (want zero, one or other)", key, form)
		}
		if forms[form] {
			return fmt.Errorf("key %q: plural form %q is given twice", key, form)
		}
		forms[form] = true
		tok, err = dec.Token()
		if err != nil {
			return syntaxErr(b, dec, err)
		}
		msg, ok := tok.(string)
		if !ok {
			return fmt.Errorf("key %q: plural form %q must be a message, got %v", key, form, tok)
		}
		if err := put(msgs, key+"."+form, msg); err != nil {
			return err
		}
	}
	if err := expectDelim(dec, '}', fmt.Sprintf("plural %q", key)); err != nil {
		return err
	}
	if !forms["other"] {
		return fmt.Errorf("key %q: a plural message needs an \"other\" form", key)
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("%s: want %q, got %v", what, want, tok)
	}
	return nil
}

// syntaxErr names the line of a JSON syntax error, which is where a
// translator looks first.
func syntaxErr(b []byte, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	line := 1 + bytes.Count(b[:min(int(off), len(b))], []byte("\n"))
	return fmt.Errorf("line %d: %w", line, err)
}
