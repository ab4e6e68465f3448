package checks

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aecheck/aecheck/internal/swar"
)

// span is a token: bytes [s, e) of tokens.buf.
type span struct{ s, e int32 }

// tokens is a folded text split into words. Latin, Greek, Cyrillic... words
// are lower-cased and stripped of accents; CJK runs are kept whole (Chinese
// has no spaces, so its terms match as substrings of a run).
type tokens struct {
	// buf holds the words and CJK runs in the order of the text, each
	// followed by a space: a text without CJK is in it as hasher.tokens
	// writes it for a key.
	buf   []byte
	spans []span // words
	cjk   []span // CJK runs
	src   []span // for each word, its bytes in the text given to add
	csrc  []span // for each CJK run, its bytes in the text given to add

	// hashes holds wordHashAt of the first len(hashes) words, for whoever
	// needs them next (see hashWords).
	hashes []uint64
}

func (t *tokens) reset() {
	t.hashes = t.hashes[:0]
	t.buf = t.buf[:0]
	t.spans = t.spans[:0]
	t.cjk = t.cjk[:0]
	t.src = t.src[:0]
	t.csrc = t.csrc[:0]
}

// hashWords returns wordHashAt of every word, working out only those not
// hashed yet.
func (t *tokens) hashWords() []uint64 {
	for i := len(t.hashes); i < len(t.spans); i++ {
		t.hashes = append(t.hashes, wordHashAt(t.buf, int(t.spans[i].s), int(t.spans[i].e)))
	}
	return t.hashes
}

func (t *tokens) word(i int) string { s := t.spans[i]; return string(t.buf[s.s:s.e]) }

func (t *tokens) words() []string {
	w := make([]string, len(t.spans))
	for i := range t.spans {
		w[i] = t.word(i)
	}
	return w
}

// add tokenises s. With html set, markup (<...>) and entities (&...;) are
// skipped, as in a Shopify "Body (HTML)" description.
//
// The src and csrc spans of the words and runs found by this call index s;
// they are meaningful only when the tokens were reset before the call.
func (t *tokens) add(s string, html bool) {
	i := 0
	if !html {
		if i = t.addASCII(s); i == len(s) {
			return
		}
	}
	t.addFrom(s, html, i)
}

// addASCII tokenises the leading ASCII part of s as add does without markup,
// in one tight loop (a title is ASCII as a rule): it returns the index of the
// first byte it left to addFrom, len(s) when it did it all. It stops at the
// first byte that is not ASCII, or at the start of the word that byte is in,
// with everything before tokenised as add would; at that point add's state
// is "between words", so addFrom carries on from there.
func (t *tokens) addASCII(s string) int {
	// Room for every byte and a space after each word, made once, and for
	// an eight-byte store at the end of the last word; room for as many
	// words as s can hold, so that a word is written without append's
	// checks.
	if room := len(s) + len(s)/2 + 9; cap(t.buf)-len(t.buf) < room {
		t.buf = slices.Grow(t.buf, room)
	}
	most := len(s)/2 + 1
	// The words' hashes are worked out here, while the word is at hand;
	// earlier words still unhashed are hashed first (see hashWords).
	if len(t.hashes) != len(t.spans) {
		t.hashWords()
	}
	t.spans, t.src, t.hashes = slices.Grow(t.spans, most), slices.Grow(t.src, most), slices.Grow(t.hashes, most)
	b := t.buf[:cap(t.buf)]
	n, k := len(t.buf), len(t.spans)
	spans, src, hs := t.spans[:cap(t.spans)], t.src[:cap(t.src)], t.hashes[:cap(t.hashes)]
	i := 0
words:
	for i < len(s) {
		c := s[i]
		if !asciiWord[c] {
			if c >= utf8.RuneSelf {
				break
			}
			i++
			continue
		}
		ws, start := i, n
		// A word is found, copied in lower case and hashed eight bytes at
		// a time: each load of s is stored once, ORed with 0x20 (which
		// lower-cases letters and leaves digits alone; the bytes past the
		// word's end are overwritten by the space and the next word), and
		// the hash is taken from the loads, not from the copy just stored,
		// which a load right after the store would wait for. wordHash ORs
		// each byte with 0x20, so s's bytes hash as their lower case. A
		// word that runs into a byte that is not ASCII ("café") is left to
		// addFrom, from its start.
		var h uint64
		if i+8 <= len(s) {
			x := swar.Load8(s[i : i+8])
			if stop := notAlnum8(x); stop != 0 {
				// A word shorter than eight bytes (most are), written out
				// on its own: the loop's other paths keep more values
				// live, which the compiler would spill on this one too.
				w := bits.TrailingZeros64(stop) >> 3
				next := byte(x >> (8 * uint(w)))
				if next >= utf8.RuneSelf {
					break
				}
				x &= 1<<(8*uint(w)) - 1
				binary.LittleEndian.PutUint64(b[n:n+8], x|0x2020202020202020)
				spans[k], src[k], hs[k] = span{int32(n), int32(n + w)}, span{int32(i), int32(i + w)}, mixWord(x, 0, w)
				k++
				b[n+w] = ' '
				n, i = n+w+1, i+w
				if next == ' ' {
					// The space after the word (the usual separator)
					// is skipped here rather than by a turn of the loop.
					i++
				}
				continue
			} else {
				first := x
				for {
					binary.LittleEndian.PutUint64(b[n:n+8], x|0x2020202020202020)
					n, i = n+8, i+8
					if i+8 > len(s) {
						for i < len(s) && asciiWord[s[i]] {
							b[n] = s[i] | 0x20
							n, i = n+1, i+1
						}
						if i < len(s) && s[i] >= utf8.RuneSelf {
							i, n = ws, start
							break words
						}
						break
					}
					x = swar.Load8(s[i : i+8])
					if stop := notAlnum8(x); stop != 0 {
						w := bits.TrailingZeros64(stop) >> 3
						if x>>(8*uint(w))&0x80 != 0 {
							i, n = ws, start
							break words
						}
						binary.LittleEndian.PutUint64(b[n:n+8], x|0x2020202020202020)
						n, i = n+w, i+w
						break
					}
				}
				h = mixWord(first, swar.Load8(s[i-8:i]), i-ws)
			}
		} else {
			for i < len(s) && asciiWord[s[i]] {
				b[n] = s[i] | 0x20
				n, i = n+1, i+1
			}
			if i < len(s) && s[i] >= utf8.RuneSelf {
				i, n = ws, start
				break
			}
			h = wordHash(s[ws:i])
		}
		spans[k], src[k], hs[k] = span{int32(start), int32(n)}, span{int32(ws), int32(i)}, h
		k++
		b[n] = ' '
		n++
	}
	t.buf, t.spans, t.src, t.hashes = b[:n], spans[:k], src[:k], hs[:k]
	return i
}

// addFrom is add from byte i of s on, starting between words.
func (t *tokens) addFrom(s string, html bool, i int) {
	const none = -1
	start, cstart := int32(none), int32(none)
	sstart, csstart := int32(0), int32(0)
	endWord := func() {
		if start != none && int32(len(t.buf)) > start {
			t.spans = append(t.spans, span{start, int32(len(t.buf))})
			t.src = append(t.src, span{sstart, int32(i)})
			t.buf = append(t.buf, ' ')
		}
		start = none
	}
	endCJK := func() {
		if cstart != none && int32(len(t.buf)) > cstart {
			t.cjk = append(t.cjk, span{cstart, int32(len(t.buf))})
			t.csrc = append(t.csrc, span{csstart, int32(i)})
			t.buf = append(t.buf, ' ')
		}
		cstart = none
	}
	begin := func() {
		if start == none {
			start, sstart = int32(len(t.buf)), int32(i)
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case asciiWord[c]:
				// A run of ASCII letters and digits, lower-cased as it is
				// copied: digits and lower-case letters have bit 0x20 set
				// and upper-case letters do not, so setting it lower-cases
				// without a branch. The room for the rest of s is made
				// once, so the copy is a store per byte.
				endCJK()
				begin()
				n := len(t.buf)
				if cap(t.buf)-n < len(s)-i {
					t.buf = slices.Grow(t.buf, len(s)-i)
				}
				b := t.buf[:cap(t.buf)]
				for i < len(s) && asciiWord[s[i]] {
					b[n] = s[i] | 0x20
					n++
					i++
				}
				t.buf = b[:n]
				continue
			case html && c == '<':
				endWord()
				endCJK()
				if j := strings.IndexByte(s[i:], '>'); j > 0 && j < 2000 {
					i += j + 1
					continue
				}
			case html && c == '&':
				endWord()
				endCJK()
				if j := strings.IndexByte(s[i:], ';'); j > 1 && j < 10 {
					i += j + 1
					continue
				}
			default:
				endWord()
				endCJK()
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r < rune(len(foldTab)) && foldTab[r] != "":
			endCJK()
			begin()
			t.buf = append(t.buf, foldTab[r]...)
		case isCJK(r):
			endWord()
			if cstart == none {
				cstart, csstart = int32(len(t.buf)), int32(i)
			}
			t.buf = utf8.AppendRune(t.buf, r)
		case unicode.Is(unicode.Mn, r):
			// A combining accent: part of the word, dropped.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			endCJK()
			begin()
			t.buf = utf8.AppendRune(t.buf, unicode.ToLower(r))
		default:
			endWord()
			endCJK()
		}
		i += n
	}
	endWord()
	endCJK()
}
