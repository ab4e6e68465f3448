package checks

import (
	"slices"
	"strings"
	"testing"
)

// TestItemLists: the prohibited, recalled and special entries the checks
// find in titles where a word of another class stands next to the item
// (a pull ring, a pen, sweets in Portuguese) or the item is named in a
// language other than English; and traps where the listed word names
// something else. want lists the item entries, sorted ("" for none).
func TestItemLists(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct{ title, want string }{
		{"Smoke Grenade Pull Ring Canister Military Tactical Airsoft Signal 60s Orange", "prohibited/explosives"},
		{"Granata fumogena a strappo 90 secondi fumo arancione softair", "prohibited/explosives"},
		{"Rauchgranate 60 Sekunden rot Paintball", "prohibited/explosives"},
		{"Semaglutide Injection Pen 1mg Weight Loss Prescription", "prohibited/medicines"},
		{"Cargador de pistola 15 balas 9mm acero", "prohibited/firearms"},
		{"Pistolenlauf 9mm Ersatzteil Edelstahl", "prohibited/firearms"},
		{"Ibuprofène 400 mg comprimés boîte de 30", "prohibited/medicines"},
		{"Pelle di tigre autentica tappeto", "prohibited/protected-species"},
		{"Liquido accendino benzina 125 ml ricarica", "prohibited/flammable"},
		{"Adult Sex Doll Full Size Silicone Realistic 158cm", "special/sex-toys"},
		{"Lenço umedecido infantil 100 unidades", "recalled/wet-wipes"},
		// Traps.
		{"Balas de goma sabor morango 500g", "prohibited/food-drinks"},
		{"褪黑素 软糖 睡眠 60粒 保健品", "special/supplements"},
		{"Vitamin Coloring Book for Kids Learn Nutrition", ""},
		{"Magnetic Ball Drawer Pulls Knobs Set of 10", ""},
		{"Pistolet à bulles automatique jouet enfant avec lumière", ""},
		{"Shotgun Microphone for Camera Video Cardioid Mic", ""},
		{"Car Air Freshener Vent Clip Cologne Scent 4 Pack", ""},
		{"Patinete eléctrico rueda de repuesto 8.5 pulgadas", ""},
		{"Dynamite Stick Prop Red Paper Tube Decoration Party", ""},
		{"Silver Ring for Women Adjustable Open Band", ""},
	} {
		var got []string
		for _, e := range recognizeOne(t, rn, c.title, "").lists {
			if strings.HasPrefix(e, "prohibited/") || strings.HasPrefix(e, "recalled/") || strings.HasPrefix(e, "special/") {
				got = append(got, e)
			}
		}
		slices.Sort(got)
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%q: got %q, want %q", c.title, g, c.want)
		}
	}
}
