package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFlightInBinary: the command links no Arrow Flight, gRPC or
// protobuf. They come in through parquet/pqarrow, which imports Flight to
// serialise a schema; the Parquet writer and the history reader use
// parquet/file instead (docs/decisions.md), and an import of pqarrow
// outside the tests would bring back half of the binary's size.
func TestNoFlightInBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.Contains(p, "arrow/flight") || strings.Contains(p, "google.golang.org/grpc") ||
			strings.Contains(p, "google.golang.org/protobuf") || strings.HasSuffix(p, "parquet/pqarrow") {
			t.Errorf("the command links %s", p)
		}
	}
}
