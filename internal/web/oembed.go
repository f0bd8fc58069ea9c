package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"warta/internal/model"
)

// oEmbed, as WordPress answers it at /wp-json/oembed/1.0/embed?url=…
// (JSON, or XML with format=xml), so that the sites and apps that embed a
// post by its URL keep doing so after the move. The html it hands out is
// WordPress's: a quote linking the post, then an iframe of its /embed/
// card (wordpress.go), rendered from the theme's oembed.html.

// oembedResponse is WordPress's oEmbed answer (get_oembed_response_data).
type oembedResponse struct {
	XMLName         xml.Name `json:"-" xml:"oembed"`
	Version         string   `json:"version" xml:"version"`
	ProviderName    string   `json:"provider_name" xml:"provider_name"`
	ProviderURL     string   `json:"provider_url" xml:"provider_url"`
	AuthorName      string   `json:"author_name" xml:"author_name"`
	AuthorURL       string   `json:"author_url" xml:"author_url"`
	Title           string   `json:"title" xml:"title"`
	Type            string   `json:"type" xml:"type"`
	Width           int      `json:"width" xml:"width"`
	Height          int      `json:"height" xml:"height"`
	HTML            string   `json:"html" xml:"html"`
	ThumbnailURL    string   `json:"thumbnail_url,omitempty" xml:"thumbnail_url,omitempty"`
	ThumbnailWidth  int      `json:"thumbnail_width,omitempty" xml:"thumbnail_width,omitempty"`
	ThumbnailHeight int      `json:"thumbnail_height,omitempty" xml:"thumbnail_height,omitempty"`
}

// oembedSnippet is what oembed.html renders: the html of the answer.
type oembedSnippet struct {
	URL, EmbedURL, Title, FrameTitle string
	Width, Height                    int
}

// wpError is a WordPress REST error object.
type wpError struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Data    map[string]any `json:"data"`
}

func writeWPError(w http.ResponseWriter, status int, code, msg string, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	data["status"] = status
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(wpError{Code: code, Message: msg, Data: data})
}

// showOEmbed answers /wp-json/oembed/1.0/embed: url (required) names a
// published post or page of this site; maxwidth (600 when absent) is kept
// between 200 and 600 and the height follows at 16:9, as WordPress does.
func (h *Handler) showOEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	raw := q.Get("url")
	if raw == "" {
		writeWPError(w, http.StatusBadRequest, "rest_missing_callback_param", "Missing parameter(s): url",
			map[string]any{"params": []string{"url"}})
		return
	}
	format := q.Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "xml" {
		writeWPError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): format",
			map[string]any{"params": map[string]string{"format": "format is not one of json and xml."}})
		return
	}
	width := 600
	if v := q.Get("maxwidth"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeWPError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): maxwidth",
				map[string]any{"params": map[string]string{"maxwidth": "maxwidth is not of type integer."}})
			return
		}
		width = n
	}
	width = min(max(width, 200), 600)
	height := max((width*9+15)/16, 200)

	a, l, err := h.oembedArticle(r, raw)
	if errors.Is(err, model.ErrNotFound) {
		writeWPError(w, http.StatusNotFound, "oembed_invalid_url", "Not Found", nil)
		return
	}
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: oembed", "url", raw, "err", err)
		writeWPError(w, http.StatusInternalServerError, "internal_error", "Internal Server Error", nil)
		return
	}
	origin := h.origin(r)
	link := origin + a.Path(l.links)
	snippet, err := h.view.Bytes("oembed.html", oembedSnippet{
		URL: link, EmbedURL: articleBase(link) + "embed/", Title: a.Title,
		FrameTitle: "“" + a.Title + "” — " + l.Site.Title, Width: width, Height: height,
	})
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: oembed", "url", raw, "err", err)
		writeWPError(w, http.StatusInternalServerError, "internal_error", "Internal Server Error", nil)
		return
	}
	res := oembedResponse{Version: "1.0", ProviderName: l.Site.Title, ProviderURL: origin, Title: a.Title,
		Type: "rich", Width: width, Height: height, HTML: strings.TrimSpace(string(snippet))}
	if len(a.Bylines) > 0 {
		u := a.Bylines[0].User
		res.AuthorName, res.AuthorURL = u.DisplayName, origin+"/author/"+u.Slug+"/"
	} else {
		res.AuthorName, res.AuthorURL = l.Site.Title, origin
	}
	if m := a.FeaturedImage; m != nil && a.Password == "" {
		res.ThumbnailURL, res.ThumbnailWidth, res.ThumbnailHeight = origin+m.URL(), m.Width, m.Height
	}
	if format == "xml" {
		w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
		_, _ = w.Write([]byte("<?xml version=\"1.0\"?>\n"))
		_ = xml.NewEncoder(w).Encode(res)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(w).Encode(res)
}

// oembedArticle finds the published post or page at raw, a URL of this
// site: its permalink, an earlier one, or ?p=ID.
func (h *Handler) oembedArticle(r *http.Request, raw string) (*model.Article, layout, error) {
	ctx := r.Context()
	u, err := url.Parse(raw)
	if err != nil || (u.Host != "" && !strings.EqualFold(u.Host, hostOf(h.origin(r)))) {
		return nil, layout{}, model.ErrNotFound
	}
	path := u.Path
	if path == "" || path == "/" {
		id, err := strconv.ParseInt(u.Query().Get("p"), 10, 64)
		if err != nil {
			return nil, layout{}, model.ErrNotFound
		}
		return h.postByID(ctx, id)
	}
	return h.articleAt(ctx, path)
}

// postByID returns the published post id with the layout of its page.
func (h *Handler) postByID(ctx context.Context, id int64) (*model.Article, layout, error) {
	a, err := h.postFor(ctx, model.PermalinkMatch{ID: id})
	if err != nil {
		return nil, layout{}, err
	}
	l, err := h.newLayout(ctx, "/")
	return a, l, err
}

// hostOf is the host of an origin ("https://warta.example" →
// "warta.example").
func hostOf(origin string) string {
	if u, err := url.Parse(origin); err == nil {
		return u.Host
	}
	return ""
}
