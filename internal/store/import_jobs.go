package store

import (
	"context"
	"fmt"
	"time"
)

// ImportJob is one of the newsroom's WordPress imports (migration 0049):
// its progress while it runs, then its outcome. Problem, Report and Skips
// are the newsroom's own encoding (JSON); the store keeps them as text.
type ImportJob struct {
	ID, FileName string
	StartedBy    int64
	StartedAt    time.Time
	Heartbeat    time.Time // last written while it runs
	State        string    // running, done, refused, failed
	Phase        string    // check, import
	Done, Total  int64
	Problem      string
	Report       string
}

// Import job states.
const (
	ImportRunning = "running"
	ImportDone    = "done"
	ImportRefused = "refused"
	ImportFailed  = "failed"
)

// CreateImportJob records a job that starts now.
func (s *Store) CreateImportJob(ctx context.Context, j *ImportJob) error {
	const q = `INSERT INTO import_jobs (id, file_name, started_by, started_at, heartbeat, state, phase)
		VALUES ($1, $2, $3, $4, $4, 'running', 'check')`
	if _, err := s.write.ExecContext(ctx, q, j.ID, j.FileName, nullID(j.StartedBy), dbTime(j.StartedAt)); err != nil {
		return fmt.Errorf("store: create import job: %w", err)
	}
	return nil
}

// ImportJobProgress records how far a running job has come, and that its
// instance still runs it.
func (s *Store) ImportJobProgress(ctx context.Context, id, phase string, done, total int64) error {
	const q = `UPDATE import_jobs SET phase = $1, done = $2, total = $3, heartbeat = $4 WHERE id = $5 AND state = 'running'`
	if _, err := s.write.ExecContext(ctx, q, phase, done, total, dbTime(time.Now()), id); err != nil {
		return fmt.Errorf("store: import job progress: %w", err)
	}
	return nil
}

// FinishImportJob records a job's outcome.
func (s *Store) FinishImportJob(ctx context.Context, id, state, problem, report, skips string) error {
	const q = `UPDATE import_jobs SET state = $1, problem = $2, report = $3, skips = $4, heartbeat = $5 WHERE id = $6`
	if _, err := s.write.ExecContext(ctx, q, state, problem, report, skips, dbTime(time.Now()), id); err != nil {
		return fmt.Errorf("store: finish import job: %w", err)
	}
	return nil
}

// ImportJobByID returns a job without its skipped records, or
// model.ErrNotFound.
func (s *Store) ImportJobByID(ctx context.Context, id string) (*ImportJob, error) {
	const q = `SELECT id, file_name, COALESCE(started_by, 0), started_at, heartbeat, state, phase, done, total, problem, report
		FROM import_jobs WHERE id = $1`
	var j ImportJob
	err := s.read.QueryRowContext(ctx, q, id).Scan(&j.ID, &j.FileName, &j.StartedBy, utc{&j.StartedAt}, utc{&j.Heartbeat},
		&j.State, &j.Phase, &j.Done, &j.Total, &j.Problem, &j.Report)
	if err != nil {
		return nil, fmt.Errorf("store: import job %s: %w", id, notFound(err))
	}
	return &j, nil
}

// ImportJobSkips returns a job's list of skipped records as written.
func (s *Store) ImportJobSkips(ctx context.Context, id string) (string, error) {
	var skips string
	if err := s.read.QueryRowContext(ctx, `SELECT skips FROM import_jobs WHERE id = $1`, id).Scan(&skips); err != nil {
		return "", fmt.Errorf("store: import job %s skips: %w", id, notFound(err))
	}
	return skips, nil
}
