package model

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
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
	PermalinkStructure string // "/%year%/%monthnum%/%day%/%postname%/"; see ValidatePermalink
	// PreviousPermalinks lists, one a line, the structures the site used
	// before, newest first: their URLs still find the post (with 301).
	PreviousPermalinks string
	CommentsPerPage    int
	ThreadDepth        int
	CommentOrder       string // "asc" (oldest first) or "desc"

	// Who gets through and for how long comments stay open.
	CommentModeration string // ModerateAlways, ModerateFirst or ModerateNever
	CommentsCloseDays int    // close an article's comments this many days after publication; 0: never
	// Spam defence.
	CommentMinSeconds   int    // the time trap: a comment sent sooner after the form was loaded is refused
	CommentMaxLinks     int    // more links than this hold a comment for moderation
	CommentRateIP       int    // comments an address may send in an hour; 0: no limit
	CommentRateEmail    int    // comments an email address may send in an hour; 0: no limit
	CommentBlocklist    string // one per line: a word, an email (or @domain), an IP or a CIDR range; a match is spam
	SpamThreshold       int    // percent: a classifier score at or above it marks a comment spam
	SpamPurgeDays       int    // spam older than this is deleted; 0: never
	CommentIPRetainDays int    // IP and user agent are erased after this many days
	// Notifications: moderators are told of waiting comments; commenters who
	// asked are told of replies. No SMTP host: no email.
	ModeratorEmails string // comma separated; empty: the administrators' and editors' addresses
	SMTPHost        string
	SMTPPort        int
	SMTPUser        string
	SMTPPassword    string
	SMTPFrom        string
	// SMTPSecurity is how the link to the server is encrypted: SMTPStartTLS
	// (the default; the server must offer STARTTLS), SMTPTLS (implicit TLS,
	// usually port 465) or SMTPPlain (no encryption: a relay on the same
	// machine or network).
	SMTPSecurity string
	// DKIM signing, when all three are set: the signing domain (d=), the
	// selector (s=) whose DNS record holds the public key, and the private
	// key in PEM (RSA or Ed25519).
	DKIMDomain   string
	DKIMSelector string
	DKIMKey      string
	// Feeds.
	FeedItems   int    // items in each feed
	FeedContent string // FeedFull (the whole article) or FeedSummary (the excerpt only)
	// REST API: whether clients without credentials may post comments
	// (WordPress's rest_allow_anonymous_comments filter); off by default.
	RESTAnonymousComments bool
	// The front page and the theme's look (settings_theme.go).
	Theme
	// Ads are the ad slots and the origins the policy allows (ads.go).
	Ads Ads
	// CommentRegistration lets only signed-in readers (and newsroom users)
	// comment, as WordPress's comment_registration option does; readers
	// sign in with a link by email, so it needs an SMTP server.
	CommentRegistration bool
	// GuidelinePageID is the published page holding the site's own text
	// of the press guideline (Pedoman Pemberitaan Media Siber), linked
	// from every page's footer; 0: none.
	GuidelinePageID int
	// TwoFactorRequired makes editors and administrators set up two-factor
	// sign-in before they can use the newsroom.
	TwoFactorRequired bool
	// NewsletterRate paces newsletters: at most this many messages a
	// second from one mail worker (0: as fast as the server takes them).
	NewsletterRate int
}

// Comment moderation modes (Settings.CommentModeration).
const (
	ModerateAlways = "always" // every comment waits for a moderator
	ModerateFirst  = "first"  // an address's first comment waits; once one is approved, the next appear at once
	ModerateNever  = "never"  // comments appear at once (spam defences still apply)
)

// How the link to the SMTP server is encrypted (Settings.SMTPSecurity).
const (
	SMTPStartTLS = "starttls"
	SMTPTLS      = "tls"
	SMTPPlain    = "none"
)

// MailEnabled reports whether the site sends email: an SMTP server is set.
func (s Settings) MailEnabled() bool { return s.SMTPHost != "" }

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

		CommentModeration:   ModerateFirst,
		CommentMinSeconds:   3,
		CommentMaxLinks:     2,
		CommentRateIP:       10,
		CommentRateEmail:    5,
		SpamThreshold:       90,
		SpamPurgeDays:       30,
		CommentIPRetainDays: 30,
		SMTPPort:            587,
		SMTPSecurity:        SMTPStartTLS,
		FeedItems:           10,
		FeedContent:         FeedFull,
		NewsletterRate:      20,
	}
}

// PermalinkFallbacks returns the structures whose URLs should still lead
// to a post, with a 301 to its URL under the current structure: the
// site's earlier structures, then the common presets.
func (s Settings) PermalinkFallbacks() []string {
	var out []string
	add := func(x string) {
		x = strings.TrimSpace(x)
		if x != "" && x != s.PermalinkStructure && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	for _, x := range strings.Split(s.PreviousPermalinks, "\n") {
		add(x)
	}
	for _, p := range PermalinkPresets {
		add(p.Structure)
	}
	return out
}

// ChangePermalink sets the structure to structure, remembering the one it
// replaces in PreviousPermalinks (at most ten are kept).
func (s *Settings) ChangePermalink(structure string) {
	old := s.PermalinkStructure
	s.PermalinkStructure = structure
	if old == "" || old == structure {
		return
	}
	list := []string{old}
	for _, x := range strings.Split(s.PreviousPermalinks, "\n") {
		if x = strings.TrimSpace(x); x != "" && x != structure && !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	if len(list) > 10 {
		list = list[:10]
	}
	s.PreviousPermalinks = strings.Join(list, "\n")
}

// Location returns the site's time zone, or UTC when the name is unknown.
func (s Settings) Location() *time.Location {
	if loc, ok := locations.Load(s.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	locations.Store(s.TimeZone, loc)
	return loc
}

// locations keeps the time zones loaded: time.LoadLocation reads and parses
// the zone's file on every call, and every page asks for the site's zone.
var locations sync.Map // name → *time.Location

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
