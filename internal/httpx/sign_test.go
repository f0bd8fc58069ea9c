package httpx_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"warta/internal/httpx"
)

func TestSigner(t *testing.T) {
	ctx := t.Context()
	key := func(k string) func(context.Context) ([]byte, error) {
		return func(context.Context) ([]byte, error) { return []byte(k), nil }
	}
	s := httpx.NewSigner(key("rahasia situs"))
	v, err := s.Sign(ctx, "pending", "12-15")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "12-15.") {
		t.Errorf("signed value %q does not carry its message", v)
	}
	t.Run("the site reads back what it signed", func(t *testing.T) {
		if msg, ok := s.Verify(ctx, "pending", v); !ok || msg != "12-15" {
			t.Errorf("Verify(%q) = %q, %v", v, msg, ok)
		}
		again := httpx.NewSigner(key("rahasia situs")) // another instance, same secret
		if _, ok := again.Verify(ctx, "pending", v); !ok {
			t.Error("another instance with the same secret refused the value")
		}
	})
	sig := v[strings.LastIndexByte(v, '.')+1:]
	for _, tc := range []struct{ name, purpose, value string }{
		{"a changed message is refused", "pending", "12-16." + sig},
		{"a value signed for another use is refused", "trap", v},
		{"a made-up signature is refused", "pending", "12-15.AAAAAAAAAAAAAAAAAAAAAAAA"},
		{"a value without a signature is refused", "pending", "12-15"},
		{"an empty value is refused", "pending", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if msg, ok := s.Verify(ctx, tc.purpose, tc.value); ok {
				t.Errorf("Verify(%q, %q) accepted %q", tc.purpose, tc.value, msg)
			}
		})
	}
	t.Run("another site's secret does not verify", func(t *testing.T) {
		if _, ok := httpx.NewSigner(key("situs lain")).Verify(ctx, "pending", v); ok {
			t.Error("accepted under another secret")
		}
	})
	t.Run("without a secret nothing is signed or accepted, and the secret is asked again", func(t *testing.T) {
		calls := 0
		broken := httpx.NewSigner(func(context.Context) ([]byte, error) {
			calls++
			if calls == 1 {
				return nil, errors.New("database down")
			}
			return []byte("rahasia situs"), nil
		})
		if _, err := broken.Sign(ctx, "pending", "1"); err == nil {
			t.Error("signed without a secret")
		}
		if _, ok := broken.Verify(ctx, "pending", v); !ok {
			t.Error("the secret was not loaded again after a failure")
		}
	})
}
