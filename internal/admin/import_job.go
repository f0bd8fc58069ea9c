package admin

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
	"warta/internal/wxr"
)

// An import of a large site takes minutes: longer than a proxy waits for
// an answer (nginx gives up after 60 s). So the import form only receives
// the file and starts the import as a job, which goes on when the browser
// leaves; its page shows the progress, reloading itself, then a short
// report with counts, and offers the full list of skipped records as a
// download. The job lives in the database (store.ImportJob): any instance
// shows it, and one whose instance stopped shows as interrupted. The
// instance running it also keeps its progress in memory: on SQLite the
// import's transaction holds the only write connection, so the progress
// written to the database waits until it ends.

// importHeartbeat is how often a running job writes its progress;
// importStale is how long without it before the job counts as
// interrupted (its instance stopped or crashed).
const (
	importHeartbeat = 2 * time.Second
	importStale     = 30 * time.Second
)

// importJob is one import running in the background on this instance.
type importJob struct {
	ID       string
	FileName string
	Started  time.Time

	mu          sync.Mutex
	phase       string // "check", then "import"
	done, total int64
	finished    bool
}

func (j *importJob) progress() (phase string, done, total int64, finished bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.phase, j.done, j.total, j.finished
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

// startImport records a job and runs the import of tmp (removed at the
// end) in the background. The import is not tied to the request: it goes
// on when the browser leaves.
func (h *Handler) startImport(r *request, d importData, tmp string, opt wxr.Options) (*importJob, error) {
	var b [12]byte
	_, _ = rand.Read(b[:])
	j := &importJob{ID: hex.EncodeToString(b[:]), FileName: d.FileName, Started: h.now(), phase: "check"}
	err := h.store.CreateImportJob(r.Context(), &store.ImportJob{ID: j.ID, FileName: j.FileName, StartedBy: r.user().ID, StartedAt: j.Started})
	if err != nil {
		return nil, err
	}
	opt.Progress = func(phase string, done, total int64) {
		j.mu.Lock()
		j.phase, j.done, j.total = phase, done, total
		j.mu.Unlock()
	}
	h.imports.add(j)
	ctx := context.WithoutCancel(r.Context())
	audit := r // the audit entry names who started it
	stop := make(chan struct{})
	go h.heartbeat(ctx, j, stop)
	go func() {
		defer os.Remove(tmp)
		rep, err := wxr.Import(ctx, h.store, tmp, opt)
		close(stop)
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
		state, problem, report, skips := encodeOutcome(rep, err)
		if err := h.store.FinishImportJob(ctx, j.ID, state, problem, report, skips); err != nil {
			h.log.Error("admin: import job", "file", d.FileName, "err", err)
		}
		j.mu.Lock()
		j.finished = true
		j.mu.Unlock()
	}()
	return j, nil
}

// heartbeat writes the job's progress every importHeartbeat until stop.
// A write that cannot get the connection soon (SQLite, during the
// import's transaction) is given up: the next one says the same.
func (h *Handler) heartbeat(ctx context.Context, j *importJob, stop <-chan struct{}) {
	t := time.NewTicker(importHeartbeat)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			phase, done, total, _ := j.progress()
			wctx, cancel := context.WithTimeout(ctx, importHeartbeat/2)
			_ = h.store.ImportJobProgress(wctx, j.ID, phase, done, total)
			cancel()
		}
	}
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
	SkipCounts   []wxr.SkipCount
	Kinds        []importCount
	Notes        []wxr.Message // the first maxNotes
	MoreNotes    int
	Problem      string
	Failed       bool
	// Interrupted: the instance running it stopped before it ended.
	Interrupted bool
	// The form for the next import, empty.
	Uploads        string
	KeepPermalinks bool
}

// maxNotes bounds the notes the report page lists; the download has all.
const maxNotes = 20

func (h *Handler) jobFor(r *request) (*store.ImportJob, error) {
	if !r.can(auth.ManageOptions) {
		return nil, model.ErrForbidden
	}
	return h.store.ImportJobByID(r.Context(), r.PathValue("id"))
}

// showImportJob shows a job's progress (reloading every two seconds) or,
// once it ended, its report.
func (h *Handler) showImportJob(w http.ResponseWriter, r *request) error {
	sj, err := h.jobFor(r)
	if err != nil {
		return err
	}
	d := importJobData{ID: sj.ID, FileName: sj.FileName, Running: sj.State == store.ImportRunning, Checking: sj.Phase == "check",
		Done: sj.Done, Total: sj.Total}
	if j := h.imports.get(sj.ID); j != nil && d.Running {
		// Running here: the progress in memory is the latest.
		phase, done, total, finished := j.progress()
		d.Checking, d.Done, d.Total = phase == "check", done, total
		if finished { // ended between the two reads
			if sj, err = h.store.ImportJobByID(r.Context(), sj.ID); err != nil {
				return err
			}
			d.Running = sj.State == store.ImportRunning
		}
	} else if d.Running && h.now().Sub(sj.Heartbeat) > importStale {
		d.Running, d.Interrupted = false, true
	}
	if d.Total > 0 {
		d.Percent = d.Done * 100 / d.Total
	}
	switch {
	case d.Running:
		w.Header().Set("Refresh", "2")
		w.Header().Set("Cache-Control", "no-store")
	case d.Interrupted:
	case sj.State == store.ImportRefused:
		var sp savedProblem
		if err := json.Unmarshal([]byte(sj.Problem), &sp); err != nil {
			return fmt.Errorf("admin: import job %s: %w", sj.ID, err)
		}
		if sp.Line > 0 {
			d.Problem = r.p.T("admin.import.malformed", d.FileName, sp.Line, sp.Column, sp.Message.message().In(r.p))
		} else {
			d.Problem = r.p.T("admin.import.refused", d.FileName, sp.Message.message().In(r.p))
		}
	case sj.State == store.ImportFailed:
		d.Failed = true
	default:
		var sr savedReport
		if err := json.Unmarshal([]byte(sj.Report), &sr); err != nil {
			return fmt.Errorf("admin: import job %s: %w", sj.ID, err)
		}
		d.Report, d.SkipCounts = sr.report()
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
	sj, err := h.jobFor(r)
	if err != nil {
		return err
	}
	if sj.State != store.ImportDone {
		return model.ErrNotFound
	}
	var sr savedReport
	if err := json.Unmarshal([]byte(sj.Report), &sr); err != nil {
		return fmt.Errorf("admin: import job %s: %w", sj.ID, err)
	}
	raw, err := h.store.ImportJobSkips(r.Context(), sj.ID)
	if err != nil {
		return err
	}
	var skips []savedSkip
	if err := json.Unmarshal([]byte(raw), &skips); err != nil {
		return fmt.Errorf("admin: import job %s: %w", sj.ID, err)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="import-`+sj.ID[:8]+`.txt"`)
	for _, s := range skips {
		fmt.Fprintln(w, r.p.T("admin.import.skip_line", r.p.T("admin.import.kind."+s.Kind), s.Key, s.Title, s.Reason.message().In(r.p)))
	}
	for _, n := range sr.Notes {
		fmt.Fprintln(w, n.message().In(r.p))
	}
	return nil
}
