package view

import (
	"bytes"
	"html/template"
	"sort"
	"strconv"
)

// CommentForm is the reply form's state: empty on a normal view; on a
// failed submission, what the reader typed and what is wrong with it.
type CommentForm struct {
	ArticleID   int64
	ParentID    int64
	ReplyToName string // the author of the comment replied to
	Name        string
	Email       string // the reader's own, echoed back only to them after a failed submission
	URL         string
	Comment     string
	Remember    bool
	Notify      bool              // email me when someone replies
	Errors      map[string]string // field → message key (model.ValidationError.Fields)
}

// formFields are the form's fields in page order, with their element ids
// and label keys.
var formFields = []struct{ name, id, label string }{
	{"comment", "reply-comment", "form.comment"},
	{"name", "reply-name", "form.name"},
	{"email", "reply-email", "form.email"},
	{"url", "reply-url", "form.url"},
}

// Err returns the message key of the problem with field, or "".
func (f CommentForm) Err(field string) string { return f.Errors[field] }

// FieldError is one line of the summary above the form.
type FieldError struct {
	ID      string // the element to jump to
	Label   string // message key of the field's label; empty for a problem with the whole form
	Message string // message key of the problem
}

// ErrorList returns the problems in the order of the form's fields, then
// those about no field of the form (a closed thread, a vanished parent),
// which point at the form itself.
func (f CommentForm) ErrorList() []FieldError {
	if len(f.Errors) == 0 {
		return nil
	}
	var list []FieldError
	known := map[string]bool{}
	for _, ff := range formFields {
		known[ff.name] = true
		if msg, ok := f.Errors[ff.name]; ok {
			list = append(list, FieldError{ID: ff.id, Label: ff.label, Message: msg})
		}
	}
	var other []string
	for k := range f.Errors {
		if !known[k] {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	for _, k := range other {
		list = append(list, FieldError{ID: "commentform", Message: f.Errors[k]})
	}
	return list
}

// respondForm writes the reply form as the embedded theme's "respond"
// template does, for the article at url, without a reflective call and an
// escaper per field; see TestRespondFormMatchesTemplate and
// FuzzRespondForm, which hold the two to the same bytes.
func respondForm(l Localizer, url string, f CommentForm) template.HTML {
	b := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(b)
	writeRespondForm(b, l, url, f)
	return template.HTML(b.String())
}

// writeRespondForm is respondForm into b.
func writeRespondForm(b *bytes.Buffer, l Localizer, url string, f CommentForm) {
	p := l.Printer()
	t := func(key string, args ...any) { writeEscaped(b, p.T(key, args...)) }
	b.WriteString("<div id=\"respond\" class=\"respond\">\n<h3 id=\"reply-title\">")
	if f.ReplyToName != "" {
		t("form.reply_heading", f.ReplyToName)
		b.WriteString(` <a class="cancel-reply" rel="nofollow" href="`)
		writeURLAttr(b, url)
		b.WriteString(`#respond">`)
		t("form.cancel_reply")
		b.WriteString(`</a>`)
	} else {
		t("form.heading")
	}
	b.WriteString("</h3>\n<form method=\"post\" action=\"/comments\" id=\"commentform\" class=\"comment-form\">\n")
	if list := f.ErrorList(); len(list) > 0 {
		b.WriteString("<div class=\"form-errors\" role=\"alert\">\n<p>")
		t("form.errors")
		b.WriteString("</p>\n<ul>\n")
		for _, e := range list {
			b.WriteString(`<li><a href="#`)
			writeURLPart(b, e.ID)
			b.WriteString(`">`)
			if e.Label != "" {
				t(e.Label)
				b.WriteString(": ")
			}
			t(e.Message)
			b.WriteString("</a></li>\n")
		}
		b.WriteString("</ul>\n</div>\n")
	}
	b.WriteString(`<p class="comment-notes">`)
	t("form.notice")
	b.WriteString("</p>\n")
	field := func(name, id, label string, required bool) {
		b.WriteString("<p class=\"field\">\n<label for=\"" + id + "\">")
		t(label)
		if required {
			b.WriteString(` <span class="required" aria-hidden="true">*</span>`)
		}
		b.WriteString("</label>\n")
		switch name {
		case "comment":
			b.WriteString(`<textarea id="reply-comment" name="comment" cols="45" rows="8" maxlength="65525" required`)
		case "name":
			b.WriteString(`<input id="reply-name" name="name" type="text" value="`)
			writeEscaped(b, f.Name)
			b.WriteString(`" size="30" maxlength="245" autocomplete="name" required`)
		case "email":
			b.WriteString(`<input id="reply-email" name="email" type="email" value="`)
			writeEscaped(b, f.Email)
			b.WriteString(`" size="30" maxlength="100" autocomplete="email" required`)
		case "url":
			b.WriteString(`<input id="reply-url" name="url" type="url" value="`)
			writeEscaped(b, f.URL)
			b.WriteString(`" size="30" maxlength="200" autocomplete="url"`)
		}
		msg := f.Err(name)
		if msg != "" {
			b.WriteString(` aria-invalid="true" aria-describedby="` + id + `-error"`)
		}
		b.WriteString(">")
		if name == "comment" {
			writeEscaped(b, f.Comment)
			b.WriteString("</textarea>")
		}
		b.WriteString("\n")
		if msg != "" {
			b.WriteString(`<span id="` + id + `-error" class="field-error">`)
			t(msg)
			b.WriteString("</span>\n")
		}
		b.WriteString("</p>\n")
	}
	field("comment", "reply-comment", "form.comment", true)
	field("name", "reply-name", "form.name", true)
	field("email", "reply-email", "form.email", true)
	field("url", "reply-url", "form.url", false)
	check := func(name string, on bool) {
		b.WriteString("<p class=\"field-check\">\n<input id=\"reply-" + name + "\" name=\"" + name + "\" type=\"checkbox\" value=\"yes\"")
		if on {
			b.WriteString(" checked")
		}
		b.WriteString(">\n<label for=\"reply-" + name + "\">")
		t("form." + name)
		b.WriteString("</label>\n</p>\n")
	}
	check("remember", f.Remember)
	check("notify", f.Notify)
	b.WriteString("<div class=\"field-trap\" hidden>\n<label for=\"reply-contact\">")
	t("form.trap")
	b.WriteString("</label>\n<input id=\"reply-contact\" name=\"contact_me\" type=\"text\" value=\"\" tabindex=\"-1\" autocomplete=\"off\">\n</div>\n")
	b.WriteString("<p class=\"form-submit\">\n<input type=\"hidden\" name=\"article_id\" value=\"")
	var num [20]byte
	b.Write(strconv.AppendInt(num[:0], f.ArticleID, 10))
	b.WriteString("\">\n<input type=\"hidden\" name=\"parent_id\" value=\"")
	b.Write(strconv.AppendInt(num[:0], f.ParentID, 10))
	b.WriteString("\">\n<input type=\"hidden\" name=\"token\" value=\"\">\n<button type=\"submit\" class=\"button\">")
	t("form.submit")
	b.WriteString("</button>\n</p>\n</form>\n</div>\n")
}

// writeURLPart writes s as html/template writes a value inside a URL's
// query or fragment: every byte but letters, digits and "-._~"
// percent-encoded, which leaves nothing for the attribute to escape.
func writeURLPart(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeep[c] && (c == '-' || c == '.' || c == '_' || c == '~' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			continue
		}
		b.WriteString(s[last:i])
		b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		last = i + 1
	}
	b.WriteString(s[last:])
}
