package recognize

import "testing"

// TestSplitCamel: Amazon-style levels run words together; an acronym
// ends where a word starts, a plural acronym stays whole.
func TestSplitCamel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SmallKitchenAppliances", "Small Kitchen Appliances"},
		{"Cases&Covers", "Cases Covers"},
		{"TVMounts", "TV Mounts"},
		{"HDMICables", "HDMI Cables"},
		{"LEDBulbs", "LED Bulbs"},
		{"SSDs", "SSDs"},
		{"PCs", "PCs"},
		{"TV", "TV"},
		{"Home Theater", "Home Theater"},
	} {
		if got := splitCamel(c.in); got != c.want {
			t.Errorf("splitCamel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
