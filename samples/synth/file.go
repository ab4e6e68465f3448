package synth

import (
	"bufio"
	"io"
	"os"
)

// WriteFile creates path and writes it with write through a 1 MB buffer,
// closing the file on every path; the generators and the bench write
// their inputs with it.
func WriteFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
