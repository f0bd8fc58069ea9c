package auth

import "warta/internal/model"

// Capability is something a role may do, after WordPress's capabilities.
type Capability string

// Capabilities. The WordPress names are in the comments.
const (
	EditPosts         Capability = "edit_posts"          // write and submit own articles
	PublishPosts      Capability = "publish_posts"       // publish (and schedule) own articles
	EditOthersPosts   Capability = "edit_others_posts"   // edit and publish everyone's articles
	DeletePosts       Capability = "delete_posts"        // trash own articles
	UploadFiles       Capability = "upload_files"        // use the media library
	UnfilteredHTML    Capability = "unfiltered_html"     // write raw HTML (still sanitized)
	ModerateComments  Capability = "moderate_comments"   // the comment queue
	ManageCategories  Capability = "manage_categories"   // categories and tags screens
	EditPages         Capability = "edit_pages"          // pages
	ManageUsers       Capability = "list_users"          // users screen, roles
	ManageOptions     Capability = "manage_options"      // site settings, audit log
	ReadAdmin         Capability = "read"                // enter the newsroom
	AssignTermsInline Capability = "assign_terms_inline" // create a category while writing
)

var roleCaps = map[model.Role][]Capability{
	model.RoleContributor: {ReadAdmin, EditPosts, DeletePosts, AssignTermsInline},
	model.RoleAuthor:      {ReadAdmin, EditPosts, DeletePosts, PublishPosts, UploadFiles, AssignTermsInline},
	model.RoleEditor: {ReadAdmin, EditPosts, DeletePosts, PublishPosts, UploadFiles, AssignTermsInline,
		EditOthersPosts, UnfilteredHTML, ModerateComments, ManageCategories, EditPages},
	model.RoleAdministrator: {ReadAdmin, EditPosts, DeletePosts, PublishPosts, UploadFiles, AssignTermsInline,
		EditOthersPosts, UnfilteredHTML, ModerateComments, ManageCategories, EditPages, ManageUsers, ManageOptions},
}

// Can reports whether a user with role r has capability c.
func Can(r model.Role, c Capability) bool {
	for _, have := range roleCaps[r] {
		if have == c {
			return true
		}
	}
	return false
}

// IsByline reports whether u is credited on a (any position).
func IsByline(u *model.User, a *model.Article) bool {
	for _, b := range a.Bylines {
		if b.User.ID == u.ID {
			return true
		}
	}
	return false
}

// CanEdit reports whether u may open and save a. Contributors and authors
// edit their own articles only; a contributor cannot touch one that is
// already published or scheduled (as in WordPress).
func CanEdit(u *model.User, a *model.Article) bool {
	if a.Type == model.TypePage {
		return Can(u.Role, EditPages)
	}
	if Can(u.Role, EditOthersPosts) {
		return true
	}
	if !IsByline(u, a) || !Can(u.Role, EditPosts) {
		return false
	}
	if !Can(u.Role, PublishPosts) {
		switch a.Status {
		case model.StatusPublished, model.StatusScheduled, model.StatusPrivate:
			return false
		}
	}
	return true
}

// CanPublish reports whether u may give a the status published or
// scheduled: editors everyone's, authors their own, contributors never.
func CanPublish(u *model.User, a *model.Article) bool {
	if a.Type == model.TypePage {
		return Can(u.Role, EditPages)
	}
	if Can(u.Role, EditOthersPosts) {
		return true
	}
	return Can(u.Role, PublishPosts) && (a.ID == 0 || IsByline(u, a))
}

// CanDelete reports whether u may move a to the trash or delete it for
// good: who may edit it and delete articles, and, while it is published
// or scheduled, also publish it (a contributor cannot take down what an
// editor put up; an author cannot take down another's).
func CanDelete(u *model.User, a *model.Article) bool {
	if !CanEdit(u, a) || !Can(u.Role, DeletePosts) {
		return false
	}
	if a.Status == model.StatusPublished || a.Status == model.StatusScheduled {
		return CanPublish(u, a)
	}
	return true
}
