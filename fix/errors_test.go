package fix

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aecheck/aecheck/checks"
	"github.com/aecheck/aecheck/internal/i18n"
)

// TestWriteErrorsInSellersLanguage: the errors fix itself raises are in
// the language of the rules, with the file names in them; English stays
// the code's own text.
func TestWriteErrorsInSellersLanguage(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "catalog.csv")
	data, err := os.ReadFile(filepath.Join(samples, "catalog.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "fr", "zh", "es"} {
		tr := i18n.For(lang)
		for _, tc := range []struct {
			name    string
			in, out string
			msg     string
			args    []any
		}{
			{"stdin", "-", filepath.Join(dir, "out.csv"), errStdin, nil},
			{"no copy named", in, "", errNoOut, nil},
			{"copy over the input", in, in, errSame, []any{in, in}},
			{"copy over the input through ..", in, filepath.Join(dir, "sub", "..", "catalog.csv"), errSame, []any{filepath.Join(dir, "sub", "..", "catalog.csv"), in}},
		} {
			want := tr.Sprintf(tc.msg, tc.args...)
			rules := checks.Default()
			rules.Language = lang
			_, err := Write(context.Background(), Config{In: tc.in, Out: tc.out, Options: Options{Rules: rules}})
			if err == nil {
				t.Errorf("%s %s: no error", lang, tc.name)
				continue
			}
			if err.Error() != want {
				t.Errorf("%s %s: error %q, want %q", lang, tc.name, err, want)
			}
			if lang != "en" && want == i18n.For("en").Sprintf(tc.msg, tc.args...) {
				t.Errorf("%s %s: the message is not translated", lang, tc.name)
			}
		}
	}
}
