package model

import (
	"html/template"
	"time"
)

// Autosave is a writer's edits of an article already out, kept while they
// write and not shown to readers until they save.
type Autosave struct {
	ArticleID int64
	UserID    int64
	Title     string
	BodyHTML  template.HTML // sanitized
	Excerpt   string
	SavedAt   time.Time
}
