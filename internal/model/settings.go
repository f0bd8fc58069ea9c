package model

import (
	"errors"
	"sort"
	"strings"
	"time"
)

// Settings are the site-wide options an administrator changes. They are
// stored as key/value rows; Defaults gives the values of a new site.
type Settings struct {
	Title              string
	Tagline            string
	Language           string // "id" or "en": the language of the site's own strings
	TimeZone           string // IANA name, e.g. Asia/Jakarta
	PostsPerPage       int
	PermalinkStructure string // "/%year%/%monthnum%/%day%/%postname%/"
	CommentsPerPage    int
	ThreadDepth        int
	CommentOrder       string // "asc" (oldest first) or "desc"
	FeedItems          int    // items in each feed
	FeedContent        string // FeedFull (the whole article) or FeedSummary (the excerpt only)
}

// What article feeds carry.
const (
	FeedFull    = "full"
	FeedSummary = "summary"
)

// DefaultPermalink is the default article permalink structure.
const DefaultPermalink = "/%year%/%monthnum%/%day%/%postname%/"

// DefaultSettings returns the settings of a new site.
func DefaultSettings() Settings {
	return Settings{
		Title:              "Warta",
		Tagline:            "Berita yang jernih, cepat dan terbuka",
		Language:           "id",
		TimeZone:           "Asia/Jakarta",
		PostsPerPage:       10,
		PermalinkStructure: DefaultPermalink,
		CommentsPerPage:    50,
		ThreadDepth:        5,
		CommentOrder:       "asc",
		FeedItems:          10,
		FeedContent:        FeedFull,
	}
}

// Location returns the site's time zone, or UTC when the name is unknown.
func (s Settings) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Sentinel errors shared by every layer; httpx maps them to statuses.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
)

// ValidationError names what is wrong with each field of an input. Keys are
// field names; values are message keys for the locale catalog.
type ValidationError struct {
	Fields map[string]string
}

// Error lists the fields in a stable order.
func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem with field; the first problem of a field wins.
func (e *ValidationError) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = msg
	}
}

// Err returns e when it holds a problem, else nil.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}
