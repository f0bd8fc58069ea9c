package admin

import (
	"encoding/json"
	"errors"
	"fmt"

	"warta/internal/locale"
	"warta/internal/wxr"
)

// An import job's outcome is kept in the database (store.ImportJob) so
// that any instance shows it, in the reader's language: messages are kept
// as their keys and arguments, worded when shown.

// savedMsg is a locale.Message as JSON: each argument a string, a whole
// number or a message of its own, as the report's messages hold.
type savedMsg struct {
	Key  string     `json:"k"`
	Args []savedArg `json:"a,omitempty"`
}

type savedArg struct {
	S *string   `json:"s,omitempty"`
	I *int64    `json:"i,omitempty"`
	M *savedMsg `json:"m,omitempty"`
}

func saveMsg(m locale.Message) savedMsg {
	out := savedMsg{Key: m.Key}
	for _, a := range m.Args {
		var sa savedArg
		switch v := a.(type) {
		case locale.Message:
			inner := saveMsg(v)
			sa.M = &inner
		case int:
			n := int64(v)
			sa.I = &n
		case int64:
			sa.I = &v
		default:
			s := fmt.Sprint(v)
			sa.S = &s
		}
		out.Args = append(out.Args, sa)
	}
	return out
}

func (m savedMsg) message() locale.Message {
	out := locale.Message{Key: m.Key}
	for _, a := range m.Args {
		switch {
		case a.M != nil:
			out.Args = append(out.Args, a.M.message())
		case a.I != nil:
			out.Args = append(out.Args, int(*a.I))
		case a.S != nil:
			out.Args = append(out.Args, *a.S)
		default:
			out.Args = append(out.Args, "")
		}
	}
	return out
}

// savedReport is what the job's page shows of a report: its counts and
// notes, and the skipped records counted by kind and reason (the records
// themselves are savedSkip lines, read by the download only).
type savedReport struct {
	Imported, Updated, Skipped map[string]int
	Files, Fetched, Failed     int
	Menus, MenuItems           int
	CustomTerms, RemoteImages  map[string]int
	Notes                      []savedMsg
	SkipCounts                 []savedSkipCount
	Permalink                  string
	PermalinkMatches           int
	PermalinkPosts             int
	PermalinkKept              bool
}

type savedSkipCount struct {
	Kind   string
	Reason savedMsg
	Count  int
}

type savedSkip struct {
	Kind, Key, Title string
	Reason           savedMsg
}

// savedProblem is why a file was refused: malformed at a line and column,
// or refused outright (Line 0).
type savedProblem struct {
	Line, Column int
	Message      savedMsg
}

// encodeOutcome turns an import's result into the job's columns.
func encodeOutcome(rep *wxr.Report, err error) (state, problem, report, skips string) {
	if err != nil {
		var perr *wxr.Error
		var prob *wxr.Problem
		sp := savedProblem{}
		switch {
		case errors.As(err, &perr):
			sp.Line, sp.Column = perr.Line, perr.Column
			if errors.As(perr.Err, &prob) {
				sp.Message = saveMsg(prob.Message)
			} else {
				s := perr.Err.Error()
				sp.Message = savedMsg{Key: "admin.import.as_is", Args: []savedArg{{S: &s}}}
			}
		case errors.As(err, &prob):
			sp.Message = saveMsg(prob.Message)
		default:
			return "failed", "", "", ""
		}
		b, _ := json.Marshal(sp)
		return "refused", string(b), "", ""
	}
	sr := savedReport{Imported: rep.Imported, Updated: rep.Updated, Skipped: rep.Skipped, Files: rep.Files,
		Fetched: rep.Fetched, Failed: rep.FetchFailed, Menus: rep.Menus, MenuItems: rep.MenuItems,
		CustomTerms: rep.CustomTerms, RemoteImages: rep.RemoteImages, Permalink: rep.Permalink,
		PermalinkMatches: rep.PermalinkMatches, PermalinkPosts: rep.PermalinkPosts, PermalinkKept: rep.PermalinkKept}
	for _, n := range rep.Notes {
		sr.Notes = append(sr.Notes, saveMsg(n))
	}
	for _, c := range rep.SkipCounts() {
		sr.SkipCounts = append(sr.SkipCounts, savedSkipCount{Kind: c.Kind, Reason: saveMsg(c.Reason), Count: c.Count})
	}
	list := make([]savedSkip, len(rep.Skips))
	for i, s := range rep.Skips {
		list[i] = savedSkip{Kind: s.Kind, Key: s.Key, Title: s.Title, Reason: saveMsg(s.Reason)}
	}
	b, _ := json.Marshal(sr)
	sk, _ := json.Marshal(list)
	return "done", "", string(b), string(sk)
}

// report gives back the report the page shows, and its skip counts.
func (sr *savedReport) report() (*wxr.Report, []wxr.SkipCount) {
	rep := &wxr.Report{Imported: sr.Imported, Updated: sr.Updated, Skipped: sr.Skipped, Files: sr.Files,
		Fetched: sr.Fetched, FetchFailed: sr.Failed, Menus: sr.Menus, MenuItems: sr.MenuItems,
		CustomTerms: sr.CustomTerms, RemoteImages: sr.RemoteImages, Permalink: sr.Permalink,
		PermalinkMatches: sr.PermalinkMatches, PermalinkPosts: sr.PermalinkPosts, PermalinkKept: sr.PermalinkKept}
	for _, n := range sr.Notes {
		rep.Notes = append(rep.Notes, n.message())
	}
	counts := make([]wxr.SkipCount, len(sr.SkipCounts))
	for i, c := range sr.SkipCounts {
		counts[i] = wxr.SkipCount{Kind: c.Kind, Reason: c.Reason.message(), Count: c.Count}
	}
	return rep, counts
}
