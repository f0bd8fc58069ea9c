package store_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"warta/internal/model"
	"warta/internal/store/storetest"
)

// TestPasskeys: a user's passkeys are listed oldest first, found by the
// authenticator's credential id (a byte string, unique across users),
// updated after a sign-in and deleted only by their owner.
func TestPasskeys(t *testing.T) {
	for _, eng := range storetest.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			st := eng.New(t)
			ctx := t.Context()
			sari, budi := storetest.User(t, st, "Sari"), storetest.User(t, st, "Budi")
			now := time.Now()
			laptop := &model.Passkey{UserID: sari.ID, CredentialID: []byte{0, 1, 2, 0xff}, Name: "Laptop", Credential: `{"n":1}`, CreatedAt: now}
			phone := &model.Passkey{UserID: sari.ID, CredentialID: []byte{9, 9}, Name: "Ponsel", Credential: `{"n":2}`, CreatedAt: now}
			for _, p := range []*model.Passkey{laptop, phone} {
				if err := st.AddPasskey(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			again := &model.Passkey{UserID: budi.ID, CredentialID: []byte{0, 1, 2, 0xff}, Name: "x", Credential: "{}", CreatedAt: now}
			if err := st.AddPasskey(ctx, again); !errors.Is(err, model.ErrConflict) {
				t.Errorf("a credential id twice: %v, want a conflict", err)
			}
			list, err := st.Passkeys(ctx, sari.ID)
			if err != nil || len(list) != 2 || list[0].Name != "Laptop" || list[1].Name != "Ponsel" {
				t.Fatalf("Sari's passkeys: %+v, %v", list, err)
			}
			if other, _ := st.Passkeys(ctx, budi.ID); len(other) != 0 {
				t.Errorf("Budi has %d passkeys", len(other))
			}
			got, err := st.PasskeyByCredentialID(ctx, []byte{0, 1, 2, 0xff})
			if err != nil || got.ID != laptop.ID || !bytes.Equal(got.CredentialID, laptop.CredentialID) || !got.LastUsedAt.IsZero() {
				t.Fatalf("by credential id: %+v, %v", got, err)
			}
			if _, err := st.PasskeyByCredentialID(ctx, []byte{7}); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("an unknown credential: %v", err)
			}
			if err := st.UsePasskey(ctx, laptop.ID, `{"n":3}`, now); err != nil {
				t.Fatal(err)
			}
			if got, _ = st.PasskeyByCredentialID(ctx, laptop.CredentialID); got.Credential != `{"n":3}` || got.LastUsedAt.IsZero() {
				t.Errorf("after a sign-in: %+v", got)
			}
			if err := st.DeletePasskey(ctx, budi.ID, laptop.ID); !errors.Is(err, model.ErrNotFound) {
				t.Errorf("Budi deleted Sari's passkey: %v", err)
			}
			if err := st.DeletePasskey(ctx, sari.ID, laptop.ID); err != nil {
				t.Fatal(err)
			}
			if list, _ = st.Passkeys(ctx, sari.ID); len(list) != 1 || list[0].ID != phone.ID {
				t.Errorf("after deleting the laptop's: %+v", list)
			}
		})
	}
}
