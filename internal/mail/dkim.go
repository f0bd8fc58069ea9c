package mail

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/emersion/go-msgauth/dkim"

	"warta/internal/model"
)

// dkimSigner signs messages for the domain and selector the settings name.
type dkimSigner struct {
	opts dkim.SignOptions
}

// newDKIMSigner returns the signer the settings describe, or nil when they
// set no key. A key that does not parse is an error.
func newDKIMSigner(set model.Settings) (*dkimSigner, error) {
	if set.DKIMKey == "" || set.DKIMDomain == "" || set.DKIMSelector == "" {
		return nil, nil
	}
	key, err := ParseDKIMKey(set.DKIMKey)
	if err != nil {
		return nil, err
	}
	return &dkimSigner{opts: dkim.SignOptions{
		Domain:   set.DKIMDomain,
		Selector: set.DKIMSelector,
		Signer:   key,
		// Relaxed: a relay that rewraps a header or trims trailing space
		// does not break the signature.
		HeaderCanonicalization: dkim.CanonicalizationRelaxed,
		BodyCanonicalization:   dkim.CanonicalizationRelaxed,
		// Every header warta writes is signed, List-Unsubscribe and
		// List-Unsubscribe-Post among them, as RFC 8058 asks.
	}}, nil
}

// sign returns msg with a DKIM-Signature header in front.
func (s *dkimSigner) sign(msg []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := dkim.Sign(&out, bytes.NewReader(msg), &s.opts); err != nil {
		return nil, fmt.Errorf("DKIM signature: %w", err)
	}
	return out.Bytes(), nil
}

// ParseDKIMKey reads a DKIM private key in PEM: PKCS #1 or PKCS #8 RSA, or
// PKCS #8 Ed25519. The newsroom checks a key with it before storing it.
func ParseDKIMKey(pemText string) (crypto.Signer, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, errors.New("the DKIM key is not in PEM form (-----BEGIN PRIVATE KEY-----)")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("the DKIM key does not parse: %w", err)
	}
	switch k := k.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, fmt.Errorf("the DKIM key is a %T, not an RSA or Ed25519 key", k)
}
