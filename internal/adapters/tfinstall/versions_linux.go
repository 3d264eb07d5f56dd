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
