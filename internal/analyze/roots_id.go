package analyze

import (
	_ "embed"
	"strings"
	"sync"
)

// rootsIDText is the Indonesian root-word list, one root a line, derived from hunspell-id
// (see roots_id.LICENSE.txt). Regenerate it with go generate after installing hunspell-id.
//
//go:generate go run ./internal/gendict -in /usr/share/hunspell/id_ID.dic -out roots_id.txt
//go:embed roots_id.txt
var rootsIDText string

var (
	rootsIDOnce sync.Once
	rootsID     map[string]struct{}
)

// minRootLen is the length of the shortest root in roots_id.txt; shorter strings are never
// looked up, and a candidate shorter than this cannot lead to a root either.
const minRootLen = 3

// isRootID reports whether w is in the Indonesian root list. The set is built on first use;
// its keys share the embedded text's memory.
func isRootID(w string) bool {
	rootsIDOnce.Do(loadRootsID)
	if len(w) < minRootLen {
		return false
	}
	_, ok := rootsID[w]
	return ok
}

func loadRootsID() {
	rootsID = make(map[string]struct{}, strings.Count(rootsIDText, "\n")+1)
	for line := range strings.Lines(rootsIDText) {
		if w := strings.TrimSpace(line); w != "" {
			rootsID[w] = struct{}{}
		}
	}
}
