package wpapi

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"warta/internal/auth"
	"warta/internal/locale"
	"warta/internal/media"
	"warta/internal/model"
	"warta/internal/store"
)

// WithMaxUpload is the largest file POST /wp/v2/media takes, in bytes; 0
// (the default): media.DefaultMaxBytes.
func WithMaxUpload(n int64) Option { return func(h *Handler) { h.maxUpload = n } }

// uploadStatus is the HTTP status of each upload problem.
var uploadStatus = map[string]int{
	"media.err.too_big":         http.StatusRequestEntityTooLarge,
	"media.err.type":            http.StatusBadRequest,
	"media.err.broken":          http.StatusBadRequest,
	"media.err.too_many_pixels": http.StatusBadRequest,
}

// uploadCode is WordPress's error code of each upload problem.
var uploadCode = map[string]string{
	"media.err.too_big":         "rest_upload_file_too_big",
	"media.err.type":            "rest_upload_invalid_type",
	"media.err.broken":          "rest_upload_invalid_image",
	"media.err.too_many_pixels": "rest_upload_invalid_image",
}

// createMedia answers POST /wp/v2/media: the file as the raw body (with
// Content-Disposition naming it and Content-Type), or as the multipart
// field "file". The file goes through the media library's checks.
func (q *request) createMedia() (any, error) {
	if !q.can(auth.UploadFiles) {
		return nil, q.denied("rest_cannot_create", "Sorry, you are not allowed to upload media on this site.")
	}
	if q.h.media == nil {
		return nil, errorf(http.StatusInternalServerError, "rest_upload_unknown_error", "This site takes no uploads.")
	}
	var body io.Reader
	var name string
	if mf := q.r.MultipartForm; mf != nil {
		files := mf.File["file"]
		if len(files) == 0 {
			return nil, errorf(http.StatusBadRequest, "rest_upload_no_data", "No data supplied.")
		}
		f, err := files[0].Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		body, name = f, files[0].Filename
	} else {
		if q.r.Header.Get("Content-Type") == "" {
			return nil, errorf(http.StatusBadRequest, "rest_upload_no_content_type", "No Content-Type supplied.")
		}
		cd := q.r.Header.Get("Content-Disposition")
		if cd == "" {
			return nil, errorf(http.StatusBadRequest, "rest_upload_no_content_disposition", "No Content-Disposition supplied.")
		}
		_, dp, err := mime.ParseMediaType(cd)
		if err != nil || strings.TrimSpace(dp["filename"]) == "" {
			return nil, errorf(http.StatusBadRequest, "rest_upload_invalid_disposition",
				`Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as `+
					"`attachment; filename=\"image.png\"` or similar.")
		}
		body, name = q.r.Body, dp["filename"]
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, bodyError(err)
	}
	if len(data) == 0 {
		return nil, errorf(http.StatusBadRequest, "rest_upload_no_data", "No data supplied.")
	}
	ctx := q.r.Context()
	m, existed, err := media.Add(ctx, q.h.store, q.h.media, media.Upload{Body: bytes.NewReader(data), Name: name,
		UploaderID: q.who.ID, Now: q.h.now().UTC(), MaxBytes: q.h.maxUpload})
	if ue, ok := media.AsUploadError(err); ok {
		status := uploadStatus[ue.Key]
		if status == 0 {
			status = http.StatusBadRequest
		}
		code := uploadCode[ue.Key]
		if code == "" {
			code = "rest_upload_sideload_error"
		}
		key, args := ue.Message()
		return nil, errorf(status, code, locale.New("en").T(key, args...))
	}
	if err != nil {
		return nil, err
	}
	if existed {
		// The same bytes are in the library already: the client gets
		// that item, with 200 rather than 201 Created, and its text is
		// left as it is.
		q.header.Set("Location", q.url("/wp/v2/media/"+strconv.FormatInt(m.ID, 10), nil))
		q.header.Set("X-Warta-Duplicate", "true")
		return q.mediaEdit(m), nil
	}
	_ = q.h.store.InsertAudit(ctx, &store.AuditEntry{UserID: q.who.ID, Action: "media.upload", ObjectType: "media",
		ObjectID: m.ID, Detail: m.Path})
	alt, _, err := q.textParam("alt_text")
	if err != nil {
		return nil, err
	}
	caption, _, err := q.textParam("caption")
	if err != nil {
		return nil, err
	}
	alt, caption = strings.TrimSpace(alt), strings.TrimSpace(caption)
	if len(alt) > 500 || len(caption) > 1000 {
		return nil, invalid("alt_text", "is too long")
	}
	if alt != "" || caption != "" {
		if err := q.h.store.UpdateMediaText(ctx, m.ID, alt, caption); err != nil {
			return nil, err
		}
	}
	saved, err := q.h.store.Media(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	q.status = http.StatusCreated
	q.header.Set("Location", q.url("/wp/v2/media/"+strconv.FormatInt(saved.ID, 10), nil))
	return q.mediaEdit(saved), nil
}

// deleteMedia answers DELETE /wp/v2/media/{id}. Attachments have no trash,
// so WordPress wants force=true; then the item and every file of it go
// (media.Delete), and the articles that featured it lose their featured
// image. Its uploader may delete it, editors anyone's.
func (q *request) deleteMedia(param string) (any, error) {
	ctx := q.r.Context()
	id, _ := strconv.ParseInt(param, 10, 64)
	m, err := q.h.store.Media(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return nil, errorf(http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.")
	}
	if err != nil {
		return nil, err
	}
	if !q.can(auth.UploadFiles) || (m.UploaderID != q.who.ID && !q.can(auth.EditOthersPosts)) {
		return nil, q.denied("rest_cannot_delete", "Sorry, you are not allowed to delete this post.")
	}
	force, _, err := q.boolField("force")
	if err != nil {
		return nil, err
	}
	if !force {
		return nil, errorf(http.StatusNotImplemented, "rest_trash_not_supported",
			"The post does not support trashing. Set 'force=true' to delete.")
	}
	if q.h.media == nil {
		return nil, errorf(http.StatusInternalServerError, "rest_cannot_delete", "This site keeps no media files.")
	}
	previous := q.mediaEdit(m)
	if gone, err := media.Delete(ctx, q.h.store, q.h.media, m.ID); err != nil {
		if gone == nil {
			return nil, err
		}
		// The item is deleted; files left behind name nothing.
		q.h.log.Error("wpapi: media files left behind", "media", m.ID, "err", err)
	}
	_ = q.h.store.InsertAudit(ctx, &store.AuditEntry{UserID: q.who.ID, Action: "media.delete", ObjectType: "media",
		ObjectID: m.ID, Detail: m.Path})
	return map[string]any{"deleted": true, "previous": previous}, nil
}

// mediaEdit is an attachment in the edit context: its raw fields too.
func (q *request) mediaEdit(md *model.Media) map[string]any {
	out := q.media(md)
	out["title"].(map[string]any)["raw"] = out["slug"]
	out["caption"].(map[string]any)["raw"] = md.Caption
	out["description"].(map[string]any)["raw"] = md.Caption
	out["guid"].(map[string]any)["raw"] = out["guid"].(map[string]any)["rendered"]
	out["generated_slug"] = out["slug"]
	out["permalink_template"] = out["link"]
	out["missing_image_sizes"] = []string{}
	return out
}
