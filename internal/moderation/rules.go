package moderation

import (
	"net/mail"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"warta/internal/model"
)

// validate names what is wrong with each field of in.
func validate(in Input) *model.ValidationError {
	verr := &model.ValidationError{}
	switch {
	case in.Name == "":
		verr.Add("name", ErrRequired)
	case utf8.RuneCountInString(in.Name) > MaxName:
		verr.Add("name", ErrTooLong)
	}
	switch {
	case in.Email == "":
		verr.Add("email", ErrRequired)
	case len(in.Email) > MaxEmail:
		verr.Add("email", ErrTooLong)
	case !ValidEmail(in.Email):
		verr.Add("email", ErrEmail)
	}
	switch {
	case in.URL == "":
	case len(in.URL) > MaxURL:
		verr.Add("url", ErrTooLong)
	case normalURL(in.URL) == "":
		verr.Add("url", ErrURL)
	}
	switch {
	case in.Comment == "":
		verr.Add("comment", ErrRequired)
	case len(in.Comment) > MaxComment:
		verr.Add("comment", ErrTooLong)
	}
	return verr
}

// ValidEmail accepts a bare address with a dotted domain ("a@b.c"), not a
// display name or angle brackets.
func ValidEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.ContainsAny(s, " \t\"")
}

// normalURL returns the reader's website as an absolute http(s) URL ("www.x.id"
// gains "https://"), or "" when it is not one.
func normalURL(s string) string {
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsAny(u.Host, " <>\"'") || !strings.Contains(u.Hostname(), ".") {
		return ""
	}
	return u.String()
}

var linkRE = regexp.MustCompile(`(?i)https?://|www\.|<a\s`)

// links counts the links written in s, as a spammer would write them.
func links(s string) int { return len(linkRE.FindAllStringIndex(s, -1)) }

// blocked reports whether c matches a line of the blocklist: an IP address
// or CIDR range matches the comment's IP; a line with "@" matches the
// email (a whole address, or "@domain" for every address there); any other
// line matches, without regard to case, a word or phrase in the name,
// email, website or text.
func blocked(list string, c *model.Comment) bool {
	ip, ipErr := netip.ParseAddr(c.IP)
	email := strings.ToLower(c.AuthorEmail)
	hay := strings.ToLower(c.AuthorName + "\n" + c.AuthorEmail + "\n" + c.AuthorURL + "\n" + string(c.Content))
	for _, line := range strings.Split(list, "\n") {
		line = strings.ToLower(strings.TrimSpace(line))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if p, err := netip.ParsePrefix(line); err == nil {
			if ipErr == nil && p.Contains(ip.Unmap()) {
				return true
			}
			continue
		}
		if a, err := netip.ParseAddr(line); err == nil {
			if ipErr == nil && a == ip.Unmap() {
				return true
			}
			continue
		}
		if strings.Contains(line, "@") {
			if strings.HasPrefix(line, "@") && strings.HasSuffix(email, line) || email == line {
				return true
			}
			continue
		}
		if strings.Contains(hay, line) {
			return true
		}
	}
	return false
}

// linkURLRE finds the http(s) addresses in text or markup.
var linkURLRE = regexp.MustCompile(`(?i)https?://[^\s"'<>]+`)
