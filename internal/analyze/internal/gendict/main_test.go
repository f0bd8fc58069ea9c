package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestRoots(t *testing.T) {
	dic := "9\nabadi/DkMkO0k0nl\nAllah/Kanlnlo0\naba-aba\nabad/i0\nab\nagentif \nbersutM0\nabadi\nawat/B0\nkg.\ntahan/B0D0\tpo:verb\n"
	got, err := roots(strings.NewReader(dic))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"abad", "abadi", "agentif", "tahan"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("roots = %q, want %q (flags, proper nouns, hyphens, short words, junk and shadowing roots dropped)", got, want)
	}
}
