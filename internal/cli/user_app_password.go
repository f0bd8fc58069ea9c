package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"warta/internal/auth"
	"warta/internal/model"
	"warta/internal/store"
)

// appPassword makes, lists or revokes u's application passwords. A new
// password is printed once, grouped as WordPress shows it, on a line of its
// own after the line that names it, so a script can take the last line.
func appPassword(ctx context.Context, st *store.Store, w io.Writer, u *model.User, name string, list bool, revoke string) error {
	switch {
	case list:
		items, err := st.AppPasswords(ctx, u.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "UUID\tNAME\tCREATED\tLAST USED\tLAST IP")
		for _, p := range items {
			used, ip := "never", p.LastIP
			if !p.LastUsedAt.IsZero() {
				used = p.LastUsedAt.UTC().Format(time.RFC3339)
			}
			if ip == "" {
				ip = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.UUID, p.Name, p.CreatedAt.UTC().Format(time.RFC3339), used, ip)
		}
		return tw.Flush()
	case revoke != "":
		err := auth.RevokeAppPassword(ctx, st, u, revoke)
		if errors.Is(err, model.ErrNotFound) {
			return msg("cli.err.revoke_unknown", revoke, u.Login)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "revoked application password %s of %s\n", revoke, u.Login)
		return nil
	}
	p, pw, err := auth.CreateAppPassword(ctx, st, u, name, time.Now())
	var verr *model.ValidationError
	if errors.As(err, &verr) {
		return msg("cli.err.app_name_bad", msg(verr.Fields["name"]))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "application password %s (%s) for %s; it is shown only now:\n%s\n", p.Name, p.UUID, u.Login,
		auth.FormatAppPassword(pw))
	return nil
}
