package plan

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"
)

func TestKeyRoundTripsAPlanAndRefusesAnythingElse(t *testing.T) {
	secret, _, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	// age-keygen's output, comments included, is accepted as it is.
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{
		"post-quantum": secret,
		"age-keygen":   "# created: 2026-01-01T00:00:00Z\n# public key: " + x.Recipient().String() + "\n" + x.String() + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			k, err := ParseKey(s)
			if err != nil {
				t.Fatal(err)
			}
			plain := []byte("PK\x03\x04 a saved plan with a secret: hunter2")
			var enc bytes.Buffer
			if err := k.Encrypt(&enc, bytes.NewReader(plain)); err != nil {
				t.Fatal(err)
			}
			if !Encrypted(bytes.NewReader(enc.Bytes())) || Encrypted(bytes.NewReader(plain)) {
				t.Errorf("Encrypted cannot tell the ciphertext from the plan")
			}
			if bytes.Contains(enc.Bytes(), []byte("hunter2")) {
				t.Errorf("the ciphertext holds the plaintext")
			}
			var dec bytes.Buffer
			if err := k.Decrypt(&dec, bytes.NewReader(enc.Bytes())); err != nil || !bytes.Equal(dec.Bytes(), plain) {
				t.Fatalf("decrypt: %v, %q", err, dec.Bytes())
			}

			// One changed byte anywhere is refused.
			for _, at := range []int{len(encryptedPrefix) + 10, enc.Len() - 5} {
				bad := bytes.Clone(enc.Bytes())
				bad[at] ^= 1
				if err := k.Decrypt(&bytes.Buffer{}, bytes.NewReader(bad)); !errors.Is(err, ErrUndecryptable) {
					t.Errorf("a byte changed at %d: err = %v", at, err)
				}
			}
			// Another key cannot open it.
			other, _, _ := NewKey()
			ok, _ := ParseKey(other)
			if err := ok.Decrypt(&bytes.Buffer{}, bytes.NewReader(enc.Bytes())); !errors.Is(err, ErrUndecryptable) {
				t.Errorf("another key: err = %v", err)
			}
			// A plaintext plan is not an encrypted one.
			if err := k.Decrypt(&bytes.Buffer{}, bytes.NewReader(plain)); !errors.Is(err, ErrUndecryptable) {
				t.Errorf("plaintext: err = %v", err)
			}
			if got := k.Secrets(); len(got) != 1 || !strings.HasPrefix(got[0], "AGE-SECRET-KEY-") {
				t.Errorf("Secrets() = %d strings", len(got))
			}
		})
	}
}

func TestParseKeyNeverQuotesTheValue(t *testing.T) {
	for _, s := range []string{"", "AGE-SECRET-KEY-1NOTAKEYATALL", "hunter2-passphrase"} {
		_, err := ParseKey(s)
		if !errors.Is(err, ErrNotAKey) {
			t.Errorf("ParseKey(%q) = %v, want ErrNotAKey", s, err)
			continue
		}
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("the error quotes the secret: %v", err)
		}
	}
}
