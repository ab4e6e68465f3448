package checks

import (
	"strings"

	"github.com/aecheck/aecheck/readers"
)

// REPInvalid finds identifiers in the REP column that do not look valid.
var REPInvalid = &Check{
	ID: "rep-invalid",
	Doc: "identifier in the REP column does not look valid\n\n" +
		"A French REP unique identifier (IDU) starts with FR followed by 10 to 20 letters, digits, _ or -. " +
		"A wrong identifier is as good as none: AliExpress can block sales to France.",
	Fix:      "Copy the IDU exactly as your eco-organisation gave it, such as FR123456_01ABCD; write several as stream:IDU separated by ;.",
	Severity: Warning,
	Source:   "ext, uncertain: validate loosely",
	Run:      repInvalid,
}

func repInvalid(p *Pass, l *readers.Listing) {
	if !p.rep(l).invalid {
		return
	}
	it := repIter{rest: l.REP}
	for {
		stream, idu, ok := it.next()
		if !ok {
			return
		}
		switch {
		case stream != "" && p.run.streamIndex(stream) < 0:
			p.Reportf(l.At("rep"), l.REP, "%q is not a REP stream; use one of %s before the colon", stream, streamList(p.run.lists[listREP]))
		case idu == "":
			p.Reportf(l.At("rep"), l.REP, "the %s stream has no identifier after the colon", stream)
		case !validIDU(idu):
			p.Reportf(l.At("rep"), l.REP, "%q does not look like a REP identifier: it should start with FR followed by 10 to 20 letters, digits, _ or -", idu)
		}
	}
}

func streamList(es []ListEntry) string {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return strings.Join(ids, ", ")
}
