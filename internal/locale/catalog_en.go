package locale

// messagesEN is the English catalog.
var messagesEN = map[string]string{
	// layout
	"site.skip":      "Skip to content",
	"site.home":      "Home",
	"nav.label":      "Main navigation",
	"footer.powered": "Powered by warta",
	"list.and":       "and",

	// lists: front page and archives
	"list.read_more":      "Read more",
	"list.empty":          "No articles here yet.",
	"list.sticky":         "Editor's pick",
	"archive.category":    "Section: %s",
	"archive.tag":         "Tag: %s",
	"archive.author":      "Articles by %s",
	"archive.page_of":     "Page %d of %d",
	"archive.count.zero":  "No articles yet",
	"archive.count.one":   "1 article",
	"archive.count.other": "%d articles",

	// pagination
	"pagination.label":   "Pagination",
	"pagination.prev":    "Previous",
	"pagination.next":    "Next",
	"pagination.page":    "Page %d",
	"pagination.current": "Page %d, current page",
	"pagination.gap":     "…",

	// byline and dates
	"byline.by":           "By",
	"byline.editor":       "Editor:",
	"byline.photographer": "Photo:",
	"article.published":   "Published",
	"article.updated":     "Updated",
	"article.categories":  "Sections",
	"article.tags":        "Tags",
	"article.source":      "Source:",
	"article.related":     "Related articles",
	"article.protected":   "This article is password protected.",

	// video card
	"video.play":       "Play video",
	"video.poster_alt": "Video still: %s",

	// comments
	"comments.count.zero":  "No comments yet",
	"comments.count.one":   "1 comment",
	"comments.count.other": "%d comments",
	"comments.reply":       "Reply",
	"comments.reply_to":    "Reply to %s",
	"comments.closed":      "Comments are closed.",
	"comments.awaiting":    "Your comment is awaiting moderation.",

	// comment form
	"form.heading":       "Leave a Reply",
	"form.reply_heading": "Reply to %s",
	"form.cancel_reply":  "Cancel reply",
	"form.notice":        "Your email address will not be published. Required fields are marked *",
	"form.name":          "Name",
	"form.email":         "Email",
	"form.url":           "Website",
	"form.comment":       "Comment",
	"form.remember":      "Save my name, email, and website in this browser for the next time I comment.",
	"form.submit":        "Post Comment",
	"form.errors":        "Your comment was not sent. Please check these fields:",

	// comment form errors (the values of model.ValidationError.Fields)
	"comment.error.required":  "This field is required.",
	"comment.error.email":     "Enter a valid email address.",
	"comment.error.url":       "Enter a valid web address.",
	"comment.error.too_long":  "This is too long.",
	"comment.error.closed":    "Comments on this article are closed.",
	"comment.error.duplicate": "The same comment was already sent.",
	"comment.error.too_fast":  "You are commenting too quickly. Wait a moment and try again.",
	"comment.error.parent":    "The comment you replied to was not found.",

	// error pages
	"notfound.title":   "Page not found",
	"notfound.text":    "Sorry, the page you are looking for does not exist or has moved.",
	"notfound.home":    "Back to the front page",
	"error.title":      "Something went wrong",
	"error.text":       "Sorry, something went wrong on our side. Please try again in a moment.",
	"forbidden.title":  "Access denied",
	"forbidden.text":   "You do not have permission to open this page.",
	"badrequest.title": "The request could not be processed",
	"badrequest.text":  "We could not process your request.",
}
