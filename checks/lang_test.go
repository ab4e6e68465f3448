package checks

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/internal/i18n"
)

// TestDataTextsTranslated: every complete language of the catalogue has
// the names and reasons of the default data that messages show (product
// kinds, CE groups, REP streams, list reasons), as it has the code's texts.
// With AECHECK_DUMP_DATA=file the missing ones are written there as
// entries to translate.
func TestDataTextsTranslated(t *testing.T) {
	texts := DataTexts()
	if len(texts) < 50 {
		t.Fatalf("only %d data texts: DataTexts is broken", len(texts))
	}
	for _, l := range i18n.Languages() {
		if l.Code == i18n.English || !l.Complete {
			continue
		}
		tr := i18n.For(l.Code)
		var missing []string
		for _, s := range texts {
			if !tr.Has(s) {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s lacks the translation of %d data texts, such as %q", l.Code, len(missing), missing[0])
			if f := os.Getenv("AECHECK_DUMP_DATA"); f != "" {
				var b strings.Builder
				for _, m := range missing {
					b.WriteString("  - en: " + strconv.Quote(m) + "\n    tr: " + strconv.Quote(m) + "\n")
				}
				os.WriteFile(f+"."+l.Code, []byte(b.String()), 0o644)
			}
		}
	}
}
