package checks

import (
	"slices"
	"strings"
	"testing"

	"github.com/aecheck/aecheck/internal/recognize"
	"github.com/aecheck/aecheck/readers"
)

// recognized is what the runner decided for one listing: the class, and
// the list entries that apply, as "list/id" sorted.
type recognized struct {
	class string
	lists []string
}

func recognizeOne(t testing.TB, rn *Runner, title, category string) recognized {
	t.Helper()
	s := rn.pool.Get().(*scratch)
	defer rn.pool.Put(s)
	l := readers.Listing{Title: title, Category: category}
	rn.prepare(s, &l, nil, 0)
	var got recognized
	if g := s.st.rec; g.known() {
		got.class = rn.rec.classes[g.class].id
	}
	for _, h := range s.st.hits {
		if h.list == listPromo {
			continue
		}
		short := [...]string{"prohibited", "recalled", "special", "ce", "rep"}[h.list]
		got.lists = append(got.lists, short+"/"+rn.lists[h.list][h.entry].ID)
	}
	slices.Sort(got.lists)
	got.lists = slices.Compact(got.lists)
	return got
}

// TestRecognizeTitles: what the recognizer decides for marketplace titles
// in several languages, positives and traps. want lists every list entry
// that applies ("ce/electrical", "rep/batteries", "prohibited/firearms");
// class "" means not recognised.
func TestRecognizeTitles(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct {
		title, category string
		class           string
		want            string // space-separated, sorted
	}{
		// The product versus its context.
		{"Electric Kettle 1.7L 2000W Stainless Steel to boil water for tea", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Bouilloire électrique 1,7 L pour thé et café", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Milk Frother Handheld Foam Maker for Coffee Latte", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Coffee Maker 12 Cups Drip", "Home & Kitchen > Coffee, Tea & Espresso", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Silicone Case for AirPods Pro 2", "", "audio-accessory", ""},
		{"Ear Pads for Sony WH-1000XM4 Headphones", "", "audio-accessory", ""},
		{"Replacement Blades for Philips OneBlade Shaver", "", "personal-care-accessory", ""},
		{"TV Wall Mount for 32-65 inch LED LCD TV", "", "tv-accessory", ""},
		{"Phone Stand Adjustable Aluminium", "Consumer Electronics", "phone-accessory", ""},
		{"Webcam Cover Slide for Laptop", "", "computer-accessory", ""},
		{"For iPhone 14 13 Pro Max Case Silicone Shockproof", "", "phone-accessory", ""},
		{"Coque pour iPhone 15 en silicone", "", "phone-accessory", ""},
		{"Funda para Samsung Galaxy S23 transparente", "", "phone-accessory", ""},
		{"Hülle für iPhone 13 Leder", "", "phone-accessory", ""},
		{"Custodia per iPhone 12 in pelle", "", "phone-accessory", ""},
		{"Empty Perfume Spray Bottle 10ml Refillable Atomizer", "", "perfume-container", ""},
		{"Spray Bottle for Perfume Travel 5ml", "", "perfume-container", ""},
		// Colours and materials are not products.
		{"Wireless Earphones Bluetooth 5.3 (Gun Metal)", "", "audio-device", "ce/electrical rep/batteries rep/electronics"},
		{"Bluetooth Headphones Rose Gold Foldable", "", "audio-device", "ce/electrical rep/batteries rep/electronics"},
		{"Pull femme col roulé couleur chocolat", "", "clothing", "rep/textiles"},
		// Negations.
		{"Carbon Wheelset 700C Road Bike Tyres: Not included", "", "bicycle-part", "rep/sports-leisure"},
		{"Voiture télécommandée enfant sans pile", "", "toy", "ce/electrical ce/toys rep/electronics rep/toys"},
		// Evidence words.
		{"Laptop 15.6 inch Intel Core i7 16GB RAM 512GB SSD", "", "computer", "ce/electrical rep/batteries rep/electronics"},
		{"Mechanical Gaming Keyboard RGB USB Wired", "", "computer-accessory", "ce/electrical rep/electronics"},
		{"Wireless Keyboard Rechargeable 2.4G", "", "computer-accessory", "ce/electrical rep/batteries rep/electronics"},
		{"Printer Inkjet All in One WiFi", "", "computer-accessory", "ce/electrical rep/electronics"},
		{"1TB SSD NVMe M.2 Internal", "", "storage-media", "ce/electrical rep/electronics"},
		{"Micro SD Card 128GB Class 10", "", "storage-media", "ce/electrical rep/electronics"},
		{"USB C Charging Cable 2m Fast Charge", "", "cable-charger", "ce/electrical rep/electronics"},
		{"Câble de charge USB-C 2 m", "", "cable-charger", "ce/electrical rep/electronics"},
		{"Air Purifier HEPA Filter for Home Bedroom", "", "home-appliance", "ce/electrical rep/electronics"},
		{"Massage Gun Deep Tissue Percussion 2500mAh", "", "personal-care-appliance", "ce/electrical rep/batteries rep/electronics"},
		// IPL and laser devices are medical devices too (MDR Annex XVI).
		{"IPL Hair Removal Device 999999 Flashes", "", "aesthetic-device", "ce/electrical ce/medical-devices rep/electronics"},
		{"Mixer Grinder 1000 W 3 Jars", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Dry Iron 1200W Non-stick Soleplate", "", "home-appliance", "ce/electrical rep/electronics"},
		{"Cordless Vacuum Cleaner 25000Pa", "", "home-appliance", "ce/electrical rep/batteries rep/electronics"},
		{"Aspirateur balai sans fil 25000 Pa", "", "home-appliance", "ce/electrical rep/batteries rep/electronics"},
		{"Power Bank 20000mAh Fast Charging", "", "power-bank", "ce/electrical rep/batteries rep/electronics"},
		{"UPS Uninterruptible Power Supply 600VA", "", "power-bank", "ce/electrical rep/batteries rep/electronics"},
		{"充电宝 20000毫安 快充", "", "power-bank", "ce/electrical rep/batteries rep/electronics"},
		{"Tablet 10 inch Android 13 WiFi", "", "computer", "ce/electrical rep/batteries rep/electronics"},
		{"Smartphone 6.5 pouces 128 Go débloqué", "", "phone", "ce/electrical rep/batteries rep/electronics"},
		// Textiles.
		{"Polo à Manches Courtes pour Homme, Vêtement Décontracté", "", "clothing", "rep/textiles"},
		{"Débardeur femme coton", "", "clothing", "rep/textiles"},
		{"Gilet sans manches homme", "", "clothing", "rep/textiles"},
		{"Men's Vest Sleeveless Quick Dry", "", "clothing", "rep/textiles"},
		{"Tank Top Women Summer", "", "clothing", "rep/textiles"},
		{"Camiseta de algodón para mujer", "", "clothing", "rep/textiles"},
		{"Damen Kleid Sommer", "", "clothing", "rep/textiles"},
		{"Pedal Straps for Fixed Gear Bike, fits sandals and sneakers", "", "bicycle-part", "rep/sports-leisure"},
		// Traps: a risky word in another sense.
		{"Hot Glue Gun 20W with 30 Glue Sticks", "", "heat-tool", "ce/electrical rep/electronics"},
		{"Heat Gun 2000W Hot Air for Shrink Wrapping", "", "heat-tool", "ce/electrical rep/electronics"},
		{"Water Gun for Kids Summer Pool Toy", "", "toy", "ce/toys rep/toys"},
		{"Pistolet à eau pour enfants", "", "toy", "ce/toys rep/toys"},
		{"Tea Cup Set Porcelain 6 Pieces", "", "kitchenware", ""},
		{"Teapot with Infuser Glass 1L", "", "kitchenware", ""},
		{"Coffee Grinder Electric Burr", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"The Gun Seller novel paperback", "", "book-print", "rep/printed-paper"},
		{"Chocolate Mould Silicone 3D", "", "kitchenware", ""},
		{"Rose Gold Necklace Heart Pendant", "", "jewelry", ""},
		// Positives that must still hit.
		{"9mm Pistol Magazine 15 Rounds", "", "firearm-part", "prohibited/firearms"},
		{"Green Tea Loose Leaf 500g Organic", "", "tea", "prohibited/food-drinks"},
		{"Thé vert en vrac 100 g", "", "tea", "prohibited/food-drinks"},
		{"Eau de Parfum Women 100ml", "", "perfume", "prohibited/perfume"},
		{"Neodymium Magnetic Balls 5mm 216 pcs", "", "toy", "ce/toys recalled/magnetic-balls rep/toys"},
		{"Breaking Bad Complete Series DVD Box Set", "", "game-media", "special/media"},
		{"Vitamin C 1000mg Tablets Dietary Supplement", "", "supplement", "special/supplements"},
		{"Drone with 4K Camera GPS Foldable", "", "drone", "ce/drones ce/electrical rep/batteries rep/electronics"},
		{"Kids Building Blocks Set 500 Pieces", "", "toy", "ce/toys rep/toys"},
		{"无人机 4K 航拍", "", "drone", "ce/drones ce/electrical rep/batteries rep/electronics"},
		{"Propellers for DJI Mini 3 Drone", "", "drone-accessory", ""},
		{"Bike Helmet Adult Lightweight", "", "protective-equipment", "ce/protective-equipment"},
		// Who the product is for is not what it is used with.
		{"Electric Shaver for Men Type-C USB Rechargeable", "", "personal-care-appliance", "ce/electrical rep/batteries rep/electronics"},
		{"Tondeuse pour homme rechargeable sans fil", "", "personal-care-appliance", "ce/electrical rep/batteries rep/electronics"},
		{"Rain Cover for Baby Stroller Waterproof", "", "", ""},
		// A colour names no power: "electric blue" is not electrical.
		{"Electric Blue Cotton T-Shirt Men", "", "clothing", "rep/textiles"},
		// Watches run on a battery unless they are mechanical; their straps do not.
		{"Women's Quartz Wristwatch Stainless Steel", "", "watch", "ce/electrical rep/batteries rep/electronics"},
		{"Automatic Mechanical Watch Skeleton Dial", "", "watch-mechanical", ""},
		{"Silicone Watch Band for Samsung Galaxy Watch 6", "", "watch", ""},
		// A German word that is an English one too names nothing alone ("Band").
		{"Geschenkband Satin 25 m Rolle", "", "craft", ""},
		// Bits and blades for a power tool have no power of their own.
		{"HSS Drill Bit Set 13 Pieces for Metal", "", "tool-hand", "rep/diy-garden"},
		{"Cordless Drill 18V with 2 Batteries", "", "tool-power", "ce/electrical ce/machinery rep/batteries rep/electronics"},
		// A charging case or a solar light holds a battery.
		{"Bluetooth Earbuds with Charging Case", "", "audio-device", "ce/electrical rep/batteries rep/electronics"},
		{"Solar Lights Outdoor Garden 4 Pack", "", "lighting", "ce/electrical rep/batteries rep/electronics"},
		// A title whose words before "for" name nothing names the product
		// after the device it is for; not when the context names no device.
		{"New For Xiaomi Poco X3 Charging Board Flex Cable", "", "electronic-module", "ce/electrical rep/electronics"},
		{"Embroidery Patches for Clothing Iron on Clothes Jeans Appliques", "", "", ""},
		// A power word inside another product's name describes that product,
		// unless it comes with the product.
		{"Electric Scooter Phone Holder Handlebar Mount", "", "bicycle-part", "rep/sports-leisure"},
		{"Electric Drill Screwdriver Head Set Magnetic", "", "tool-hand", "rep/diy-garden"},
		{"Automatic Bubble Gun Toy with LED Lights for Kids", "", "toy", "ce/electrical ce/toys rep/batteries rep/electronics rep/toys"},
		// In an accessory's title the power words of the device it is for are
		// not its own; a selfie stick's or a charger's are.
		{"Silicone Protective Case Bluetooth Earphone Cover", "", "audio-accessory", ""},
		{"Bluetooth Headsets Portable Charging Case Earbuds", "", "audio-device", "ce/electrical rep/batteries rep/electronics"},
		{"Bluetooth Selfie Stick Tripod with Remote", "", "camera-accessory", "ce/electrical rep/batteries rep/electronics"},
		{"Wireless Charger Stand 15W", "", "cable-charger", "ce/electrical rep/electronics"},
		// "Bracelet Watch" and "Watches for Women ... Steel Strap" sell a
		// watch; "Watch Strap" sells a strap.
		{"Women Bracelet Watch Rose Gold", "", "watch", "ce/electrical rep/batteries rep/electronics"},
		{"Watches for Women Stainless Steel Strap Waterproof", "", "watch", "ce/electrical rep/batteries rep/electronics"},
		{"Watch Strap Silicone 22mm", "", "watch", ""},
		// A firearm named next to an ordinary product is its shape.
		{"Massage Gun Pistol Deep Tissue", "", "personal-care-appliance", "ce/electrical rep/batteries rep/electronics"},
		// "for Kids (Batteries Not Included)": for kids, and it takes batteries.
		{"Remote Control Car 2.4G for Kids (Batteries Not Included)", "", "toy", "ce/electrical ce/toys rep/electronics rep/toys"},
		// Products that need CE by their own names, in classes of their own.
		{"Latex Balloons 12 inch Party Decoration 50 pcs", "", "toy", "ce/toys rep/toys"},
		{"Disney Minnie Mouse Balloons Set", "", "toy", "ce/toys rep/toys"},
		{"Déguisement Princesse Enfant Fille", "", "costume", "ce/toys rep/textiles"},
		{"Costume Homme Slim 3 Pièces Mariage", "", "clothing", "rep/textiles"},
		{"Ultra Thin Condoms 12 Pcs", "", "contraceptive", "ce/medical-devices special/condoms"},
		{"Rabbit Vibrator 10 Modes", "", "vibrator", "ce/electrical rep/batteries rep/electronics special/sex-toys"},
		{"Concrete Vibrator 1200W", "", "tool-power", "ce/electrical ce/machinery rep/electronics"},
		{"Digital Kitchen Scale 5kg 1g", "", "scale", "ce/electrical rep/batteries rep/electronics"},
		{"Price Computing Scale 30kg", "", "trade-scale", "ce/electrical ce/measuring-instruments rep/electronics"},
		{"Car Multimedia Player 7 Inch Android", "", "car-electronics", "ce/electrical rep/electronics"},
		{"Retro Handheld Game Console 10000 Games", "", "game-console", "ce/electrical rep/batteries rep/electronics"},
		{"Money Counter Machine UV", "", "office-electronics", "ce/electrical rep/electronics"},
		{"Détecteur de fumée 10 ans", "", "smoke-alarm", "ce/construction-products ce/electrical rep/batteries rep/electronics"},
		{"Gas BBQ Grill 3 Burners", "", "gas-appliance", "ce/gas-appliances rep/diy-garden"},
		{"Automatic Cat Feeder 4L", "", "pet-appliance", "ce/electrical rep/electronics"},
		{"Toy Drone for Kids with Camera", "", "toy-drone", "ce/drones ce/electrical ce/toys rep/batteries rep/electronics rep/toys"},
		{"Computer Case Fan 120mm RGB", "", "computer-accessory", "ce/electrical rep/electronics"},
		{"Foot Orthotic Bunion Relief", "", "health-medical", "ce/medical-devices"},
		{"Dental Carbide Burs FG 10 pcs", "", "health-medical", "ce/medical-devices"},
		{"Nail Clippers Stainless Steel", "", "cosmetics", ""},
		{"Herb Spice Grinder Electric 200W", "", "kitchenware", "ce/electrical rep/electronics"},
		{"Baby Bottle Warmer and Sterilizer", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Sports Protective Goggles for Basketball", "", "protective-equipment", "ce/protective-equipment"},
		{"Heat Press Machine for T-Shirts", "", "heat-tool", "ce/electrical rep/electronics"},
		{"Computer Monitor Light Bar USB", "", "lighting", "ce/electrical rep/electronics"},
		{"Cordless Lawn Mower 40V", "", "garden-machine", "ce/electrical ce/machinery rep/batteries rep/electronics"},
		{"Ride On Car for Kids 12V", "", "toy", "ce/electrical ce/toys rep/batteries rep/electronics rep/toys"},
		{"Ski Helmet Adult Unisex", "", "protective-equipment", "ce/protective-equipment"},
		{"Pro 3000 Set", "Home & Garden > Lawn Mowers", "garden-machine", "ce/electrical ce/machinery rep/electronics"},
		{"Digital 5kg", "Home&Kitchen|Kitchen Scales", "scale", "ce/electrical rep/batteries rep/electronics"},
		{"Mastic silicone sanitaire blanc 280 ml", "", "", "ce/construction-products rep/chemicals"},
		// Words of one language that are other words in another name nothing:
		// the Portuguese "lã" (wool) is the French "la", "boné" (cap) the
		// English "bone"; "Top Brand" and "Liquid Silicone" are no top and no
		// e-liquid.
		{"La nouvelle perceuse sans fil 20V", "", "tool-power", "ce/electrical ce/machinery rep/batteries rep/electronics"},
		{"Feet Bone Toe Separator", "", "health-medical", "ce/medical-devices"},
		{"Top Brand Luxury Watch Men Quartz", "", "watch", "ce/electrical rep/batteries rep/electronics"},
		{"Liquid Silicone Case for iPhone 15", "", "phone-accessory", ""},
		// The category beats the title's words.
		{"Brooklyn 3-speed", "Sporting Goods > Outdoor Recreation > Cycling > Bicycles > Road Bikes", "bicycle", "rep/sports-leisure"},
		{"Pelago Bell", "Sporting Goods > Outdoor Recreation > Cycling > Bicycle Accessories > Bicycle Bells & Horns", "bicycle-part", "rep/sports-leisure"},
		{"Stainless Kettle 1.7L", "Home&Kitchen|Kitchen&HomeAppliances|SmallKitchenAppliances|Kettles", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Stainless 1.7L", "505666 - Home & Garden > Kitchen & Dining > Kitchen Appliances > Electric Kettles", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		// A word with a second sense that is neither a product nor power:
		// the refill of a perfume atomiser, a cartoon mouse, a dishwasher
		// tablet, a sink plug, a climbing hold, a smart-casual style, a
		// battery storage box, electronics that a tool repairs.
		{"Flacon de parfum vide 30 ml vaporisateur rechargeable", "", "perfume-container", ""},
		{"Atomizador de perfume recargable 10 ml botella vacía de viaje", "", "perfume-container", ""},
		{"Atomizador de perfume eléctrico recargable USB", "", "perfume-container", "ce/electrical rep/batteries rep/electronics"},
		{"Kawaii Pig Bear Cat Mouse Erasable Gel Pen", "", "office-stationery", ""},
		{"Wireless Mouse 2.4G Silent", "", "computer-accessory", "ce/electrical rep/electronics"},
		{"Dishwasher Tablets 100 pcs Lemon", "", "", ""},
		{"Tablet 10 inch Android 12 WiFi", "", "computer", "ce/electrical rep/batteries rep/electronics"},
		{"Sink Drain Plug Stopper Stainless Steel", "", "", ""},
		{"Travel Adapter Plug EU to US", "", "cable-charger", "ce/electrical rep/electronics"},
		{"Prises d'escalade 20 pièces", "", "", ""},
		{"Prise électrique connectée WiFi", "", "cable-charger", "ce/electrical rep/electronics"},
		{"Men Smart Casual Trousers Slim Fit", "", "clothing", "rep/textiles"},
		{"Battery Storage Box for AA AAA", "", "", ""},
		{"Battery Charger for AA AAA", "", "cable-charger", "ce/electrical rep/batteries rep/electronics"},
		{"Magnetic Screwdriver Set 63 In 1 Kit Bits Precision Electronics Computer PC Phone Disassembly", "", "tool-hand", "rep/diy-garden"},
		{"Electronic Kitchen Scale 5kg", "", "scale", "ce/electrical rep/batteries rep/electronics"},
		// A massager alone is often a manual roller; its power words make
		// it electrical.
		{"Octopus Head Massager Scalp Massager Relaxation Relief", "", "massager", ""},
		{"Masajeador de cabeza de acero inoxidable", "", "massager", ""},
		{"Massager Electric Neck Shoulder Heated", "", "massager", "ce/electrical rep/electronics"},
		{"Masajeador eléctrico de cuello recargable", "", "massager", "ce/electrical rep/batteries rep/electronics"},
		// What stores or shows a toy, or carries a medical device, is
		// neither a toy nor a medical device.
		{"Toy Storage Bag Large Organizer", "", "toy-accessory", ""},
		{"Acrylic Display Stand Ladder Shelf Figure Toy Model Stand", "", "toy-accessory", ""},
		{"Plush Toy Teddy Bear 30cm", "", "toy", "ce/toys rep/toys"},
		{"Contact Lens Case Travel Kit with Mirror", "", "medical-accessory", ""},
		{"Étui pour lentilles de contact", "", "medical-accessory", ""},
		{"隐形眼镜盒 便携 双联盒", "", "medical-accessory", ""},
		{"Lentilles de contact colorées", "", "health-medical", "ce/medical-devices special/contact-lenses"},
		// A case for a power bank, toothbrush heads and a wrist rest have no
		// power of their own.
		{"Power Bank Case Silicone", "", "phone-accessory", ""},
		{"Power Bank 20000mAh USB C Fast Charging", "", "power-bank", "ce/electrical rep/batteries rep/electronics"},
		{"Electric Toothbrush Heads Replacement 8 pcs", "", "personal-care-accessory", ""},
		{"Keyboard Wrist Rest Memory Foam", "", "computer-accessory", ""},
		{"Mechanical Keyboard 87 Keys RGB", "", "computer-accessory", "ce/electrical rep/electronics"},
		// A French "figurine" is an ornament as often as a toy; a puzzle of
		// more than 500 pieces is not a toy (Toy Safety Directive, Annex I).
		{"Figurine éléphant en résine décoration", "", "home-decor", ""},
		{"Figurine articulée super-héros 15 cm", "", "toy", "ce/toys rep/toys"},
		{"Jigsaw Puzzle 1000 Pieces Landscape for Adults", "", "adult-puzzle", ""},
		{"Rompecabezas para adultos 1000 piezas", "", "adult-puzzle", ""},
		{"Wooden Jigsaw Puzzle for Kids 3 Years Animals", "", "toy", "ce/toys rep/toys"},
	} {
		wantRecognized(t, rn, c.title, c.category, c.class, c.want)
	}
}

// wantRecognized fails t unless title and category are recognised as
// class ("" for none) with the list entries of want (space-separated,
// sorted, as recognizeOne names them).
func wantRecognized(t *testing.T, rn *Runner, title, category, class, want string) {
	t.Helper()
	got := recognizeOne(t, rn, title, category)
	if w := strings.Fields(want); got.class != class || !slices.Equal(got.lists, w) {
		t.Errorf("%q (%q): class %q %v, want %q %v", title, category, got.class, got.lists, class, w)
	}
}

// TestRecognizeListEntries: which prohibited, recalled and special
// entries a title ends with, for each rule that keeps a listed word from
// naming what is sold, with titles where the rule must let the entry
// through.
func TestRecognizeListEntries(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct {
		rule, title string
		want        string // space-separated, sorted; "" for none
	}{
		// What comes with an ordinary product is not what is sold...
		{"with", "Detective Board Game with Toy Revolver and Rope", ""},
		{"with", "Cotton Tote Bag with Firework Print", ""},
		// ...but what comes with an item the platform has no category for is.
		{"with", "Hookah with Dab Rig Attachment", "prohibited/drugs"},
		{"with", "Glucose Meter with Carrying Case and 10 Lancets", "recalled/glucose-meters special/health-monitors"},
		// A container among the product words is what is sold.
		{"container", "Electric Unicycle Carrying Bag Waterproof", ""},
		{"container", "Étui à préservatifs en cuir", ""},
		{"container", "Fidget Spinner Display Stand Acrylic", ""},
		{"container", "Child Car Seat Organizer with Tablet Holder", ""},
		{"container", "Self Defense Keychain Pepper Spray 20ml", "prohibited/weapons"},
		{"container", "Vitamin D3 Softgels Immune Support 120 Count", "special/supplements"},
		// Any class the product words name clears what it never is.
		{"clears", "Matcha Green Tea Face Mask Sheet 10 Pack", ""},
		{"clears", "Vintage Cologne City Map Poster", ""},
		{"clears", "Portable DVD Player 9 inch Swivel Screen", ""},
		{"clears", "Vitamin C Brightening Face Serum 30ml", ""},
		// A class word inside a longer list term names nothing of its own.
		{"inside term", "AR Rifle Magazine 30 Rounds Steel", "prohibited/firearms"},
		// An exception that shares a word with a term clears it.
		{"except", "Air Pistol Grip Hose Nozzle", ""},
		{"except", "Baby Car Seat Mirror Shatterproof", ""},
		// Firearm parts by the names that say the weapon.
		{"firearm parts", "Lower Receiver Kit Billet Aluminium", "prohibited/firearms"},
		{"firearm parts", "Mündungsbremse Kaliber .308 Stahl", "prohibited/firearms"},
		{"firearm parts", "瞄准镜 高清 夜视 狩猎", "prohibited/firearms"},
		{"firearm parts", "Drawer Slide Soft Close 2 Pairs", ""},
		// Medicines by their active substance or prescription.
		{"medicines", "Doxycycline 100mg Capsules 50 Count", "prohibited/medicines"},
		{"medicines", "Azitromicina 500 mg comprimidos caja 3", "prohibited/medicines"},
		{"medicines", "Prescription Safety Glasses Frame Anti Blue Light", ""},
		// A glucose meter is a health monitor; its strips alone are not.
		{"health monitors", "Glucomètre connecté avec 25 bandelettes", "recalled/glucose-meters special/health-monitors"},
		{"health monitors", "Glucose Test Strips 50 Count", "recalled/glucose-meters"},
		{"media", "Racing Game PS4 Game Disc", "special/media"},
		{"food", "Dried Fruit Mix 1kg Unsalted", "prohibited/food-drinks"},
		{"food", "Candy Color Silicone Phone Case", ""},
		{"toxic herbs", "Datura Stramonium Seeds 50 pcs", "prohibited/toxic-herbs"},
		// What a tool, a garment, a piece of jewellery or a toy never is.
		{"clears", "Décapeur thermique pistolet 2000W avec buses", ""},
		{"clears", "Revolver Cylinder Charm Bracelet Sterling Silver", ""},
		{"clears", "Chocolate Print Pyjama Set for Women Cotton", ""},
		{"clears", "Pretend Play Food Set Chocolate Candy Toy", ""},
		{"clears", "Lavender Scented Candle Perfume Soy Wax", ""},
		{"clears", "Real Ivory Carved Bangle Bracelet", "prohibited/protected-species"},
		// Other senses of listed words: a knife steel, a car-seat
		// connector, a dining booster, a heater, a lacquer, a lamp.
		{"senses", "Fusil à aiguiser en céramique 25 cm", ""},
		{"senses", "ISOFIX Connector Belt Universal Latch", ""},
		{"senses", "Dining Booster Seat for Toddlers Foldable", ""},
		{"senses", "Kerosene Heater Portable 2.5kW Indoor", ""},
		{"senses", "Carved Cinnabar Lacquer Box Antique Style", ""},
		{"senses", "Fireworks LED String Lights 120 LEDs", ""},
		{"senses", "Gunpowder Green Tea 500g Loose Leaf", "prohibited/food-drinks"},
		// The names of listed items in each language.
		{"languages", "Thé oolong Tie Guan Yin 250 g", "prohibited/food-drinks"},
		{"languages", "Couteau à cran d'arrêt lame 9 cm", "prohibited/weapons"},
		{"languages", "Smoke Grenade Colored 60 Seconds Photography", "prohibited/explosives"},
		{"languages", "Dinero de utilería billetes de 50 euros", "prohibited/currency"},
		// "Empty" says a container holds none of what it names.
		{"empty", "Empty Cologne Bottle Vintage Glass 100ml", ""},
		{"empty", "Flacon parfum vide 30 ml en verre", ""},
		{"empty", "Eau de Parfum 50ml Women Floral", "prohibited/perfume"},
		// Colours and tools named after weapons, in other languages.
		{"colour", "Zaino grigio canna di fucile impermeabile", ""},
		{"colour", "Fucile ad aria compressa 4,5 mm", "prohibited/firearms"},
		{"tools", "Pistolet d'arrosage 8 jets réglable", ""},
		{"tools", "Confetti Gun Party Cannon Wedding", ""},
		// Names sellers use in Brazil, India and France, and their
		// plurals, genders and word orders.
		{"names", "Dichavador Metal 3 Partes 50mm", "prohibited/drugs"},
		{"names", "Chumbinho 4.5mm Lata 500 Unidades", "prohibited/firearms"},
		{"names", "Effriteur Grinder Aluminium 4 Parties", "prohibited/drugs"},
		{"names", "Digital BP Machine Wrist Type", "special/health-monitors"},
		{"names", "Fairness Cream for Women 25g", "recalled/whitening-cosmetics"},
		{"names", "Whey Protein Isolate 2kg Vanilla", "special/supplements"},
		{"inflection", "Aletas de Tiburón Secas 250g", "prohibited/protected-species"},
		{"inflection", "Revista Pornográfica Antiga", "prohibited/obscene"},
		{"inflection", "Wet Tissue 100 Sheets Fresh", "recalled/wet-wipes"},
		{"inflection", "Lunettes de Visée 4x32 pour Chasse", "prohibited/firearms"},
		{"inflection", "Cigarros Eletrônicos Descartáveis 6000 Puffs", "prohibited/e-cigarettes"},
		{"inflection", "Testes de Gravidez Kit 5 Unidades", "special/fertility-tests"},
		{"word order", "Jogo PS5 Mídia Física Lacrado", "special/media"},
		{"word order", "Cadeirinha para Carro Giratória Isofix", "special/child-car-seats"},
		{"word order", "Smart WiFi Switch Module 16A", "recalled/radio-switches"},
		{"names", "Siège Auto Pivotant 360° Isofix Groupe 0/1/2/3", "special/child-car-seats"},
		{"names", "Housse de Siège Auto Universelle Similicuir", ""},
		{"names", "Dry Fruits Combo Pack Almonds Cashews 1kg", "prohibited/food-drinks"},
		{"names", "Rojão 12 Tiros Festa", "prohibited/explosives"},
		{"names", "Carapace de Tortue Marine Ancienne 40 cm", "prohibited/protected-species"},
		{"names", "Escuta GSM com Chip Áudio em Tempo Real", "prohibited/spy-devices"},
		// A sparkler candle is a firework, not a candle; a "chá
		// revelação" is a party, not tea, and what is sold for it is what
		// its words say.
		{"class word", "Vela Estrelinha Faísca Dourada Kit 6", "prohibited/explosives"},
		{"class word", "Sparkler Candles Gold 12 pcs", "prohibited/explosives"},
		{"class word", "Bombas de Fumaça Coloridas Chá Revelação", "prohibited/explosives"},
		{"class word", "Painel Chá de Bebê Tecido Decoração", ""},
		// Gas "not included" is not sold; a pistola massageadora is a
		// massager; a shaker for whey is a kitchen utensil.
		{"negation", "Butane Torch Lighter Refillable (Gas Not Included)", ""},
		{"senses", "Pistola Massageadora Recarregável 30 Velocidades", ""},
		{"clears", "Whey Protein Shaker Bottle 700ml Leakproof", ""},
	} {
		got := recognizeOne(t, rn, c.title, "")
		var lists []string
		for _, l := range got.lists {
			if strings.HasPrefix(l, "prohibited/") || strings.HasPrefix(l, "recalled/") || strings.HasPrefix(l, "special/") {
				lists = append(lists, l)
			}
		}
		if want := strings.Fields(c.want); !slices.Equal(lists, want) {
			t.Errorf("%s: %q: %v, want %v", c.rule, c.title, lists, want)
		}
	}
}

// TestCategoriesClassify: the shapes of category paths sellers export.
func TestCategoriesClassify(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct{ path, class string }{
		{"Home&Kitchen|Kitchen&HomeAppliances|SmallKitchenAppliances|Kettles", "small-kitchen-appliance"},
		{"Electronics > Headphones, Earbuds & Accessories > Headphones", "audio-device"},
		{"505666 - Home & Garden > Kitchen & Dining > Kitchen Appliances", "small-kitchen-appliance"},
		{"Phones & Telecommunications > Mobile Phone Accessories > Phone Cases", "phone-accessory"},
		{"Sporting Goods > Outdoor Recreation > Cycling > Bicycle Parts > Bicycle Wheels > Bicycle Wheel Sets", "bicycle-part"},
		{"Women's Clothing > Dresses", "clothing"},
		{"Bike Bells", "bicycle-part"},
		{"Unknown > Things", ""},
		{"", ""},
	} {
		m := rn.rec.cats.Classify(c.path)
		got := ""
		if m.Class >= 0 {
			got = rn.rec.classes[m.Class].id
		}
		if got != c.class {
			t.Errorf("%q: class %q, want %q", c.path, got, c.class)
		}
	}
}

// TestRecognitionRulesFile: a rules file adds terms and classes, maps a
// category and turns a class off.
func TestRecognitionRulesFile(t *testing.T) {
	r, err := ParseRules([]byte(`
recognition:
  classes:
    - id: bike-trailer
      name: bike trailer
      rep: [sports-leisure]
      terms: {en: [cargo trailer], fr: [remorque vélo]}
    - id: watch
      off: true
  categories:
    - {phrase: trailers, class: bike-trailer}
`), "rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rn := mustRunner(t, r)
	if got := recognizeOne(t, rn, "Remorque vélo pour enfants", ""); got.class != "bike-trailer" || !slices.Equal(got.lists, []string{"rep/sports-leisure"}) {
		t.Errorf("added class: %+v", got)
	}
	if got := recognizeOne(t, rn, "Thing", "Outdoor > Trailers"); got.class != "bike-trailer" {
		t.Errorf("added mapping: %+v", got)
	}
	if got := recognizeOne(t, rn, "Quartz Watch Men", ""); got.class != "" {
		t.Errorf("class turned off still recognised: %+v", got)
	}
	if _, err := ParseRules([]byte("recognition:\n  categories:\n    - {phrase: x, class: nope}\n"), "bad.yaml"); err == nil {
		if _, err := NewRunner(mustParse(t, "recognition:\n  categories:\n    - {phrase: x, class: nope}\n")); err == nil || !strings.Contains(err.Error(), "unknown class") {
			t.Errorf("mapping to an unknown class: %v", err)
		}
	}
}

func mustParse(t testing.TB, s string) *Rules {
	t.Helper()
	r, err := ParseRules([]byte(s), "rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRecognitionDataValid: the embedded data parses and validates.
func TestRecognitionDataValid(t *testing.T) {
	c, err := recognize.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(c.Classes) < 50 || len(c.Categories) < 200 {
		t.Errorf("%d classes, %d category mappings", len(c.Classes), len(c.Categories))
	}
}
