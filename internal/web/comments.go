package web

import (
	"html/template"
	"slices"
	"sort"
	"strconv"
	"time"

	"warta/internal/model"
)

// commentNode is an approved comment as a page shows it, with its replies.
// It holds only what may be published: never the email, the IP or the user
// agent, so no template can print them.
type commentNode struct {
	ID         int64
	AuthorName string
	AuthorURL  string
	Content    template.HTML // sanitized when the comment was saved
	CreatedAt  time.Time
	ReplyURL   string // "?replytocom=N#respond"; empty when comments are closed
	Pending    bool   // the reader's own comment, awaiting moderation
	Staff      bool   // a reply from the newsroom, marked as such
	Children   []*commentNode
}

// threadComments nests comments (oldest first, flat, ParentID set) into
// trees at most maxDepth levels deep; a reply deeper than that is shown at
// the deepest level, after its parent. A reply whose parent is not among
// comments (pending, spam, deleted) starts a thread of its own. desc puts
// the newest threads first. replyBase, when not empty, is the start of each
// reply link, followed by the comment's ID.
func threadComments(comments []model.Comment, maxDepth int, desc bool, replyBase string) []*commentNode {
	if maxDepth < 1 {
		maxDepth = 1
	}
	nodes := make(map[int64]*commentNode, len(comments))
	parents := make(map[int64]int64, len(comments))
	all := make([]commentNode, len(comments)) // one allocation for the page's nodes
	for i, c := range comments {
		n := &all[i]
		*n = commentNode{ID: c.ID, AuthorName: c.AuthorName, AuthorURL: c.AuthorURL, Content: c.Content, CreatedAt: c.CreatedAt,
			Pending: c.Status == model.CommentPending, Staff: c.Staff}
		if replyBase != "" && !n.Pending {
			n.ReplyURL = replyBase + strconv.FormatInt(c.ID, 10) + "#respond"
		}
		nodes[c.ID] = n
		parents[c.ID] = c.ParentID
	}
	// depth of a comment as shown, and the node it hangs under (nil: top).
	depth := make(map[int64]int, len(comments))
	holder := make(map[int64]*commentNode, len(comments))
	var place func(id int64, seen int) int
	place = func(id int64, seen int) int {
		if d, ok := depth[id]; ok {
			return d
		}
		pid := parents[id]
		if _, ok := nodes[pid]; !ok || pid == id || seen > len(nodes) {
			depth[id] = 1 // top level; the guard also breaks a cycle of bad data
			return 1
		}
		pd := place(pid, seen+1)
		if pd < maxDepth {
			depth[id], holder[id] = pd+1, nodes[pid]
		} else {
			// The parent is at the deepest level: hang the reply beside it.
			depth[id], holder[id] = pd, holder[pid]
		}
		return depth[id]
	}
	var top []*commentNode
	for _, c := range comments {
		place(c.ID, 0)
		if h := holder[c.ID]; h != nil {
			h.Children = append(h.Children, nodes[c.ID])
		} else {
			top = append(top, nodes[c.ID])
		}
	}
	// Replies read oldest first whatever the order of threads.
	for _, n := range nodes {
		if len(n.Children) > 1 {
			slices.SortStableFunc(n.Children, func(a, b *commentNode) int { return a.CreatedAt.Compare(b.CreatedAt) })
		}
	}
	if desc {
		slices.Reverse(top)
	}
	return top
}

// commentForm is the reply form's state: empty on a normal view; on a
// failed submission, what the reader typed and what is wrong with it.
type commentForm struct {
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
	// Reader is the signed-in reader's address: the form then asks for
	// no address, website or consent, and names them. "" for everyone else.
	Reader string
	// SignIn leads to the readers' sign-in page and back to the form.
	SignIn string
}

// blank reports whether the form holds nothing a reader gave: the form
// every reader of the article sees.
func (f commentForm) blank() bool {
	return f.ParentID == 0 && f.ReplyToName == "" && f.Name == "" && f.Email == "" && f.URL == "" &&
		f.Comment == "" && !f.Remember && !f.Notify && len(f.Errors) == 0 && f.Reader == ""
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
func (f commentForm) Err(field string) string { return f.Errors[field] }

// fieldError is one line of the summary above the form.
type fieldError struct {
	ID      string // the element to jump to
	Label   string // message key of the field's label; empty for a problem with the whole form
	Message string // message key of the problem
}

// ErrorList returns the problems in the order of the form's fields, then
// those about no field of the form (a closed thread, a vanished parent),
// which point at the form itself.
func (f commentForm) ErrorList() []fieldError {
	if len(f.Errors) == 0 {
		return nil
	}
	var list []fieldError
	known := map[string]bool{}
	for _, ff := range formFields {
		known[ff.name] = true
		if msg, ok := f.Errors[ff.name]; ok {
			list = append(list, fieldError{ID: ff.id, Label: ff.label, Message: msg})
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
		list = append(list, fieldError{ID: "commentform", Message: f.Errors[k]})
	}
	return list
}

// Holds reports whether c or one of its replies is the comment id.
func (c *commentNode) Holds(id int64) bool {
	if c.ID == id {
		return true
	}
	for _, r := range c.Children {
		if r.Holds(id) {
			return true
		}
	}
	return false
}
