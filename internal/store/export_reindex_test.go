package store

import "testing"

// WriteSearchRow overwrites the search index row of the article id with the
// given analyzed title and body, as an older analyzer would have written it.
func WriteSearchRow(t testing.TB, st *Store, id int64, title, body string) {
	t.Helper()
	sd := st.d.search
	if sd.unindex != "" {
		if _, err := st.write.ExecContext(t.Context(), sd.unindex, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.write.ExecContext(t.Context(), sd.index, id, title, body); err != nil {
		t.Fatal(err)
	}
}

// SetSearchState sets the stored analyzer version of the search index and
// the re-index cursor; an empty value removes the key.
func SetSearchState(t testing.TB, st *Store, version, cursor string) {
	t.Helper()
	for key, v := range map[string]string{searchVersionKey: version, searchCursorKey: cursor} {
		if _, err := st.write.ExecContext(t.Context(), `DELETE FROM settings WHERE key = $1`, key); err != nil {
			t.Fatal(err)
		}
		if v == "" {
			continue
		}
		if _, err := st.write.ExecContext(t.Context(), `INSERT INTO settings (key, value) VALUES ($1, $2)`, key, v); err != nil {
			t.Fatal(err)
		}
	}
}
