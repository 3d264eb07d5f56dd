package migrations

import (
	"fmt"
	"os"

	"github.com/tetratelabs/wazero"
	"github.com/wasilibs/go-pgquery/parser"
)

// SetCacheDir keeps the parser's compiled WebAssembly in dir, so that a
// process compiles libpg_query (about 2 s of CPU) only the first time and
// later ones read it back: call it before the first file is judged. dir
// belongs to the tools cache; what is in it is run as machine code, so
// only this program may write there. Without it, the parser compiles once
// a process.
func SetCacheDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("failed to create the parser cache %q: %w", dir, err)
	}
	c, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		return fmt.Errorf("failed to open the parser cache %q: %w", dir, err)
	}
	parser.SetCompilationCache(c)
	return nil
}
