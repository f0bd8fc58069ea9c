package model

import (
	"net/url"
	"strings"
)

// Social holds the addresses of the newsroom's own pages on other
// platforms, linked from every page's footer; "" leaves a platform out.
type Social struct {
	Facebook  string
	X         string
	Instagram string
	YouTube   string
	TikTok    string
	WhatsApp  string // a WhatsApp channel
}

// SocialLink is one of the footer's links to a platform.
type SocialLink struct {
	Name string // the platform: "facebook", "x" … (its label is "social." + Name)
	URL  string
}

// socialNetworks lists the platforms in the footer's order, each with the
// hosts its pages live on.
var socialNetworks = []struct {
	name  string
	field func(*Social) *string
	hosts []string
}{
	{"facebook", func(s *Social) *string { return &s.Facebook }, []string{"facebook.com", "fb.com", "fb.me"}},
	{"x", func(s *Social) *string { return &s.X }, []string{"x.com", "twitter.com"}},
	{"instagram", func(s *Social) *string { return &s.Instagram }, []string{"instagram.com"}},
	{"youtube", func(s *Social) *string { return &s.YouTube }, []string{"youtube.com", "youtu.be"}},
	{"tiktok", func(s *Social) *string { return &s.TikTok }, []string{"tiktok.com"}},
	{"whatsapp", func(s *Social) *string { return &s.WhatsApp }, []string{"whatsapp.com", "wa.me"}},
}

// SocialNames are the platforms, in the footer's order.
func SocialNames() []string {
	out := make([]string, len(socialNetworks))
	for i, n := range socialNetworks {
		out[i] = n.name
	}
	return out
}

// Field returns the address of the named platform (one of SocialNames),
// or nil.
func (s *Social) Field(name string) *string {
	for _, n := range socialNetworks {
		if n.name == name {
			return n.field(s)
		}
	}
	return nil
}

// Get returns the address of the named platform; "" when none is set
// or the name is unknown.
func (s Social) Get(name string) string {
	if f := s.Field(name); f != nil {
		return *f
	}
	return ""
}

// Links returns the platforms that have an address, in the footer's order.
func (s Social) Links() []SocialLink {
	var out []SocialLink
	for _, n := range socialNetworks {
		if u := *n.field(&s); u != "" {
			out = append(out, SocialLink{Name: n.name, URL: u})
		}
	}
	return out
}

// NormalizeSocial trims every address and names in verr, under
// "social_<name>", each that is not an http(s) address on its platform
// (a Facebook page on facebook.com, a channel on whatsapp.com …), so a
// link pasted into the wrong field is caught.
func NormalizeSocial(s *Social, verr *ValidationError) {
	for _, n := range socialNetworks {
		f := n.field(s)
		*f = strings.TrimSpace(*f)
		if *f == "" {
			continue
		}
		u, err := url.Parse(*f)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			verr.Add("social_"+n.name, "admin.social.err.url")
			continue
		}
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		ok := false
		for _, h := range n.hosts {
			ok = ok || host == h || strings.HasSuffix(host, "."+h)
		}
		if !ok {
			verr.Add("social_"+n.name, "admin.social.err.host")
		}
	}
}
