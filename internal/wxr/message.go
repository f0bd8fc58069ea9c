package wxr

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"

	"warta/internal/locale"
)

// Message is text meant for a person, a catalogue key and its values
// (locale.Message): the import reports what it skipped and noted, and why
// it refused a file, as Messages, so that the command line and the
// newsroom word them in their user's language.
type Message = locale.Message

func message(key string, args ...any) Message { return Message{Key: key, Args: args} }

// Problem is why a file cannot be imported, in words a person can act on:
// not a WordPress export, an XML mistake, a structure that cannot be kept.
// Inside an *Error it says what is wrong at that line and column.
type Problem struct{ Message }

func (p *Problem) Error() string { return p.String() }

func problem(key string, args ...any) *Problem { return &Problem{message(key, args...)} }

// Describe returns what err says is wrong with the file, in p's language:
// a *Problem worded, with the line and column when it is inside an
// *Error; any other error (a failing disk) as it is. Both front ends word
// a refused file with it.
func Describe(p *locale.Printer, err error) string {
	var e *Error
	if errors.As(err, &e) {
		return p.T("wxr.err.at", e.Line, e.Column, Describe(p, e.Err))
	}
	var pr *Problem
	if errors.As(err, &pr) {
		return pr.In(p)
	}
	return err.Error()
}

// xmlProblem turns encoding/xml's message into a Problem; one it does not
// know is kept as it is, inside a message saying it is about the XML.
func xmlProblem(msg string) *Problem {
	cut := func(prefix string) (string, bool) { return strings.CutPrefix(msg, prefix) }
	if rest, ok := cut("element <"); ok {
		if open, closer, ok := strings.Cut(rest, "> closed by </"); ok {
			return problem("wxr.err.xml.closed_by", open, strings.TrimSuffix(closer, ">"))
		}
	}
	if rest, ok := cut("unexpected end element </"); ok {
		return problem("wxr.err.xml.unexpected_end", strings.TrimSuffix(rest, ">"))
	}
	if rest, ok := cut("invalid character entity "); ok {
		return problem("wxr.err.xml.entity", rest)
	}
	if rest, ok := cut("illegal character code "); ok {
		return problem("wxr.err.xml.char", rest)
	}
	switch {
	case strings.HasPrefix(msg, "unexpected EOF"):
		return problem("wxr.err.xml.eof")
	case msg == "invalid UTF-8":
		return problem("wxr.err.xml.utf8")
	}
	return problem("wxr.err.xml.other", msg)
}

// Sniff looks at the start of the file at path and refuses, with a
// *Problem, one that cannot be a WordPress export, naming what it looks
// like instead (a JPEG image, a ZIP archive). It reads 512 bytes; an
// error opening the file is returned as it is.
func Sniff(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return err
	}
	head = head[:n]
	if kind := looksLike(head); kind != "" {
		return problem("wxr.err.looks_like", message(kind))
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) == 0 {
		return problem("wxr.err.empty")
	}
	if t[0] != '<' {
		return problem("wxr.err.not_xml")
	}
	return nil
}

// looksLike names the kind of file whose first bytes are head, as a
// catalogue key; "" for anything that may be XML.
func looksLike(head []byte) string {
	lower := bytes.ToLower(bytes.TrimLeft(head, " \t\r\n"))
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "wxr.kind.jpeg"
	case bytes.HasPrefix(head, []byte("\x89PNG")):
		return "wxr.kind.png"
	case bytes.HasPrefix(head, []byte("GIF8")):
		return "wxr.kind.gif"
	case len(head) > 12 && bytes.HasPrefix(head, []byte("RIFF")) && string(head[8:12]) == "WEBP":
		return "wxr.kind.webp"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "wxr.kind.pdf"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "wxr.kind.zip"
	case bytes.HasPrefix(head, []byte("\x1f\x8b")):
		return "wxr.kind.gzip"
	case bytes.HasPrefix(head, []byte("SQLite format 3")):
		return "wxr.kind.sqlite"
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")):
		return "wxr.kind.html"
	case bytes.HasPrefix(lower, []byte("{")), bytes.HasPrefix(lower, []byte("[")):
		return "wxr.kind.json"
	case bytes.HasPrefix(lower, []byte("-- ")), bytes.HasPrefix(lower, []byte("/*!")), bytes.HasPrefix(lower, []byte("create table")):
		return "wxr.kind.sql"
	}
	return ""
}
