package wxr

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

// commentXML is one wp:comment; id "" writes none.
func commentXML(id, author, text, parent string) string {
	idTag := ""
	if id != "" {
		idTag = "<wp:comment_id>" + id + "</wp:comment_id>"
	}
	return fmt.Sprintf(`<wp:comment>%s<wp:comment_author>%s</wp:comment_author><wp:comment_content>%s</wp:comment_content>`+
		`<wp:comment_approved>1</wp:comment_approved><wp:comment_date_gmt>2024-05-03 03:00:00</wp:comment_date_gmt>`+
		`<wp:comment_parent>%s</wp:comment_parent></wp:comment>`, idTag, author, text, parent)
}

// TestCommentsOfAnItem: an item's comments, written together, keep their
// threads and their import map, so that importing the file again changes
// only what changed; an id given twice in one item, or none, loses none.
func TestCommentsOfAnItem(t *testing.T) {
	ctx := context.Background()
	export := func(t *testing.T, editedText string, extra string) string {
		comments := commentXML("71", "Ani", "Pertama.", "0") + commentXML("72", "Budi", editedText, "71") +
			commentXML("", "Tanpa Nomor", "Tanpa id.", "0")
		// extra goes last: a comment without an id is known by its place.
		return wxrFile(t, "https://uji.example",
			strings.Replace(strings.Replace(postItem("1", "banjir", "sari", "<p>Isi.</p>", ""), "<wp:comment>", comments+"<wp:comment>", 1),
				"</item>", extra+"</item>", 1),
			strings.Replace(postItem("2", "kembar", "sari", "<p>Isi.</p>", ""), "<wp:comment>",
				commentXML("81", "Kembar Satu", "Satu.", "0")+commentXML("81", "Kembar Dua", "Dua.", "0")+"<wp:comment>", 1))
	}
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			byAuthor := func(t *testing.T, slug string) map[string]model.Comment {
				t.Helper()
				a, err := st.PublishedArticle(ctx, model.TypePost, slug)
				if err != nil {
					t.Fatal(err)
				}
				cs, err := st.AllComments(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				by := map[string]model.Comment{}
				for _, c := range cs {
					by[c.AuthorName] = c
				}
				return by
			}
			rep, err := Import(ctx, st, export(t, "Balasan.", ""), Options{})
			if err != nil {
				t.Fatal(err)
			}
			// banjir: Ani, Budi, Tanpa Nomor and postItem's own; kembar: the
			// id 81 written once and updated by its second copy, and postItem's.
			if rep.Imported["comment"] != 6 || rep.Updated["comment"] != 1 {
				t.Errorf("first import: imported %d, updated %d comments; want 6 and 1", rep.Imported["comment"], rep.Updated["comment"])
			}
			cs := byAuthor(t, "banjir")
			if len(cs) != 4 || cs["Budi"].ParentID != cs["Ani"].ID || cs["Ani"].ID == 0 || cs["Tanpa Nomor"].ID == 0 {
				t.Fatalf("banjir's comments %+v", cs)
			}
			if k := byAuthor(t, "kembar"); len(k) != 2 || k["Kembar Dua"].ID == 0 {
				t.Errorf("kembar's comments %+v: the second copy of id 81 should stand, once", k)
			}

			// Again, with Budi's reply edited and a new reply: one update,
			// one new comment, the rest unchanged.
			rep, err = Import(ctx, st, export(t, "Balasan yang diperbaiki.", commentXML("73", "Cici", "Baru.", "72")), Options{})
			if err != nil {
				t.Fatal(err)
			}
			// Updated: Budi's reply, and kembar's id 81 written by each of its
			// two copies again (each differs from what the other left).
			if rep.Imported["comment"] != 1 || rep.Updated["comment"] != 3 {
				t.Errorf("second import: imported %d, updated %d comments; want 1 and 3", rep.Imported["comment"], rep.Updated["comment"])
			}
			again := byAuthor(t, "banjir")
			if len(again) != 5 || again["Budi"].ID != cs["Budi"].ID || !strings.Contains(string(again["Budi"].Content), "diperbaiki") ||
				again["Cici"].ParentID != again["Budi"].ID || again["Tanpa Nomor"].ID != cs["Tanpa Nomor"].ID {
				t.Errorf("banjir's comments after the second import %+v", again)
			}
		})
	}
}
