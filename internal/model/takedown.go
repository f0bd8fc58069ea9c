package model

import "time"

// Reasons for taking a story down that the Dewan Pers guideline for
// online media names (Takedown.Reason).
const (
	TakedownSARA      = "sara"       // ethnicity, religion, race or group hostility (SARA)
	TakedownMorality  = "morality"   // against morality (kesusilaan)
	TakedownChild     = "child"      // to protect a child
	TakedownTrauma    = "trauma"     // to spare victims further trauma
	TakedownDewanPers = "dewan_pers" // a decision of the Dewan Pers
)

// TakedownReasons lists the reasons in the order the newsroom is offered them.
var TakedownReasons = []string{TakedownSARA, TakedownMorality, TakedownChild, TakedownTrauma, TakedownDewanPers}

// Takedown records that a story was taken off the site for a guideline
// reason: its old URL (Path) answers 410 Gone with the reason, the
// newsroom's public Note and the date, and nothing of the story.
type Takedown struct {
	ArticleID int64
	Reason    string // one of TakedownReasons
	Note      string // plain text for readers, written at the takedown; may be ""
	Path      string // the story's URL path when it was taken down
	UserID    int64  // who took it down; 0 when unknown
	TakenAt   time.Time
}
