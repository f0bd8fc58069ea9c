package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"warta/internal/pagecache"
)

// WithFastHits answers, on plain HTTP/1.1 connections, the requests for
// pages held in cache without net/http's per-request machinery or the
// middleware chain: the connection reads the request head itself and, when
// it is a plain anonymous GET or HEAD of a page whose cached answer it has
// already seen the full chain give, writes that answer again — the same
// status, headers and body, with a fresh Date and X-Request-Id, logged and
// counted as the chain would. Anything else (a cookie named in
// bypassCookies, credentials, a query, a body, a Forwarded header, an
// unusual byte) hands the connection, with what it has read, to net/http
// for the rest of its life. bypassCookies are the cookies that make the
// cache's bypass function send a reader around the cache; without them any
// cookie does. A trusted proxy's X-Forwarded-Proto is read as realClient
// reads it, and answers are learned separately for HTTP and HTTPS (HSTS
// differs). The reader's address realClient takes from X-Forwarded-For
// reaches only rate rules and handlers, which a learned answer meets
// neither of, and the request log does not name it: the fast path has no
// use for it.
// The first request for a cached answer runs the whole chain in process
// and is what the answer is learned from; a page dropped from the cache
// takes its learned answers with it. Requests a rate rule matches are never
// learned, so the chain always counts them. Over TLS it does nothing.
func WithFastHits(c *pagecache.Cache, bypassCookies ...string) Option {
	return func(s *Server) { s.fast, s.fastBypass = c, bypassCookies }
}

// fastAnswer is what a cached answer looks like through the full chain:
// the status line and every header but Date and X-Request-Id. It is kept
// with the cached page (about a kilobyte per answer, outside the cache's
// byte budget).
type fastAnswer struct {
	head   []byte
	status int
	route  string
}

// fastAnswers are a cached answer as learned over HTTP ([0]) and over
// HTTPS at a trusted proxy ([1]); either may be missing. It is not changed
// once attached to the cache.
type fastAnswers [2]*fastAnswer

func scheme(https bool) int {
	if https {
		return 1
	}
	return 0
}

// fastHeadMax bounds the request head the fast path reads; a longer one is
// handed to net/http, which applies MaxHeaderBytes.
const fastHeadMax = 8 << 10

// fastListener accepts connections for the fast path and hands net/http the
// ones it gives up on.
type fastListener struct {
	net.Listener
	s      *Server
	handed chan net.Conn
	errc   chan error
	closed chan struct{}
	once   sync.Once
	wg     sync.WaitGroup

	mu    sync.Mutex
	conns map[*fastConn]struct{}
}

type fastConn struct {
	net.Conn
	idle    atomic.Bool
	trusted bool // the peer is a trusted proxy
}

func (s *Server) fastListen(ln net.Listener) *fastListener {
	l := &fastListener{Listener: ln, s: s, handed: make(chan net.Conn), errc: make(chan error),
		closed: make(chan struct{}), conns: map[*fastConn]struct{}{}}
	go l.acceptLoop()
	return l
}

func (l *fastListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			select {
			case l.errc <- err:
			case <-l.closed:
				return
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		fc := &fastConn{Conn: c, trusted: l.s.trustedPeer(c.RemoteAddr().String())}
		if !l.track(fc, true) {
			c.Close()
			continue
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			defer l.track(fc, false)
			l.serve(fc)
		}()
	}
}

// Accept returns the connections the fast path handed over.
func (l *fastListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.handed:
		return c, nil
	case err := <-l.errc:
		return nil, err
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close stops accepting and closes the fast path's idle connections; the
// busy ones close after their answer.
func (l *fastListener) Close() error {
	l.once.Do(func() {
		close(l.closed)
		l.mu.Lock()
		for c := range l.conns {
			if c.idle.Load() {
				c.Close()
			}
		}
		l.mu.Unlock()
	})
	return l.Listener.Close()
}

func (l *fastListener) track(c *fastConn, add bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !add {
		delete(l.conns, c)
		return true
	}
	select {
	case <-l.closed:
		return false
	default:
	}
	l.conns[c] = struct{}{}
	return true
}

// handOver gives net/http the connection with the bytes already read.
func (l *fastListener) handOver(c *fastConn, buffered []byte) {
	c.SetDeadline(time.Time{})
	var hc net.Conn = c.Conn
	if len(buffered) > 0 {
		hc = &prefixConn{Conn: c.Conn, prefix: bytes.Clone(buffered)}
	}
	select {
	case l.handed <- hc:
	case <-l.closed:
		c.Close()
	}
}

// prefixConn reads prefix before the connection.
type prefixConn struct {
	net.Conn
	prefix []byte
}

func (c *prefixConn) Read(p []byte) (int, error) {
	if len(c.prefix) > 0 {
		n := copy(p, c.prefix)
		c.prefix = c.prefix[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// serve answers the connection's requests until it closes, or hands it over.
func (l *fastListener) serve(c *fastConn) {
	lim := l.s.limits
	buf := make([]byte, 0, fastHeadMax)
	var scratch []byte
	served := false
	for {
		end := headEnd(buf)
		for end < 0 {
			if len(buf) == cap(buf) {
				l.handOver(c, buf)
				return
			}
			timeout := lim.ReadHeaderTimeout
			if len(buf) == 0 && served {
				timeout = lim.IdleTimeout
			}
			if timeout > 0 {
				c.SetReadDeadline(time.Now().Add(timeout))
			}
			c.idle.Store(len(buf) == 0)
			if len(buf) == 0 && l.isClosed() {
				c.Close()
				return
			}
			n, err := c.Read(buf[len(buf):cap(buf)])
			c.idle.Store(false)
			buf = buf[:len(buf)+n]
			if err != nil {
				if len(buf) > 0 && !errors.Is(err, net.ErrClosed) && !errors.Is(err, os.ErrDeadlineExceeded) {
					// A partial request: net/http has the words for it.
					// One that took too long is not given the time again.
					l.handOver(c, buf)
					return
				}
				c.Close()
				return
			}
			end = headEnd(buf)
		}
		req, ok := parseHead(buf[:end], l.s.fastBypass)
		if !ok {
			l.handOver(c, buf)
			return
		}
		if lim.WriteTimeout > 0 {
			c.SetWriteDeadline(time.Now().Add(lim.WriteTimeout))
		}
		https := c.trusted && forwardedHTTPS(req.xfp)
		var err error
		if data, body, ok := l.s.fast.FastHit(req.path, req.head, req.ae, req.inm); ok {
			learned := data.(*fastAnswers)
			if a := learned[scheme(https)]; a != nil {
				scratch, err = l.writeFast(c, scratch, req, a, body)
			} else {
				// Learned for the other scheme only. FastHit has counted
				// a hit, and the chain counts another: once per answer.
				err = l.runChain(c, buf[:end], https, learned)
			}
		} else if l.s.fast.Has(req.path) {
			err = l.runChain(c, buf[:end], https, nil)
		} else {
			l.handOver(c, buf)
			return
		}
		if err != nil {
			c.Close()
			return
		}
		served = true
		buf = buf[:copy(buf, buf[end:])]
		if l.isClosed() && len(buf) == 0 {
			c.Close()
			return
		}
	}
}

func (l *fastListener) isClosed() bool {
	select {
	case <-l.closed:
		return true
	default:
		return false
	}
}

// writeFast writes a learned answer with body, logs and counts it.
func (l *fastListener) writeFast(c *fastConn, scratch []byte, req fastRequest, a *fastAnswer, body []byte) ([]byte, error) {
	start := time.Now()
	id := requestID()
	scratch = append(scratch[:0], "X-Request-Id: "...)
	scratch = append(scratch, id...)
	scratch = append(scratch, "\r\nDate: "...)
	scratch = append(scratch, httpDate(start)...)
	scratch = append(scratch, "\r\n\r\n"...)
	bufs := net.Buffers{a.head, scratch, body}
	_, err := bufs.WriteTo(c.Conn)
	method := http.MethodGet
	if req.head {
		method = http.MethodHead
	}
	took := time.Since(start)
	l.s.metrics.ObserveRequest(a.route, method, a.status, took)
	logRequest(context.Background(), l.s.logger, id, method, req.path, a.route, a.status, len(body), took)
	return scratch, err
}

// runChain serves the request head through the whole handler chain, as
// net/http would, writes the answer and, when it was a cache hit no rate
// rule counts, learns it for the request's scheme, keeping what prev holds
// for the other scheme when that is the same answer but for HSTS.
func (l *fastListener) runChain(c *fastConn, head []byte, https bool, prev *fastAnswers) (err error) {
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(head)))
	if err != nil {
		return err
	}
	r.RemoteAddr = c.RemoteAddr().String()
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), http.LocalAddrContextKey, c.LocalAddr()))
	defer cancel()
	ctx, note := pagecache.NoteHit(ctx)
	route := &routeNote{}
	ctx = context.WithValue(ctx, routeNoteKey{}, route)
	w := &captureWriter{header: http.Header{}}
	defer func() {
		if v := recover(); v != nil {
			err = errors.New("server: handler panicked") // the connection is closed, as net/http does
		}
	}()
	l.s.http.Handler.ServeHTTP(w, r.WithContext(ctx))
	if w.status == 0 {
		w.status = http.StatusOK
	}
	h := w.header
	bodyAllowed := w.status >= 200 && w.status != http.StatusNoContent && w.status != http.StatusNotModified
	if _, ok := h["Content-Type"]; !ok && bodyAllowed && w.body.Len() > 0 {
		h.Set("Content-Type", http.DetectContentType(w.body.Bytes()))
	}
	if _, ok := h["Content-Length"]; !ok && bodyAllowed && r.Method != http.MethodHead {
		h.Set("Content-Length", strconv.Itoa(w.body.Len()))
	}
	closeAfter := h.Get("Connection") == "close"
	var status bytes.Buffer
	status.WriteString("HTTP/1.1 " + strconv.Itoa(w.status) + " " + http.StatusText(w.status) + "\r\n")
	id := h["X-Request-Id"]
	delete(h, "X-Request-Id")
	delete(h, "Date")
	if err := h.Write(&status); err != nil {
		return err
	}
	learned := bytes.Clone(status.Bytes())
	status.WriteString("X-Request-Id: " + firstOf(id) + "\r\nDate: " + string(httpDate(time.Now())) + "\r\n\r\n")
	var body []byte
	if bodyAllowed && r.Method != http.MethodHead {
		body = w.body.Bytes()
	}
	bufs := net.Buffers{status.Bytes(), body}
	if _, err := bufs.WriteTo(c.Conn); err != nil {
		return err
	}
	if note.Served() && !closeAfter && !l.s.rateRuled(r) {
		next := &fastAnswers{}
		sch := scheme(https)
		next[sch] = &fastAnswer{head: learned, status: w.status, route: route.pattern}
		if prev != nil && prev[1-sch] != nil && sameButHSTS(prev[1-sch].head, learned) {
			next[1-sch] = prev[1-sch]
		}
		note.Prepare(next)
	}
	if closeAfter {
		return errors.New("server: connection closed by the handler")
	}
	return nil
}

// rateRuled reports whether a rate rule matches r, as GET or as HEAD (a
// 304 is learned once for both): the chain counts such requests against
// the client's budget, so the fast path must not answer them.
func (s *Server) rateRuled(r *http.Request) bool {
	other := r.WithContext(r.Context())
	other.Method = http.MethodGet
	if r.Method == http.MethodGet {
		other.Method = http.MethodHead
	}
	for _, rule := range s.rules {
		if rule.Match(r) || rule.Match(other) {
			return true
		}
	}
	return false
}

// sameButHSTS reports whether two learned answers differ at most in their
// Strict-Transport-Security line: then the answer kept for one scheme
// still belongs with the page the other was just learned from. Header
// lines are written sorted, so the rest compares byte for byte.
func sameButHSTS(a, b []byte) bool {
	return bytes.Equal(withoutHSTS(a), withoutHSTS(b))
}

func withoutHSTS(head []byte) []byte {
	const name = "\r\nStrict-Transport-Security:"
	i := bytes.Index(head, []byte(name))
	if i < 0 {
		return head
	}
	j := bytes.Index(head[i+2:], []byte("\r\n"))
	if j < 0 {
		return head
	}
	return append(bytes.Clone(head[:i]), head[i+2+j:]...)
}

func firstOf(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// captureWriter keeps a response whole, for runChain.
type captureWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *captureWriter) Header() http.Header { return w.header }

func (w *captureWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
		w.header = w.header.Clone() // what was sent, as net/http snapshots it
	}
}

func (w *captureWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

// httpDate returns t as an HTTP date, formatted once per second.
func httpDate(t time.Time) []byte {
	sec := t.Unix()
	if d := dateCache.Load(); d != nil && d.sec == sec {
		return d.b
	}
	d := &cachedDate{sec: sec, b: t.UTC().AppendFormat(nil, http.TimeFormat)}
	dateCache.Store(d)
	return d.b
}

type cachedDate struct {
	sec int64
	b   []byte
}

var dateCache atomic.Pointer[cachedDate]
