package model

import "time"

// Reader is a reader's account: an address they proved to own by
// following a sign-in link. Readers have no password and no newsroom
// rights; their account lets them comment where the site asks for it and
// see or delete what the site keeps about them.
type Reader struct {
	ID         int64
	Email      string // lower-cased
	Name       string // the name they last commented under
	Lang       string // the language they signed in in; "" for the site's
	CreatedAt  time.Time
	SignedInAt time.Time
}
