package admin

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/wxr"
)

// importData is the WXR import screen: the form (with what was typed) and,
// after an import, its report or the problem with the file.
type importData struct {
	Uploads        string
	KeepPermalinks bool
	FileName       string
	Problem        string // why the file was refused; the site is unchanged
}

// importCount is one line of the report's table.
type importCount struct {
	Kind                       string
	Imported, Updated, Skipped int
}

func (h *Handler) showImport(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	return h.render(w, http.StatusOK, "import.html", h.newView(r, r.p.T("admin.nav.import"), "import", importData{}))
}

// postImport takes a WXR file uploaded with the import form and imports it.
// The body is read part by part: the CSRF token first (the form puts it
// there), then the file, copied to a temporary file under the data
// directory, so that a file of gigabytes is never held in memory.
func (h *Handler) postImport(w http.ResponseWriter, r *request) error {
	if !r.can(auth.ManageOptions) {
		return model.ErrForbidden
	}
	// A large file takes longer to send than the server's read timeout
	// allows other requests; the body limit still caps it.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(2 * time.Hour))
	_ = rc.SetWriteDeadline(time.Now().Add(2 * time.Hour))
	mr, err := r.MultipartReader()
	if err != nil {
		h.renderError(w, r, http.StatusForbidden, "admin.err.csrf")
		return nil
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != "csrf" || !r.ses.CheckCSRF(readField(part)) {
		h.renderError(w, r, http.StatusForbidden, "admin.err.csrf")
		return nil
	}
	var d importData
	tmp := ""
	defer func() {
		if tmp != "" {
			os.Remove(tmp)
		}
	}()
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("admin: import upload: %w", err)
		}
		switch part.FormName() {
		case "uploads":
			d.Uploads = strings.TrimSpace(readField(part))
		case "keep_permalinks":
			d.KeepPermalinks = readField(part) == "1"
		case "file":
			if part.FileName() == "" {
				continue
			}
			d.FileName = filepath.Base(part.FileName())
			if tmp, err = h.spool(part); err != nil {
				return err
			}
		}
	}
	errs := map[string]string{}
	if tmp == "" {
		errs["file"] = "admin.import.err.file"
	}
	if d.Uploads != "" {
		if fi, err := os.Stat(d.Uploads); err != nil || !fi.IsDir() {
			errs["uploads"] = "admin.import.err.uploads"
		}
	}
	if len(errs) > 0 {
		v := h.newView(r, r.p.T("admin.nav.import"), "import", d)
		v.Errors = errs
		return h.render(w, http.StatusUnprocessableEntity, "import.html", v)
	}
	// The first bytes tell a photo or a zip given by mistake at once; the
	// rest is read by the import, in the background.
	var prob *wxr.Problem
	if err := wxr.Sniff(tmp); errors.As(err, &prob) {
		d.Problem = r.p.T("admin.import.refused", d.FileName, prob.In(r.p))
		return h.render(w, http.StatusUnprocessableEntity, "import.html", h.newView(r, r.p.T("admin.nav.import"), "import", d))
	} else if err != nil {
		return err
	}
	opt := wxr.Options{KeepPermalinks: d.KeepPermalinks}
	if d.Uploads != "" {
		opt.UploadsDir, opt.Media = d.Uploads, h.media
	}
	j, err := h.startImport(r, d, tmp, opt)
	if err != nil {
		return err
	}
	tmp = "" // the job removes it
	http.Redirect(w, r.Request, "/admin/import/"+j.ID, http.StatusSeeOther)
	return nil
}

// readField reads a small text part of the form (at most 4 KB).
func readField(p *multipart.Part) string {
	b, _ := io.ReadAll(io.LimitReader(p, 4<<10))
	return string(b)
}

// spool copies an uploaded file to a new temporary file under the data
// directory and returns its path.
func (h *Handler) spool(p *multipart.Part) (string, error) {
	dir := h.dataDir
	if dir == "" {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "tmp")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("admin: import: %w", err)
	}
	f, err := os.CreateTemp(dir, "import-*.xml")
	if err != nil {
		return "", fmt.Errorf("admin: import: %w", err)
	}
	if _, err := io.Copy(f, p); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("admin: import upload: %w", err) // a *http.MaxBytesError is 413
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("admin: import: %w", err)
	}
	return f.Name(), nil
}
