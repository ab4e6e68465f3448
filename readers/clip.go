package readers

// MaxValue is the longest raw value a problem or finding carries, in bytes;
// a longer one is cut on a character boundary and marked with "…", so a
// 10 MB cell never ends up in a report.
const MaxValue = 300

// ClipValue keeps a raw value short enough for a report.
func ClipValue(s string) string {
	if len(s) <= MaxValue {
		return s
	}
	i := MaxValue
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// short cuts a value quoted in a message to 40 characters, trimmed: the
// catalog, order and account readers quote a bad cell with it.
func short(s string) string {
	s = Trim(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
