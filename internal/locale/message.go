package locale

// Message is text meant for a person, kept as a catalogue key and the
// values that fill it, so that the package that finds something to say
// (config, media, wxr) leaves the wording to whoever shows it: the
// command line in the language LANG names, the newsroom in its user's.
type Message struct {
	Key  string
	Args []any // a Message among them is worded in the same language
}

// In returns the message in p's language.
func (m Message) In(p *Printer) string {
	if len(m.Args) == 0 {
		return p.T(m.Key)
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if inner, ok := a.(Message); ok {
			a = inner.In(p)
		}
		args[i] = a
	}
	return p.T(m.Key, args...)
}

// String returns the message in English, for logs and tests.
func (m Message) String() string { return m.In(english) }

var english = New("en")

// Problem is an error told as a Message: Error gives English, In the
// user's language.
type Problem struct{ Message }

func (e *Problem) Error() string { return e.String() }

// Errorf returns the Problem of message key with args.
func Errorf(key string, args ...any) error { return &Problem{Message{Key: key, Args: args}} }
