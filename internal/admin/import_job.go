package admin

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/wxr"
)

// An import of a large site takes minutes: longer than a proxy waits for
// an answer (nginx gives up after 60 s). So the import form only receives
// the file and starts the import as a job of this instance, which goes on
// when the browser leaves; its page shows the progress, reloading itself,
// then a short report with counts, and offers the full list of skipped
// records as a download.

// importJob is one import running, or finished, in the background.
type importJob struct {
	ID       string
	FileName string
	Started  time.Time

	mu          sync.Mutex
	phase       string // "check", then "import"
	done, total int64
	finished    bool
	report      *wxr.Report
	err         error // a malformed or refused file, or a failure
}

// importJobs are this instance's import jobs, kept until it stops.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

func (js *importJobs) add(j *importJob) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.jobs == nil {
		js.jobs = map[string]*importJob{}
	}
	js.jobs[j.ID] = j
}

func (js *importJobs) get(id string) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.jobs[id]
}

// startImport runs the import of tmp (removed at the end) in the
// background and returns its job. The import is not tied to the request:
// it goes on when the browser leaves.
func (h *Handler) startImport(r *request, d importData, tmp string, opt wxr.Options) *importJob {
	var b [12]byte
	_, _ = rand.Read(b[:])
	j := &importJob{ID: hex.EncodeToString(b[:]), FileName: d.FileName, Started: h.now(), phase: "check"}
	opt.Progress = func(phase string, done, total int64) {
		j.mu.Lock()
		j.phase, j.done, j.total = phase, done, total
		j.mu.Unlock()
	}
	h.imports.add(j)
	ctx := context.WithoutCancel(r.Context())
	audit := r // the audit entry names who started it
	go func() {
		defer os.Remove(tmp)
		rep, err := wxr.Import(ctx, h.store, tmp, opt)
		if err == nil {
			detail := fmt.Sprintf("%s: %d posts imported, %d updated, %d skipped", d.FileName,
				rep.Imported["post"], rep.Updated["post"], rep.Skipped["post"])
			if rep.PermalinkKept {
				detail += "; permalinks " + rep.Permalink
			}
			h.audit(ctx, audit, "wxr.import", "site", 0, detail)
		} else if !isFileProblem(err) {
			h.log.Error("admin: import", "file", d.FileName, "err", err)
		}
		j.mu.Lock()
		j.finished, j.report, j.err = true, rep, err
		j.mu.Unlock()
	}()
	return j
}

func isFileProblem(err error) bool {
	var perr *wxr.Error
	var prob *wxr.Problem
	return errors.As(err, &perr) || errors.As(err, &prob)
}

// importJobData is what import_job.html shows of a job.
type importJobData struct {
	ID, FileName string
	Running      bool
	Checking     bool // the first pass, over the file's bytes
	Done, Total  int64
	Percent      int64
	Report       *wxr.Report
	Kinds        []importCount
	Notes        []wxr.Message // the first maxNotes
	MoreNotes    int
	Problem      string
	Failed       bool
	// The form for the next import, empty.
	Uploads        string
	KeepPermalinks bool
}

// maxNotes bounds the notes the report page lists; the download has all.
const maxNotes = 20

func (h *Handler) jobFor(r *request) (*importJob, error) {
	if !r.can(auth.ManageOptions) {
		return nil, model.ErrForbidden
	}
	j := h.imports.get(r.PathValue("id"))
	if j == nil {
		return nil, model.ErrNotFound
	}
	return j, nil
}

// showImportJob shows a job's progress (reloading every two seconds) or,
// once it ended, its report.
func (h *Handler) showImportJob(w http.ResponseWriter, r *request) error {
	j, err := h.jobFor(r)
	if err != nil {
		return err
	}
	j.mu.Lock()
	d := importJobData{ID: j.ID, FileName: j.FileName, Running: !j.finished, Checking: j.phase == "check",
		Done: j.done, Total: j.total, Report: j.report}
	jerr := j.err
	j.mu.Unlock()
	if d.Total > 0 {
		d.Percent = d.Done * 100 / d.Total
	}
	var perr *wxr.Error
	var prob *wxr.Problem
	switch {
	case d.Running:
		w.Header().Set("Refresh", "2")
		w.Header().Set("Cache-Control", "no-store")
	case errors.As(jerr, &perr):
		d.Problem = r.p.T("admin.import.malformed", d.FileName, perr.Line, perr.Column, wxr.Describe(r.p, perr.Err))
	case errors.As(jerr, &prob):
		d.Problem = r.p.T("admin.import.refused", d.FileName, prob.In(r.p))
	case jerr != nil:
		d.Failed = true
	case d.Report != nil:
		for _, k := range []string{"user", "term", "post", "attachment", "comment"} {
			d.Kinds = append(d.Kinds, importCount{Kind: k, Imported: d.Report.Imported[k], Updated: d.Report.Updated[k], Skipped: d.Report.Skipped[k]})
		}
		d.Notes = d.Report.Notes[:min(len(d.Report.Notes), maxNotes)]
		d.MoreNotes = len(d.Report.Notes) - len(d.Notes)
	}
	return h.render(w, http.StatusOK, "import_job.html", h.newView(r, r.p.T("admin.nav.import"), "import", d))
}

// downloadImportSkips answers the full list of a finished job's skipped
// records and notes, one per line, as a text file.
func (h *Handler) downloadImportSkips(w http.ResponseWriter, r *request) error {
	j, err := h.jobFor(r)
	if err != nil {
		return err
	}
	j.mu.Lock()
	rep := j.report
	j.mu.Unlock()
	if rep == nil {
		return model.ErrNotFound
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="import-`+j.ID[:8]+`.txt"`)
	for _, s := range rep.Skips {
		fmt.Fprintln(w, r.p.T("admin.import.skip_line", r.p.T("admin.import.kind."+s.Kind), s.Key, s.Title, s.Reason.In(r.p)))
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(w, n.In(r.p))
	}
	return nil
}
