package tfinstall

import (
	"fmt"
	"os"
	"syscall"
)

// fileIdentity is the device, inode and change time of a file.
func fileIdentity(st os.FileInfo) (string, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%d:%d:%d.%09d", sys.Dev, sys.Ino, sys.Ctim.Sec, sys.Ctim.Nsec), true
}

// private reports whether dir is a directory (not a link) of this user's
// that no one else can write.
func private(dir string) bool {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() || st.Mode().Perm()&0o022 != 0 {
		return false
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(sys.Uid) == os.Geteuid()
}
