package web

import (
	"slices"
	"strconv"

	"warta/internal/model"
	"warta/internal/view"
)

// commentNode is an approved comment as the page shows it, with its
// replies; view.Comment copies only what may be published.
type commentNode = view.Comment

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
			Pending: c.Status == model.CommentPending}
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

// commentForm is the reply form's state; view.CommentForm writes it.
type commentForm = view.CommentForm
