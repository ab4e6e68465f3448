package checks

// The words of a title as the reading rules need them: where a match
// lies and how the title spells it, and the ratings among its words.

// bounds returns the positions where mt starts and ends.
func bounds(tk *tokens, mt match) (int32, int32) {
	if mt.cjk {
		return mt.s, mt.e
	}
	return tk.spans[mt.s].s, tk.spans[mt.e-1].e
}

// written returns the words of mt as the title spells them.
func written(tk *tokens, title string, mt match) string {
	if mt.cjk {
		for i, r := range tk.cjk {
			if r.s <= mt.s && mt.e <= r.e {
				s := tk.csrc[i].s + (mt.s - r.s)
				return title[s : s+(mt.e-mt.s)]
			}
		}
		return ""
	}
	return title[tk.src[mt.s].s:tk.src[mt.e-1].e]
}

// nextWord returns the position of the word after match mt; -1 at the end
// of the title.
func nextWord(tk *tokens, mt match) int32 {
	switch {
	case mt.cjk:
		return mt.e
	case int(mt.e) < len(tk.spans):
		return tk.spans[mt.e].s
	}
	return -1
}

// inSpans reports whether position pos lies in one of spans.
func inSpans(spans []span, pos int32) bool {
	for _, r := range spans {
		if r.s <= pos && pos < r.e {
			return true
		}
	}
	return false
}

// units finds the ratings of the product's own words: watts and volts
// make it powered ("2000W", "5 V"), mAh and Wh make it hold a battery
// ("3000mAh").
func (rc *recognizer) units(v *titleView, tk *tokens, title string) {
	n := len(tk.spans)
	for i, sp := range tk.spans {
		if sp.s >= v.ctx {
			return
		}
		// Most words start with a letter: one byte tells, before the
		// word is sliced or looked up in the masked ranges.
		if c := tk.buf[sp.s]; c < '0' || c > '9' || v.masked(sp.s) {
			continue
		}
		w := tk.buf[sp.s:sp.e]
		j := 0
		for j < len(w) && w[j] >= '0' && w[j] <= '9' {
			j++
		}
		unit, end := w[j:], i
		if len(unit) == 0 && i+1 < n {
			nx := tk.spans[i+1]
			if nx.s == sp.e+1 {
				unit, end = tk.buf[nx.s:nx.e], i+1
			}
		}
		pw, bat := unitKind(unit)
		if !pw && !bat || len(unit) == 1 && j <= 3 && i > 0 && rimSize(tk.buf[tk.spans[i-1].s:tk.spans[i-1].e]) {
			continue // "205/55 R16 91V": a tyre's load index and speed rating
		}
		if end == i && len(unit) == 1 && unit[0] == 'w' && viscosity(tk, title, i) {
			continue // "10W-40": an engine oil's viscosity grade
		}
		term := title[tk.src[i].s:tk.src[end].e]
		if pw && !v.power {
			v.power, v.powTerm = true, term
		}
		if bat && !v.battery {
			v.battery, v.batTerm = true, term
		}
	}
}

// viscosity reports whether word i ("10w") and the next ("40"), joined
// by a hyphen in the title, are an engine oil's viscosity grade.
func viscosity(tk *tokens, title string, i int) bool {
	if i+1 >= len(tk.spans) || tk.src[i].e >= int32(len(title)) || title[tk.src[i].e] != '-' || tk.src[i+1].s != tk.src[i].e+1 {
		return false
	}
	return isDigits(string(tk.buf[tk.spans[i+1].s:tk.spans[i+1].e]))
}

// unitKind says whether a folded unit is a power rating (W, V) or a
// battery capacity (mAh, Wh).
func unitKind(u []byte) (power, battery bool) {
	switch string(u) {
	case "w", "kw", "watt", "watts", "v", "kv", "volt", "volts", "vac", "vdc":
		return true, false
	case "mah", "wh", "ah":
		return true, true
	}
	return false, false
}

// rimSize reports whether a folded word is the rim size of a tyre size
// ("r16", "zr17", "55r16"), after which "91V" or "94W" is a load index
// and a speed rating, not volts or watts.
func rimSize(w []byte) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i < len(w) && w[i] == 'z' {
		i++
	}
	if i >= len(w) || w[i] != 'r' {
		return false
	}
	w = w[i+1:]
	return len(w) == 2 && w[0] >= '1' && w[0] <= '2' && w[1] >= '0' && w[1] <= '9'
}
