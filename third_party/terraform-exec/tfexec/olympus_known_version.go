// Added to terraform-exec (MPL-2.0) by Olympus; see
// README.olympus.md at the root of this copy.

package tfexec

import "github.com/hashicorp/go-version"

// SetKnownVersion records the version of the binary this Terraform runs,
// when the caller already knows it (it installed or verified that binary,
// or read its version before): the commands that depend on the version
// then use it instead of running `terraform version -json` first. Version
// with skipCache still runs the command. The provider versions are left
// unknown until such a run.
func (tf *Terraform) SetKnownVersion(v *version.Version) {
	tf.versionLock.Lock()
	defer tf.versionLock.Unlock()
	tf.execVersion = v
}
