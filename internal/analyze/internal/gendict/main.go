// Command gendict derives internal/analyze/roots_id.txt, the Indonesian root-word list the
// stemmer checks against, from the id_ID.dic file of Debian's hunspell-id package
// (apt-get install hunspell-id). It is run by hand through go generate in internal/analyze;
// the build never needs hunspell-id.
//
// It keeps the word part of each entry (the text before the affix flags after "/") when that
// word is at least three lowercase ASCII letters, so proper nouns and abbreviations
// (uppercase), entries with digits, dots or spaces, and hyphenated reduplications (the
// analyzer splits on hyphens) are dropped. One- and two-letter entries are dropped too: they
// are mostly interjections and abbreviations, and as stemming targets they let unrelated
// words collapse into them ("setelah" would become "te"). The output is sorted, one root a
// line, without duplicates. A few rare roots that hide common ones are left out (see
// shadowing).
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

func main() {
	in := flag.String("in", "/usr/share/hunspell/id_ID.dic", "hunspell dictionary to read")
	out := flag.String("out", "roots_id.txt", "root list to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gendict:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("%w (install Debian's hunspell-id package)", err)
	}
	defer f.Close()
	roots, err := roots(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	// A list this short means the input was not the Indonesian dictionary.
	if len(roots) < 10000 {
		return fmt.Errorf("read %s: only %d roots, expected about 30,000", in, len(roots))
	}
	var buf bytes.Buffer
	for _, r := range roots {
		buf.WriteString(r)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gendict: wrote %d roots to %s\n", len(roots), out)
	return nil
}

// roots returns the sorted, distinct roots in a hunspell .dic file.
func roots(r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	seen := make(map[string]bool)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			// The first line of a .dic file is its approximate entry count.
			if isDigits(strings.TrimSpace(line)) {
				continue
			}
		}
		word, _, _ := strings.Cut(line, "/")
		// Hunspell allows morphological fields after a tab; the word ends at any space.
		if i := strings.IndexAny(word, " \t"); i >= 0 {
			word = word[:i]
		}
		if isRoot(word) {
			seen[word] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(seen) == 0 {
		return nil, errors.New("no words found")
	}
	list := make([]string, 0, len(seen))
	for w := range seen {
		list = append(list, w)
	}
	slices.Sort(list)
	return list, nil
}

// shadowing lists rare roots that the stemmer would otherwise reach before the common root
// the word is really built on; dropping them from the list is how the stemmer is told.
var shadowing = map[string]string{
	"alah": "mengalahkan is meng-kalah-kan, not meng-alah-kan",
	"awat": "perawatan is pe-rawat-an, not per-awat-an",
}

// isRoot reports whether word is kept: three or more lowercase ASCII letters, not shadowing
// a more common root.
func isRoot(word string) bool {
	if len(word) < 3 || shadowing[word] != "" {
		return false
	}
	for i := 0; i < len(word); i++ {
		if word[i] < 'a' || word[i] > 'z' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
