package checks

import (
	"slices"
	"strings"
	"testing"
)

// TestRecognizeREPStreams: the French REP streams beyond packaging a title
// ends with, for each rule or word that decides them, with titles where the
// rule must keep out of the way.
func TestRecognizeREPStreams(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct {
		rule, title string
		want        string // space-separated, sorted; "" for none
	}{
		// Words of one language that are common words of another name
		// nothing: the French article "la" is not Portuguese wool ("lã"),
		// "semi" not Italian seeds, "completo" not an Italian suit, "bone"
		// not a Portuguese cap ("boné"), "body" not a bodysuit.
		{"folded words", "Offre spéciale de la saison Denim gilet femmes Style court", "textiles"},
		{"folded words", "MAMA Sheertex Ultra-Strong Semi-Sheer Tights", "textiles"},
		{"folded words", "Semi Permanent Makeup Microblading Ink Pigment", ""},
		{"folded words", "Funny Lifelike Bone Shape Ballpoint Pen Stationery", ""},
		{"folded words", "Body Wave Lace Front Wig Human Hair", ""},
		{"folded words", "Body en dentelle femme manches longues", "textiles"},
		// Names that are not products: "Top Brand", "Mickey Mouse", a colour.
		{"names", "OLEVS Top Brand Women's Quartz Wristwatch Stainless", "batteries electronics"},
		{"names", "Disney Mickey Mouse T-shirt pour femmes col rond", "textiles"},
		{"names", "Coffee Color Wool Scarf for Men Winter", "textiles"},
		{"names", "Wireless Mouse 2.4G Silent Click", "electronics"},
		// Who a product is for is not what it is used with.
		{"audience", "Ensemble body bébé pour nouveau-né 100% coton", "textiles"},
		// The strap or bracelet of a watch is part of it, unless it is sold.
		{"watch", "Fashion Women Rose Gold Ladies Bracelet Watches Waterproof", "batteries electronics"},
		{"watch", "Montre bracelet femme acier inoxydable", "batteries electronics"},
		{"watch", "Bracelet pour montre connectée silicone 22 mm", ""},
		// Textiles: bibs, sleep masks, sofa covers; not insoles or belts.
		{"textiles", "Baby Infant Bibs Waterproof Long Sleeve Apron", "textiles"},
		{"textiles", "3D Sleep Mask Natural Sleeping Eye Mask Blindfold", "textiles"},
		{"textiles", "Elastic Sofa Covers for Living Room L Shaped", "textiles"},
		{"textiles", "Elastic Sofa 3 Seater Grey Fabric", "furniture"},
		{"textiles", "Height Increase Insole Cushion Shoe Heel Insert", ""},
		{"textiles", "Plastic Shoe Stretcher Adjustable Shoe Trees", ""},
		{"textiles", "Arabic Dress Belt for Women Gold Metal Chain Belt", ""},
		{"textiles", "Adult Professional Boxing Training Gloves PU", "sports-leisure"},
		// Taps and shower heads are construction products.
		{"construction", "Black Bathroom Faucet Hot Cold Water Sink Mixer Tap", "construction-products"},
		{"construction", "Mitigeur lavabo robinet salle de bain chromé", "construction-products"},
		{"construction", "Stand Mixer 1000W 5L Bowl", "electronics"},
		// Detectors, alarms and trackers run on a battery; so does what a
		// solar cell charges.
		{"batteries", "Smoke Detector Photoelectric 10 Year Battery", "batteries electronics"},
		{"batteries", "Détecteur de caméra cachée anti-espion portable", "batteries electronics"},
		{"batteries", "Car GPS Locator Waterproof Anti Theft Tracker", "batteries electronics"},
		{"batteries", "Solar Outdoor Light 182 LED Flood Lighting", "batteries electronics"},
		{"batteries", "Flood Light 100W LED Outdoor IP65", "electronics"},
		{"batteries", "Chemise de protection solaire ample pour femmes", "textiles"},
		{"batteries", "Rabbit Vibrator 10 Modes Silicone Waterproof", "batteries electronics"},
		{"batteries", "3 in 1 Nose Beard Shaver Multi Purpose Razor", "batteries electronics"},
		{"batteries", "Shaver Replacement Blades 3 Pack", ""},
		{"batteries", "Digital Mini Scale 200g/0.01g Pocket Jewelry Scale", "batteries electronics"},
		{"batteries", "Tactical Flashlight Zoomable 1000 Lumen", "batteries electronics"},
		{"batteries", "Bike Tail Light Waterproof 5 Modes", "batteries electronics"},
		{"batteries", "LED Ceiling Light 24W Round Flush Mount", "electronics"},
		// A digital read-out runs on a battery; a digital print is a pattern.
		{"batteries", "Digital Tire Pressure Gauge for Car", "batteries electronics"},
		{"batteries", "Infrared Thermometer Gun Non-Contact Digital", "batteries electronics"},
		{"batteries", "Digital Print Cotton T-Shirt Women", "textiles"},
		// Storage, fans and paper in their own names.
		{"electronics", "Xiaomi U Disk 2TB USB 3.1 Type-C Mobile Phone Computer", "electronics"},
		{"electronics", "Computer Case Fan 120mm RGB PWM Cooling Fan", "electronics"},
		{"paper", "A6 PU Leather Budget Binder Notebook Cash Envelopes", "printed-paper"},
		{"paper", "Magazine Rack Bathroom Wall Mount", ""},
		// Tools, garden and bicycle goods, and what only looks like them.
		{"diy-garden", "Grease Gun 600cc Pistol Grip Heavy Duty", "diy-garden"},
		{"diy-garden", "Gas BBQ Grill 3 Burners Propane Outdoor", "diy-garden"},
		{"diy-garden", "26pcs Nail Clippers Set Hawksbill Pliers", ""},
		{"diy-garden", "Dental Carbide Burs FG Tooth Extraction Drill Bits for Handpiece", ""},
		{"diy-garden", "Star Vegetables Cutter Stainless Steel Kitchen", ""},
		{"sports", "Bicycle Water Bottle 610ML Lightweight Cycling", "sports-leisure"},
		{"sports", "Tire Levers 3 Pcs for Bicycle Repair Tool", "sports-leisure"},
		{"tyres", "Car Wheel Tire Valve Caps Aluminium 4 Pcs", ""},
		// A power word inside another product's name, or inside the name
		// of a product that has no electrical equipment, says nothing of
		// what is sold; what comes with the product still counts.
		{"power words", "Strong magnetic cross screwdriver head PH2 electric drill electric screwdriver head set", "diy-garden"},
		{"power words", "2Pcs Silicone Ear Plugs Noise Reduction Sleeping", ""},
		{"power words", "Rechargeable Batteries AA 8 Pack NiMH", "batteries"},
		{"power words", "Cordless Drill 18V Brushless 2 Speed", "batteries electronics"},
		{"power words", "Bubble Gun Toy with LED Lights for Kids", "batteries electronics toys"},
		// A powered toy runs on batteries, unless they are not included.
		{"powered toy", "LED Fidget Spinner Light Up Anti Stress Toy", "batteries electronics toys"},
		{"powered toy", "Voiture télécommandée enfant sans pile", "electronics toys"},
		{"powered toy", "Wooden Building Blocks Set 100 Pieces", "toys"},
		// The strap of a watch, named after who it is for or its colour,
		// is part of the watch; right after it, it is what is sold.
		{"watch part", "Watches For Women Stainless Steel Strap Elegant Waterproof", "batteries electronics"},
		{"watch part", "Relógio feminino cor rose gold pulseira de aço", "batteries electronics"},
		{"watch part", "Watch Strap 22mm Silicone Sport Band Quick Release", ""},
		{"watch part", "Hoverboard Carrying Bag 6.5 Inch Waterproof", ""},
		// Latex balloons and magnetic balls are toys.
		{"toys", "Minnie Mouse Balloons 32inch Number Balloon Party", "toys"},
		{"toys", "Balloon-Sleeved Muslin Blouse", "textiles"},
		{"toys", "Billes magnétiques 216 pièces 5 mm néodyme", "toys"},
		// Garments and shoes by their singular, their regional names and
		// their sleeves ("manga longa" is a sleeve, not a comic); a bone
		// is no cap, a car boot no shoe.
		{"garments", "Cropped Feminino Manga Longa Canelado", "textiles"},
		{"garments", "Camiseta Manga Curta Masculina Algodão", "textiles"},
		{"garments", "Moletom Canguru com Capuz Unissex", "textiles"},
		{"garments", "Libas Women's Rayon Printed Straight Kurta", "textiles"},
		{"garments", "Soch Womens Georgette Saree With Blouse Piece", "textiles"},
		{"garments", "Maglietta Manica Corta Uomo Cotone", "textiles"},
		{"garments", "Boné Aba Curva Bordado Ajustável", "textiles"},
		{"garments", "Manga One Piece Tome 1 Édition Originale", "printed-paper"},
		{"garments", "Funny Lifelike Bone Shape Ballpoint Pen Stationery", ""},
		{"shoes", "Chinelo Slide Feminino Nuvem Macio", "textiles"},
		{"shoes", "Sandália Feminina Rasteira Tiras Verão", "textiles"},
		{"shoes", "Bota Coturno Feminina Cano Curto", "textiles"},
		{"shoes", "Pantufa Feminina Quentinha Pelúcia", "textiles"},
		{"shoes", "Sandalia Mujer Plana Verano", "textiles"},
		{"shoes", "Car Boot Organiser Storage Box", ""},
		{"shoes", "Microscope Slides Glass 50 Pcs", ""},
		// Wireless headphones and portable speakers run on their own
		// battery, and so does a UPS; a wired headset, a cover for
		// earphones or a soundbar on the mains does not.
		{"batteries", "Bluetooth Headphones Over Ear Foldable", "batteries electronics"},
		{"batteries", "Caixa de Som Bluetooth Portátil À Prova D'água 20W", "batteries electronics"},
		{"batteries", "Enceinte Bluetooth Portable Étanche Autonomie 24 h", "batteries electronics"},
		{"batteries", "APC Back-UPS 600VA 230V UPS System Power Backup", "batteries electronics"},
		{"batteries", "Gaming Headset Wired 3.5mm with Mic", "electronics"},
		{"batteries", "Silicone Cover for Bluetooth Earphones Case", ""},
		{"batteries", "Push Ups Board Foldable Fitness", ""},
		// A battery's volts rate the battery; a tyre's "91V" is its speed
		// rating.
		{"battery itself", "Pile Bouton CR2032 Lithium 3V Lot de 10", "batteries"},
		{"battery itself", "Bateria 18650 Recarregável 3,7V 3000mAh Li-ion", "batteries"},
		{"battery itself", "Cordless Drill 18V with 2 Batteries", "batteries electronics"},
		{"battery itself", "18V Cordless Drill Lithium Battery Brushless", "batteries electronics"},
		{"tyre size", "Pneu Voiture Été 205/55 R16 91V", "tyres"},
		{"tyre size", "Car Tyre 225/45R17 94W Summer", "tyres"},
		{"tyre size", "LED Bulb 12V 5W Warm White", "electronics"},
		// Furniture named by its seats or by what it holds.
		{"furniture", "Rack para TV até 55 Polegadas com Painel", "furniture"},
		{"furniture", "Nicho Prateleira Decorativa de Parede Kit 3", "furniture"},
		{"furniture", "Meuble TV Bas 160 cm Blanc Laqué", "furniture"},
		{"furniture", "Lot de 4 Housses de Chaise Extensibles", "textiles"},
		// Sports and hand tools in the singular.
		{"sports", "Cosco Aluminium Badminton Racquet with Cover", "sports-leisure"},
		{"sports", "Boldfit Cycle Bell for Bicycle Loud Sound", "sports-leisure"},
		{"diy-garden", "Taparia Combination Plier 8 inch Insulated", "diy-garden"},
		{"tyres", "Chambre à Air Moto 18 Pouces Valve Droite", "tyres"},
		// "Non rechargeable" holds no rechargeable battery; a print is a
		// pattern; a fireworks "Batterie" is no battery.
		{"not a battery", "Sonic Electric Toothbrush Non Rechargeable Soft", "electronics"},
		{"not a battery", "Brosse à dents électrique non rechargeable", "electronics"},
		{"not a battery", "Sonic Electric Toothbrush Rechargeable Soft", "batteries electronics"},
		{"not a battery", "Feuerwerk Batterie 25 Schuss", ""},
		{"not a battery", "Kids Cotton T-Shirt Dinosaur Print", "textiles"},
		// Handheld consoles and Bluetooth selfie sticks hold a battery.
		{"batteries", "Retro Handheld Video Game Console 3.5 Inch", "batteries electronics"},
		{"batteries", "Bluetooth Selfie Stick Tripod with Remote Shutter", "batteries electronics"},
		{"batteries", "Game Console 4K HDMI 2 Controllers", "electronics"},
		// Tyre levers and repair kits are for the bicycle, not tyres.
		{"tyres", "Bicycle Tire Levers 3 Pcs Tyre Repair Tool", "sports-leisure"},
		{"tyres", "Kit de Réparation Pneu Vélo avec Rustines", "sports-leisure"},
		{"tyres", "Pneu Moto 120/70 ZR17 58W Avant", "tyres"},
		// Appliances by their sellers' names; wipes, tongs, a pet tent
		// and a piercing are not textiles or sports goods.
		{"electronics", "Cafetière Filtre Programmable 12 Tasses", "electronics"},
		{"electronics", "Prancha Alisadora Cerâmica Bivolt", "electronics"},
		{"electronics", "Kent Supreme RO Water Purifier 8 Litres", "electronics"},
		{"not textiles", "Baby Wipes 80 Sheets x 6", ""},
		{"not textiles", "Kitchen Tongs Stainless Steel 12 inch", ""},
		{"not textiles", "Tongs Homme Plage Antidérapantes", "textiles"},
		{"not sports", "Portable Foldable Pet Tent Kennel", ""},
		{"not sports", "Curved Barbells Nose Piercing Stainless Steel", ""},
		{"not sports", "Compression Leg Sleeve Full Length Running", "textiles"},
		// The Portuguese and Italian "portátil", "portatile" after a noun
		// say it is portable, not a laptop; a Spanish "portátil" with a
		// size or a make is one.
		{"portable", "Churrasqueira Portátil a Carvão", "diy-garden"},
		{"portable", "Barraca Portátil Praia 3 Pessoas", "sports-leisure"},
		{"portable", "Mesa Portátil Dobrável Camping", "furniture"},
		{"portable", "Portátil 15,6 pulgadas Intel N100 16GB RAM", "batteries electronics"},
		{"portable", "Portátil Lenovo IdeaPad 3 Intel Core i5", "batteries electronics"},
		{"portable", "Notebook Portatile 15.6 Intel", "batteries electronics"},
		// Appliances and garments of the Indian and Brazilian markets.
		{"electronics", "Auto Clean Kitchen Chimney with Filterless Technology", "electronics"},
		{"electronics", "V-Guard Voltage Stabilizer for AC up to 1.5 Ton", "electronics"},
		{"garments", "Women's Cotton Nighty Printed Night Gown", "textiles"},
		{"garments", "Men's Cotton Lungi Checked Free Size", "textiles"},
		{"garments", "Roupão de Banho Adulto Microfibra", "textiles"},
		{"sports", "Patinete Infantil 3 Rodas Dobrável", "sports-leisure"},
		{"sports", "Patinete Eléctrico Xiaomi 4 Pro", "batteries electronics"},
		{"sports", "Bola de Vôlei Oficial", "sports-leisure"},
		// English words that are other languages' product words: a handy
		// chopper is no German mobile phone, a cable that "supports" 4K is
		// no French stand.
		{"other language", "Handy Kitchen Storage Jar Set of 3", ""},
		{"other language", "Seniorenhandy ohne Vertrag große Tasten", "batteries electronics"},
		{"other language", "Amazon Basics HDMI Cable Supports Ethernet 4K", "electronics"},
		{"other language", "Support Téléphone Voiture Magnétique", ""},
		// An automatic watch is mechanical even after whom it is for; a
		// quartz one runs on a battery.
		{"watch", "Montre Homme Automatique Squelette", ""},
		{"watch", "Relógio Masculino Automático Aço", ""},
		{"watch", "Montre Homme Quartz Chronographe", "batteries electronics"},
		// Bread makers, gaming headsets and tool kits by their names.
		{"electronics", "Machine à Pain Programmable 1 kg", "electronics"},
		{"electronics", "Casque Gaming Filaire RGB PS5", "electronics"},
		{"diy-garden", "Kit Outils Bricolage 108 Pièces Mallette", "diy-garden"},
		// Household insecticides are chemical products (DDS) by the names
		// sellers use.
		{"insecticides", "HIT Flying Insect Killer Spray 400 ml Mosquito and Fly", "chemicals"},
		{"insecticides", "Inseticida Spray Mata Baratas 300ml", "chemicals"},
		{"insecticides", "Insektenspray gegen Mücken 400 ml", "chemicals"},
		{"insecticides", "Spray Bottle 500 ml Empty for Plants", ""},
		// An infrared or digital thermometer runs on its own cell.
		{"thermometers", "Infrared Forehead Thermometer Non Contact Fever Alarm", "batteries electronics"},
		{"thermometers", "Termômetro Infravermelho de Testa sem Contato", "batteries electronics"},
		{"thermometers", "Thermomètre Frontal Infrarouge sans Contact", "batteries electronics"},
		{"thermometers", "Glass Thermometer for Aquarium Stick On", ""},
		// A prohibited product is to be removed, not given REP numbers.
		{"prohibited", "Disposable Vape 5000 Puffs Rechargeable Mesh Coil", ""},
		{"prohibited", "Rifle Airsoft Elétrico AEG M4 com Bateria", ""},
		{"prohibited", "Hidden Spy Camera 1080P WiFi Mini Camera", "electronics"},
	} {
		got := recognizeOne(t, rn, c.title, "")
		streams := repStreams(got)
		if want := strings.Fields(c.want); !slices.Equal(streams, want) {
			t.Errorf("%s: %q: %v, want %v", c.rule, c.title, streams, want)
		}
	}
}

// TestRecognizeREPCategories: the REP streams a category path gives a
// title that names no product, in the shapes of the marketplaces sellers
// export from, and paths whose words must not decide.
func TestRecognizeREPCategories(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct {
		title, category string
		want            string // space-separated, sorted; "" for none
	}{
		{"Campus Oxyfit", "Shoes&Handbags|Shoes|Women'sShoes|SportsShoes|Running", "textiles"},
		{"Hero Lectro C5", "Sports,Fitness&Outdoors|Cycling|Bikes|ElectricBikes", "batteries electronics sports-leisure"},
		{"Btwin Rockrider", "Sports,Fitness&Outdoors|Cycling|Bikes", "sports-leisure"},
		{"Kit 3 Peças Casal", "Casa > Cama, Mesa e Banho > Jogos de Cama", "textiles"},
		{"Lot de 2 Blanc", "Maison > Linge de lit > Draps", "textiles"},
		{"Lot de 2 Blanc", "Maison > Décoration > Vases", ""},
		{"Wakefit Dream", "Home&Kitchen|Furniture|BedroomFurniture|Mattresses", "furniture"},
		{"MRF ZLX", "Car&Motorbike|Tyres&Rims|Tyres", "tyres"},
	} {
		got := recognizeOne(t, rn, c.title, c.category)
		streams := repStreams(got)
		if want := strings.Fields(c.want); !slices.Equal(streams, want) {
			t.Errorf("%q | %q: %v, want %v", c.title, c.category, streams, want)
		}
	}
}

// repStreams returns the REP streams among what the recognizer decided.
func repStreams(got recognized) []string {
	var streams []string
	for _, l := range got.lists {
		if s, ok := strings.CutPrefix(l, "rep/"); ok {
			streams = append(streams, s)
		}
	}
	return streams
}
