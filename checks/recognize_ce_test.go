package checks

import "testing"

// TestRecognizeCEEvidence: the CE groups (and the REP streams that come
// with them) of titles where a power word or a rating does not describe
// the product, next to titles where it does and must still count. Each
// group of cases names the rule it tests; the first cases of a group fail
// without the rule.
func TestRecognizeCEEvidence(t *testing.T) {
	rn := mustRunner(t, nil)
	for _, c := range []struct {
		title, category string
		class           string
		want            string // space-separated, sorted
	}{
		// A loose battery's volts, mAh and "rechargeable" rate the battery;
		// it is REP batteries only.
		{"Rechargeable AA Batteries 2500mAh NiMH Pack of 4", "", "battery", "rep/batteries"},
		{"Batterie 18 V 4,0 Ah Compatible Outils Makita LXT", "", "battery", "rep/batteries"},
		{"Bateria 21V Íons de Lítio para Parafusadeira Sem Fio", "", "battery", "rep/batteries"},
		{"Akku 18V 5,0Ah für Bosch Professional", "", "battery", "rep/batteries"},
		{"Battery Charger 4 Slot for AA AAA Rechargeable Batteries", "", "cable-charger", "ce/electrical rep/batteries rep/electronics"},
		{"Power Bank 10000mAh USB C", "", "power-bank", "ce/electrical rep/batteries rep/electronics"},
		// A class word that opens a power word says how the product is
		// powered, not what it is.
		{"Kids Ride On Car Battery Operated with Remote Control 12V", "", "toy", "ce/electrical ce/toys rep/batteries rep/electronics rep/toys"},
		{"Battery Operated Fairy Lights 10 m 100 LED", "", "lighting", "ce/electrical rep/batteries rep/electronics"},
		{"Battery Powered Wall Clock Silent", "", "home-decor", "ce/electrical rep/batteries rep/electronics"},
		// A tyre's load index and speed rating follow its rim size.
		{"Pneu Voiture Été 205/55 R16 91V", "", "tyre", "rep/tyres"},
		{"Car Tyre 225/45ZR17 94W Summer", "", "tyre", "rep/tyres"},
		{"Pneu Aro 14 175/65R14 82T para Carro", "", "tyre", "rep/tyres"},
		{"Tyre Inflator Portable 12V Air Pump", "", "vehicle-part", "ce/electrical rep/electronics"},
		{"LED Headlight Bulb H4 12V 60W", "", "vehicle-part", "ce/electrical rep/electronics"},
		// Attachments, guide combs and gaskets are sold for an appliance.
		{"Trimmer Comb Attachment Guide Set for Rechargeable Beard Trimmer", "", "personal-care-accessory", ""},
		{"Hair Dryer Diffuser Attachment Universal", "", "personal-care-accessory", ""},
		{"Pente Guia para Máquina de Cortar Cabelo Recarregável", "", "personal-care-accessory", ""},
		{"Sabots de Coupe pour Tondeuse Rechargeable, 8 Guides", "", "personal-care-accessory", ""},
		{"Pressure Cooker Gasket Rubber Sealing Ring 5 Litre", "", "kitchenware", ""},
		{"Beard Trimmer Rechargeable with 4 Guide Combs", "", "personal-care-appliance", "ce/electrical rep/batteries rep/electronics"},
		// Pressure cookers need CE as pressure equipment, electric ones
		// as electrical equipment too.
		{"Panela de Pressão 4,5 L Alumínio Polido com Válvula de Segurança", "", "pressure-cooker", "ce/pressure-equipment"},
		{"Autocuiseur 6 L Inox Tous Feux Dont Induction", "", "pressure-cooker", "ce/pressure-equipment"},
		{"Electric Pressure Cooker 6L 1000W", "", "pressure-cooker", "ce/electrical ce/pressure-equipment rep/electronics"},
		// A bag's USB charging port is a cable through it; a socket cover
		// shuts a socket.
		{"Anti Theft Laptop Backpack with USB Charging Port 15.6 inch", "", "bag", ""},
		{"Sac à Dos Ordinateur Antivol avec Port de Charge USB", "", "bag", ""},
		{"Cache Prise Électrique Sécurité Enfant, Lot de 20", "", "", ""},
		{"Protetor de Tomada para Bebê Kit 12 Peças", "", "", ""},
		{"Car Charger Dual USB Port 3.4A", "", "cable-charger", "ce/electrical rep/electronics"},
		{"Power Strip 4 Outlets with 2 USB Charging Ports", "", "cable-charger", "ce/electrical rep/electronics"},
		// Stovetop coffee makers are kitchenware; coffee machines are not.
		{"Cafetière Italienne en Aluminium 6 Tasses", "", "kitchenware", ""},
		{"Cafeteira Italiana Moka 300 ml Alumínio", "", "kitchenware", ""},
		{"Cafetière à Dosettes 1450 W", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		// Brazilian titles: "bivolt" runs on 127 V and 220 V.
		{"Prancha Alisadora de Cabelo Cerâmica Bivolt 230 Graus", "", "personal-care-appliance", "ce/electrical rep/electronics"},
		{"Luminária de Mesa Bivolt Articulada", "", "lighting", "ce/electrical rep/electronics"},
		// A device the title names is what the product fits when the
		// category files it among that device's accessories.
		{"Spigen Ultra Hybrid Crystal Clear iPhone 15", "Electronics|Mobiles&Accessories|MobileAccessories|Cases&Covers", "phone-accessory", ""},
		{"Ringke Fusion Galaxy S23 Clear", "Electronics|Mobiles&Accessories|MobileAccessories|Cases&Covers", "phone-accessory", ""},
		{"Spigen Battery Case iPhone 15 5000mAh", "Electronics|Mobiles&Accessories|MobileAccessories|Cases&Covers", "phone-accessory", "ce/electrical rep/batteries rep/electronics"},
		{"Samsung Galaxy M34 5G 6000 mAh Battery", "Electronics|Mobiles&Accessories|Smartphones&BasicMobiles|Smartphones", "phone", "ce/electrical rep/batteries rep/electronics"},
		// A level run together from an acronym and a word ("TVMounts") is
		// read as its words; "Electronics" names a department, not the
		// product.
		{"Amazon Basics Heavy Duty Full Motion 32-55 inch", "Electronics|HomeTheater,TV&Video|Accessories|TVMounts", "tv-accessory", ""},
		{"Portronics Mobot Adjustable Foldable", "Electronics|Mobiles&Accessories|MobileAccessories|Stands", "", ""},
		{"Mi 108 cm X Series 4K Google TV", "Electronics|HomeTheater,TV&Video|Televisions|SmartTelevisions", "tv-video", "ce/electrical rep/electronics"},
		// Words that read as power in another sense: an engine oil's
		// viscosity grade, the Portuguese and Spanish "motor" of an
		// engine part, the French grip ("prise en main"), the Italian
		// herringbone ("spina di pesce"), digital art.
		{"Castrol GTX 20W-50 Engine Oil 3.5 L", "", "", "rep/chemicals"},
		{"Motul 7100 10W-40 Motor Oil 1 L", "", "", "rep/chemicals"},
		{"Coxim do Motor Honda Civic 2012", "", "", ""},
		{"Couteau de Cuisine Japonais, Prise en Main Ergonomique", "", "kitchenware", ""},
		{"Pavimento in Legno a Spina di Pesce", "", "", ""},
		{"Digital Art Print Poster Abstract", "", "book-print", "rep/printed-paper"},
		{"Heater 1500W-2000W Portable", "", "home-appliance", "ce/electrical rep/electronics"},
		{"DC Motor 12V 3000 RPM", "", "", "ce/electrical rep/electronics"},
		{"Motorised Treadmill 2.5 HP", "", "sports", "ce/electrical rep/electronics rep/sports-leisure"},
		// An accessory named first, then the powered device it is for
		// ("Support Téléphone Trottinette Électrique"), is what is sold;
		// accessories of e-scooters and e-bikes have no power of their own.
		{"Support Téléphone Trottinette Électrique", "", "phone-accessory", ""},
		{"Suporte de Celular Patinete Elétrico", "", "phone-accessory", ""},
		{"Cadenas Trottinette Électrique", "", "hardware", ""},
		{"Housse Trottinette Électrique Imperméable", "", "vehicle-part", ""},
		{"Capa de Chuva Patinete Elétrico", "", "vehicle-part", ""},
		{"Electric Scooter Phone Holder Handlebar Mount", "", "bicycle-part", "rep/sports-leisure"},
		{"Trottinette Électrique Adulte 350W 10 Pouces", "", "e-scooter", "ce/electrical ce/machinery rep/batteries rep/electronics special/electric-scooters"},
		{"Smart Padlock Fingerprint USB Rechargeable", "", "hardware", "ce/electrical rep/batteries rep/electronics"},
		// A toy named before an appliance is a toy shaped like it;
		// paper lanterns and folding fans are decorations.
		{"Wooden Toy Drill Set", "", "toy", "ce/toys rep/toys"},
		{"Jouet Aspirateur Enfant", "", "toy", "ce/toys rep/toys"},
		{"Toy Vacuum Cleaner with Lights and Sounds Battery Operated", "", "toy", "ce/electrical ce/toys rep/batteries rep/electronics rep/toys"},
		{"Lanterne en Papier Chinoise Décoration", "", "home-decor", ""},
		{"Chinese Paper Lanterns Red Set of 10", "", "home-decor", ""},
		{"Lanterna de Papel LED com Pilhas", "", "home-decor", "ce/electrical rep/batteries rep/electronics"},
		{"Chinese Folding Fan Bamboo and Silk", "", "home-decor", ""},
		{"Abanico de Mano de Madera", "", "home-decor", ""},
		{"Lamp Oil 1 Litre Smokeless", "", "", ""},
		{"Desk Fan 40 cm 3 Speeds", "", "home-appliance", "ce/electrical rep/electronics"},
		// "Microwave safe" says where a container may go, a fridge
		// magnet decorates a fridge, Iron Man and golf irons are no irons,
		// a stand for a gas stove is cookware.
		{"Milton Lunch Box Microwave Safe Steel Containers", "", "kitchenware", ""},
		{"Dishwasher Safe Dinner Plates Set of 6", "", "kitchenware", ""},
		{"Boîte Hermétique en Verre Compatible Micro-ondes et Lave-Vaisselle", "", "", ""},
		{"Fiambrera Apta para Microondas y Lavavajillas", "", "kitchenware", ""},
		{"Refrigerator Magnet Souvenir Paris", "", "home-decor", ""},
		{"Ímã de Geladeira Decorativo Kit 6", "", "home-decor", ""},
		{"Iron Man Action Figure 30 cm", "", "toy", "ce/toys rep/toys"},
		{"Golf Iron Set Men Right Hand", "", "", ""},
		{"Gas Stove Burner Stand Cast Iron", "", "kitchenware", ""},
		{"Microwave Oven 20 L Solo", "", "small-kitchen-appliance", "ce/electrical rep/electronics"},
		{"Lave-Vaisselle Encastrable 13 Couverts", "", "large-appliance", "ce/electrical rep/electronics"},
		{"Dry Iron 1000W Non Stick", "", "home-appliance", "ce/electrical rep/electronics"},
		// Spare parts of appliances by their part names: hoses, lids,
		// jars, levelling feet, descaler.
		{"Mangueira de Entrada Máquina de Lavar 2 m", "", "large-appliance", ""},
		{"Pés Niveladores Máquina de Lavar", "", "large-appliance", ""},
		{"Tuyau Aspirateur Universel 32 mm", "", "home-appliance", ""},
		{"Tampa do Liquidificador Mondial", "", "small-kitchen-appliance", ""},
		{"Copo Liquidificador Philips Walita", "", "small-kitchen-appliance", ""},
		{"Kettle Descaler Powder 250 g", "", "small-kitchen-appliance", ""},
		{"Détartrant Machine à Café", "", "small-kitchen-appliance", ""},
		{"Jarra Elétrica Inox 1,8 L 1500W", "", "", "ce/electrical rep/electronics"},
		{"Pressure Washer 1800W with 5 m Hose", "", "tool-power", "ce/electrical ce/machinery rep/electronics"},
		// French "bras" is an arm, not a bra.
		{"Tensiomètre Bras Électronique avec Grand Écran", "", "health-monitor", "ce/electrical ce/medical-devices rep/electronics special/health-monitors"},
		{"Support Écran Bras Articulé pour 2 Moniteurs", "", "", ""},
		// A product the platform prohibits is to be removed, not
		// certified, whatever its power words; hidden cameras are cameras.
		{"Rechargeable Stun Gun Flashlight 2 in 1 Self Defence for Women", "", "lighting", "prohibited/weapons"},
		{"Disposable Vape 5000 Puffs Rechargeable Mesh Coil Blueberry Ice", "", "e-cigarette", "prohibited/e-cigarettes"},
		{"Pod Descartável 8000 Puffs Sabor Menta Recarregável", "", "e-cigarette", "prohibited/e-cigarettes"},
		{"Dolo 650 Paracetamol Tablets Strip of 15", "", "computer", "prohibited/medicines"},
		{"Máquina de Choque Lanterna Recarregável Defesa Pessoal", "", "lighting", "prohibited/weapons"},
		{"Hidden Spy Camera 1080P WiFi Mini Camera with Night Vision", "", "camera", "ce/electrical prohibited/spy-devices rep/electronics"},
		{"Caméra Espion Cachée Mini WiFi Vision Nocturne", "", "camera", "ce/electrical prohibited/spy-devices rep/electronics"},
		{"Stun Gun Holster Nylon Belt Pouch", "", "weapon", ""},
		// An electronic medical device is electrical equipment as well,
		// even when a longer name hides its power word; its "gun" shape
		// is no firearm.
		{"Oxymètre de Pouls Doigt Saturomètre avec Écran OLED", "", "health-monitor", "ce/electrical ce/medical-devices rep/batteries rep/electronics special/health-monitors"},
		{"Aparelho de Pressão Digital de Pulso", "", "health-monitor", "ce/electrical ce/medical-devices rep/batteries rep/electronics special/health-monitors"},
		{"Infrared Forehead Thermometer Non Contact Gun Type for Kids", "", "health-monitor", "ce/electrical ce/medical-devices rep/batteries rep/electronics"},
		{"TENS Machine for Pain Relief 2 Channels", "", "health-monitor", "ce/electrical ce/medical-devices rep/electronics"},
		{"Knee Brace for Pain Relief Compression Sleeve", "", "health-medical", "ce/medical-devices"},
		{"Test de Grossesse Précoce Bandelettes Lot de 10", "", "health-medical", "ce/medical-devices special/fertility-tests"},
		// Goods of the special and recalled lists by the names sellers
		// use: laser pointers, scooties, mosquito rackets, walkie-talkies,
		// magnet balls.
		{"Laser Pointer Pen for Presentation Red Light", "", "lighting", "ce/electrical rep/electronics"},
		{"Apontador Laser Vermelho para Apresentação", "", "lighting", "ce/electrical rep/electronics"},
		{"Pointeur Laser Vert Longue Portée", "", "lighting", "ce/electrical rep/electronics"},
		{"Electric Scooty for Adults Foldable 350W Motor", "", "e-scooter", "ce/electrical ce/machinery rep/batteries rep/electronics special/electric-scooters"},
		{"Raquete Mata Mosquito Recarregável", "", "home-appliance", "ce/electrical rep/batteries rep/electronics"},
		{"Raquette Anti-Moustique USB", "", "home-appliance", "ce/electrical rep/electronics"},
		{"Mosquito Repellent Liquid Vaporizer Machine with Refill", "", "home-appliance", "ce/electrical rep/electronics"},
		{"Talkie Walkie Lot de 2 Portée 3 km", "", "audio-device", "ce/electrical rep/electronics"},
		{"Bolinhas Magnéticas 216 Peças 5mm", "", "toy", "ce/toys recalled/magnetic-balls rep/toys"},
	} {
		wantRecognized(t, rn, c.title, c.category, c.class, c.want)
	}
}
