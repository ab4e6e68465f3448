// Package i18n is aecheck's message catalogue: every text a seller reads, in
// the seller's language.
//
// The English text in the code is the message's id, as in gettext and
// golang.org/x/text/message: a check reports "the title has %d characters"
// and the French file holds the French for that id. Translators edit one
// file per language under locales/ (embedded at build time) and never Go
// code; a language is complete when its file says so, and a message missing
// from a file falls back to English, message by message.
//
// A Printer is safe for concurrent use. The English Printer formats with
// fmt and looks nothing up, so the English path costs what it did before
// the catalogue existed.
package i18n

import (
	"embed"
	"fmt"
	"hash/crc32"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
	"gopkg.in/yaml.v3"
)

// English is the language of the code, and the one used when no other is
// chosen or a message has no translation.
const English = "en"

//go:embed locales/*.yaml
var localeFS embed.FS

// File is one language's message file as translators write it.
type File struct {
	Lang     string  `yaml:"lang"`     // "fr", "zh", "es"
	Name     string  `yaml:"name"`     // the language's own name: "Français"
	Tag      string  `yaml:"tag"`      // BCP 47 tag for number formats, e.g. "zh-Hans"; "" means Lang
	Complete bool    `yaml:"complete"` // every message is translated; a test holds it to that
	Messages []Entry `yaml:"messages"`
}

// Entry is one message: the English text of the code and its translation.
// A message whose wording depends on a count gives One and Other instead
// of Text, and Plural names the argument (1-based) that decides.
type Entry struct {
	En     string `yaml:"en"`
	Text   string `yaml:"tr"`
	Plural int    `yaml:"plural"`
	One    string `yaml:"one"`
	Other  string `yaml:"other"`
}

// Printer renders messages in one language.
type Printer struct {
	lang string
	name string
	msgs map[string]string // plain texts: English -> translation
	mp   *message.Printer  // nil for English
}

var english = &Printer{lang: English, name: "English"}

// catalogue holds, per language code (the name of its message file), the
// file parsed and its Printer, each parsed on first use: a run in one
// language parses that language's file alone.
var catalogue = sync.OnceValue(func() map[string]func() loaded {
	m := map[string]func() loaded{}
	names, _ := fs.Glob(localeFS, "locales/*.yaml")
	for _, n := range names {
		m[strings.TrimSuffix(path.Base(n), ".yaml")] = sync.OnceValue(func() loaded { return loadFile(n) })
	}
	return m
})

// loaded is one message file parsed, or why it is not.
type loaded struct {
	f   *File
	p   *Printer
	err error
}

// loadFile reads and parses the embedded message file n.
func loadFile(n string) loaded {
	b, err := localeFS.ReadFile(n)
	if err != nil {
		return loaded{err: err}
	}
	f := generated(n, b)
	if f == nil {
		f, err = ParseFile(b)
	}
	if err == nil && f.Lang != strings.TrimSuffix(path.Base(n), ".yaml") {
		err = fmt.Errorf("lang %q in a file named for another", f.Lang)
	}
	if err != nil {
		return loaded{err: fmt.Errorf("%s: %w", path.Base(n), err)}
	}
	p, err := f.printer()
	if err != nil {
		return loaded{err: fmt.Errorf("%s: %w", path.Base(n), err)}
	}
	return loaded{f: f, p: p}
}

// generatedFile is a message file already parsed (files_gen.go, which
// TestFilesGo writes from locales/): parsing the YAML of one takes longer
// than checking a small catalog.
type generatedFile struct {
	sum uint32 // CRC-32 of the file it was made from
	f   File
}

// generated returns message file n, whose bytes are data, from
// files_gen.go when it was made from these bytes; nil otherwise.
func generated(n string, data []byte) *File {
	code := strings.TrimSuffix(path.Base(n), ".yaml")
	for i := range generatedFiles {
		if g := &generatedFiles[i]; g.f.Lang == code && g.sum == crc32.ChecksumIEEE(data) {
			return &g.f
		}
	}
	return nil
}

// lookup returns the parsed message file of language code, nil when
// there is none or it does not parse.
func lookup(code string) *loaded {
	if load, ok := catalogue()[code]; ok {
		if l := load(); l.err == nil {
			return &l
		}
	}
	return nil
}

// ParseFile parses a message file.
func ParseFile(b []byte) (*File, error) {
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if f.Lang == "" {
		return nil, fmt.Errorf("no lang")
	}
	seen := map[string]bool{}
	for i, e := range f.Messages {
		if e.En == "" {
			return nil, fmt.Errorf("message %d has no en text", i+1)
		}
		if seen[e.En] {
			return nil, fmt.Errorf("message %q is given twice", clip(e.En))
		}
		seen[e.En] = true
		if e.Text == "" && (e.One == "" || e.Other == "" || e.Plural < 1) {
			return nil, fmt.Errorf("message %q has no tr text (or plural with one and other)", clip(e.En))
		}
	}
	return &f, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func (f *File) printer() (*Printer, error) {
	t := f.Tag
	if t == "" {
		t = f.Lang
	}
	tag, err := language.Parse(t)
	if err != nil {
		return nil, fmt.Errorf("tag %q: %w", t, err)
	}
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	p := &Printer{lang: f.Lang, name: f.Name, msgs: make(map[string]string, len(f.Messages))}
	for _, e := range f.Messages {
		if e.Text != "" {
			p.msgs[e.En] = e.Text
			err = b.SetString(tag, e.En, e.Text)
		} else {
			p.msgs[e.En] = e.Other
			err = b.Set(tag, e.En, plural.Selectf(e.Plural, "", "one", e.One, "other", e.Other))
		}
		if err != nil {
			return nil, fmt.Errorf("message %q: %w", clip(e.En), err)
		}
	}
	p.mp = message.NewPrinter(tag, message.Catalog(b))
	return p, nil
}

// For returns the Printer of lang ("fr", "fr_FR.UTF-8", "zh-Hans"…); an
// unknown or empty lang gives English.
func For(lang string) *Printer {
	// English is the code's own text: a run in English parses no message
	// file, which would cost more than checking a small catalog.
	n := Normalize(lang)
	if n == "" || n == English {
		return english
	}
	if l := lookup(n); l != nil {
		return l.p
	}
	return english
}

// Err reports a message file that does not parse; For then gives English
// for that language. Tests call it.
func Err() error {
	c := catalogue()
	for _, code := range slices.Sorted(maps.Keys(c)) {
		if l := c[code](); l.err != nil {
			return l.err
		}
	}
	return nil
}

// Lang returns the printer's language code, such as "fr".
func (p *Printer) Lang() string {
	if p == nil {
		return English
	}
	return p.lang
}

// Name returns the language's name in itself, such as "Français".
func (p *Printer) Name() string {
	if p == nil {
		return english.name
	}
	return p.name
}

// IsEnglish reports whether p renders the code's own texts.
func (p *Printer) IsEnglish() bool { return p == nil || p.mp == nil }

// T returns the translation of the fixed text s, or s when it has none.
func (p *Printer) T(s string) string {
	if p == nil || p.mp == nil {
		return s
	}
	if t, ok := p.msgs[s]; ok {
		return t
	}
	return s
}

// Sprintf formats the translation of format with args, numbers as the
// language writes them (1 234,5 in French). English is fmt.Sprintf.
func (p *Printer) Sprintf(format string, args ...any) string {
	if p == nil || p.mp == nil {
		return fmt.Sprintf(format, args...)
	}
	return p.mp.Sprintf(format, args...)
}

// Has reports whether the language has its own text for the message.
func (p *Printer) Has(s string) bool {
	if p == nil || p.mp == nil {
		return true
	}
	_, ok := p.msgs[s]
	return ok
}

// Language describes one language of the catalogue.
type Language struct {
	Code     string
	Name     string
	Complete bool
}

// Languages lists the languages of the catalogue, English first.
func Languages() []Language {
	out := []Language{{Code: English, Name: english.name, Complete: true}}
	for _, c := range slices.Sorted(maps.Keys(catalogue())) {
		if l := lookup(c); l != nil {
			out = append(out, Language{Code: c, Name: l.f.Name, Complete: l.f.Complete})
		}
	}
	return out
}

// Codes returns the language codes, English first, for help texts. They
// are the names of the message files, which are not parsed: every run
// shows them in the help of --lang, and a run in English needs no file.
func Codes() []string {
	names, _ := fs.Glob(localeFS, "locales/*.yaml")
	cs := []string{English}
	for _, n := range names {
		cs = append(cs, strings.TrimSuffix(path.Base(n), ".yaml"))
	}
	return cs
}

// Messages returns the entries of a language's file, for tests and tools.
func Messages(lang string) []Entry {
	if l := lookup(lang); l != nil {
		return l.f.Messages
	}
	return nil
}

// Normalize turns a language as users and locales write it into a code of
// the catalogue: "fr_FR.UTF-8" and "FR" give "fr", "zh_CN" and "zh-Hans"
// give "zh". It returns "" when the language is not in the catalogue.
func Normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexAny(s, "_-"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "", "c", "posix":
		return ""
	case "chinese", "cn", "zho", "chi":
		s = "zh"
	case "english":
		s = English
	}
	if s == English {
		return s // needs no message file
	}
	if lookup(s) != nil {
		return s
	}
	return ""
}

// Choose picks the language of a run: the --lang flag, else the rules
// file's language, else LC_ALL, LC_MESSAGES or LANG from getenv, else
// English. A flag or rules value that is not in the catalogue is an error;
// a locale that is not falls through to the next one, as a seller's
// system locale is not a choice made for aecheck.
func Choose(flag, rules string, getenv func(string) string) (string, error) {
	for _, v := range []struct{ from, val string }{{"--lang", flag}, {"language", rules}} {
		if strings.TrimSpace(v.val) == "" {
			continue
		}
		if c := Normalize(v.val); c != "" {
			return c, nil
		}
		return English, fmt.Errorf("%s %q: aecheck speaks %s", v.from, v.val, strings.Join(Codes(), ", "))
	}
	if getenv != nil {
		for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			v := getenv(k)
			if v == "" {
				continue
			}
			// POSIX: the first variable that is set decides, even when
			// aecheck does not speak its language.
			if c := Normalize(v); c != "" {
				return c, nil
			}
			return English, nil
		}
	}
	return English, nil
}

// N marks s as a message of the catalogue where it is defined (in a table)
// and returns it unchanged: the text is translated where it is shown, with
// T. The catalogue test finds messages by these calls, as gettext's N_.
func N(s string) string { return s }
