package model

import (
	"strings"
	"testing"
)

// menuOf builds a menu from "label:depth" items, ids 1, 2, …; shape writes
// it back the same way, so a test reads as the editor's screen does.
func menuOf(spec string) *Menu {
	m := &Menu{}
	for i, f := range strings.Fields(spec) {
		label, depth, _ := strings.Cut(f, ":")
		m.Items = append(m.Items, MenuItem{ID: int64(i + 1), Label: label, Depth: int(depth[0] - '0')})
	}
	return m
}

func shape(m *Menu) string {
	var parts []string
	for _, it := range m.Items {
		parts = append(parts, it.Label+":"+string(rune('0'+it.Depth)))
	}
	return strings.Join(parts, " ")
}

func TestMenuApply(t *testing.T) {
	tests := []struct {
		name, menu, op string
		id             int64
		want           string
		changed        bool
	}{
		{"up takes the children along", "a:0 b:0 c:1 d:0", MenuUp, 2, "b:0 c:1 a:0 d:0", true},
		{"up passes a sibling's children", "a:0 x:1 b:0", MenuUp, 3, "b:0 a:0 x:1", true},
		{"the first cannot go up", "a:0 b:0", MenuUp, 1, "a:0 b:0", false},
		{"a first child cannot go up out of its parent", "a:0 b:1", MenuUp, 2, "a:0 b:1", false},
		{"down passes the next sibling with its children", "a:0 x:1 b:0 y:1 c:0", MenuDown, 1, "b:0 y:1 a:0 x:1 c:0", true},
		{"the last cannot go down", "a:0 b:0", MenuDown, 2, "a:0 b:0", false},
		{"a last child cannot go down out of its parent", "a:0 b:1 c:0", MenuDown, 2, "a:0 b:1 c:0", false},
		{"indent makes a child of the sibling above", "a:0 b:0 c:1", MenuIndent, 2, "a:0 b:1 c:2", true},
		{"the first cannot be indented", "a:0 b:0", MenuIndent, 1, "a:0 b:0", false},
		{"nothing goes deeper than the limit", "a:0 b:1 c:2 d:2", MenuIndent, 4, "a:0 b:1 c:2 d:2", false},
		{"outdent places the item after its parent's children", "a:0 b:1 c:1 d:0", MenuOutdent, 2, "a:0 c:1 b:0 d:0", true},
		{"outdent takes the children along", "a:0 b:1 c:2 d:0", MenuOutdent, 2, "a:0 b:0 c:1 d:0", true},
		{"a top item cannot be outdented", "a:0", MenuOutdent, 1, "a:0", false},
		{"delete takes the children along", "a:0 b:1 c:2 d:0", MenuDelete, 2, "a:0 d:0", true},
		{"an unknown id changes nothing", "a:0", MenuDelete, 9, "a:0", false},
		{"an unknown op changes nothing", "a:0 b:0", "sideways", 2, "a:0 b:0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := menuOf(tt.menu)
			changed := m.Apply(tt.op, tt.id)
			if got := shape(m); got != tt.want || changed != tt.changed {
				t.Errorf("%s %d on %q = %q (changed %v), want %q (changed %v)", tt.op, tt.id, tt.menu, got, changed, tt.want, tt.changed)
			}
		})
	}
}

func TestMenuNormalize(t *testing.T) {
	m := menuOf("a:1 b:2 c:2 d:2 e:0 f:2")
	m.Items[3].Depth = 7
	m.Normalize()
	if got := shape(m); got != "a:0 b:1 c:2 d:2 e:0 f:1" {
		t.Errorf("normalized %q", got)
	}
}
