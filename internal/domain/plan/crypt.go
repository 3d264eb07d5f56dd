package plan

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
)

// A saved plan holds every value the plan read, secrets included, and a
// workflow artifact can be downloaded by anyone who can read the
// repository. Between the job that plans and the job that applies it
// travels encrypted with age (filippo.io/age): authenticated encryption,
// so a changed byte fails decryption instead of reaching terraform.

// encryptedPrefix starts every age file in its binary form.
const encryptedPrefix = "age-encryption.org/v1\n"

// Key encrypts saved plans to its recipients and decrypts them with its
// identities. It is parsed from one secret: the identity file age-keygen
// or `olympus plan-key` prints (comment lines are ignored).
type Key struct {
	identities []age.Identity
	recipients []age.Recipient
}

// ErrNotAKey is wrapped by ParseKey's errors. They never quote the value:
// it is a secret.
var ErrNotAKey = errors.New("not an age identity")

// ParseKey reads an age identity (AGE-SECRET-KEY-1… or the post-quantum
// AGE-SECRET-KEY-PQ-1…), one or more per line.
func ParseKey(secret string) (*Key, error) {
	ids, err := age.ParseIdentities(strings.NewReader(secret))
	if err != nil {
		// age's message names the line, never the key.
		return nil, fmt.Errorf("%w (%v); generate one with `olympus plan-key` or age-keygen and store the whole output as the secret", ErrNotAKey, err)
	}
	k := &Key{identities: ids}
	for _, id := range ids {
		switch id := id.(type) {
		case *age.X25519Identity:
			k.recipients = append(k.recipients, id.Recipient())
		case *age.HybridIdentity:
			k.recipients = append(k.recipients, id.Recipient())
		default:
			return nil, fmt.Errorf("%w: identity type %T cannot encrypt", ErrNotAKey, id)
		}
	}
	return k, nil
}

// NewKey makes a new post-quantum age identity and returns it with its
// recipient (public key).
func NewKey() (secret, recipient string, err error) {
	id, err := age.GenerateHybridIdentity()
	if err != nil {
		return "", "", err
	}
	return id.String(), id.Recipient().String(), nil
}

// Secrets are the strings of the key that must never be printed.
func (k *Key) Secrets() []string {
	var out []string
	for _, id := range k.identities {
		if s, ok := id.(fmt.Stringer); ok {
			out = append(out, s.String())
		}
	}
	return out
}

// Encrypt writes src, encrypted to the key's recipients, to dst.
func (k *Key) Encrypt(dst io.Writer, src io.Reader) error {
	w, err := age.Encrypt(dst, k.recipients...)
	if err != nil {
		return fmt.Errorf("failed to encrypt the plan: %w", err)
	}
	if _, err := io.Copy(w, src); err != nil {
		return fmt.Errorf("failed to encrypt the plan: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("failed to encrypt the plan: %w", err)
	}
	return nil
}

// ErrUndecryptable is wrapped when a file is not age-encrypted for this
// key, or was changed after it was encrypted.
var ErrUndecryptable = errors.New("cannot be decrypted with this key")

// Decrypt writes the plaintext of src to dst. Nothing is written unless
// the header opens with the key; a changed byte later in the file stops
// the copy with an error, so the caller must discard dst on error.
func (k *Key) Decrypt(dst io.Writer, src io.Reader) error {
	r, err := age.Decrypt(src, k.identities...)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUndecryptable, err)
	}
	if _, err := io.Copy(dst, r); err != nil {
		return fmt.Errorf("%w: %v", ErrUndecryptable, err)
	}
	return nil
}

// Encrypted reports whether r starts like an age file; it reads only the
// first line. Terraform's saved plans are zip files, which never do.
func Encrypted(r io.Reader) bool {
	line, err := bufio.NewReaderSize(r, 64).ReadSlice('\n')
	return err == nil && bytes.Equal(line, []byte(encryptedPrefix))
}
