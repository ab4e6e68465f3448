package readers

import (
	"errors"
	"fmt"
	"io/fs"
)

// FileError returns err, a failure to open, stat or read the file that
// name stands for, as "name: cause", naming the file once: the
// *fs.PathError of the os package names it too ("open x.csv: permission
// denied"), so only its cause is kept. A file that does not exist reads
// "name: file not found".
func FileError(name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: file not found", name)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", name, err)
}
