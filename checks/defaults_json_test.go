package checks

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite defaults.json from defaults.yaml")

// TestDefaultsJSON: the embedded defaults.json, which Default decodes, is
// defaults.yaml parsed (and validated) by the rules file's parser, written
// as JSON: byte for byte, and decoded into the same rules, nil and empty
// lists and maps alike. -update writes it again after defaults.yaml changed.
func TestDefaultsJSON(t *testing.T) {
	want := parseDefaults()
	if err := want.Validate(); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("defaults.json", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b, defaultsJSON) {
		t.Fatal("defaults.json is not defaults.yaml: run go test ./checks -run TestDefaultsJSON -update")
	}
	if got := Default(); !reflect.DeepEqual(got, want) {
		t.Fatal("Default() decoded from defaults.json differs from defaults.yaml parsed")
	}
}
