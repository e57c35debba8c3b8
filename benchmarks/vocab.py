"""Word lists for the benchmark corpus: Dutch/Flemish press vocabulary, composed for this repo.

Why so many lists: spaCy's tokenizer caches every whitespace chunk it has
seen, so a corpus built from a few repeated texts makes tokenising (the
ceiling) look ~15x faster than on a real archive. Real press releases keep
introducing new names, places, numbers and compounds; these lists, combined
by ``corpus.py`` (compounds, inflections, names, numbers), give a vocabulary
that keeps growing with the corpus the way a real archive's does.
"""

from __future__ import annotations

FIRST_NAMES = """
Aukje Marjolein Hilde Kristel Pieter Lieve Wouter Dirk Sanne Ronald Bram Joost Ilse Gerrit Annemiek Bas
Laura Mirjam Hans Leon Francis Eric Nathalie Annelies Tom Jan Kees Johan Marleen Ingrid Els Katrien Bart
Koen Stijn Wim Geert Luc Erik Inge Sofie Lotte Emma Sara Julie Lisa Femke Anouk Sophie Eva Fleur Noor
Tim Thomas Ruben Daan Sem Lars Jesse Thijs Niels Jeroen Maarten Sander Michiel Rik Wouter Arjen Ruud
Henk Gert Frank Paul Peter Mark Rob Erwin Ronald Marcel Patrick Vincent Steven Kristof Jens Pieter-Jan
Annick Veerle Griet Hanne Elke Lien Jolien Nele Tine Evelien Leen Ellen Karolien Sven Gunther Filip
Yves Guy Jean-Marie Marc Philippe Didier Olivier Benoit Ahmed Mohamed Youssef Fatima Samira Nadia
Mustafa Hakim Karim Yasmina Ilias Mehmet Emre Ayse Zeynep Ricardo Diego Marco Giulia Tatjana Agnieszka
Piotr Ivan Dragan Jolanda Wilma Trudy Ria Astrid Marieke Hester Lieke Renske Margriet Ymke Sjoerd
Hidde Douwe Wietse Bauke Froukje Geertje Tjeerd Auke Durk Hiske Ankie Mieke Toos Sietske Marit Floor
""".split()

SURNAMES = """
Verstraeten Peeters Vandamme Goossens Hendrickx Claes Verhoeven Bakermans Kuijpers Zuidema Olthof
Haverkamp Kortekaas Bos Dewulf Brinkman Sinke Geeraerts Verhaeghe Janssens Maes Jacobs Mertens Willems
Wouters Dubois Lambert Dupont Michiels Hermans Aerts Smets Pauwels Vermeulen Declercq Desmet Lemmens
Bogaert Martens Stevens Coppens Leclercq Cools Verbeke Segers Vervoort Wuyts Pieters Vos Jansen Visser
Smit Meijer Mulder Dekker Brouwer Dijkstra Kok Jacobs Vermeer Schouten Willemsen Hoekstra Koster
Prins Blom Huisman Peters Kuipers Postma Veenstra Sluiter Scholten Timmermans Groen Gerritsen Boer
Hofman Evers Koning Verbruggen Bosman Maas Kramer Vink Zwart Wolters Hendriks Sanders Roelofs Stam
Pranger Oosterhuis Bruinsma Wijnands Rutgers Tielemans Vlaminck Callebaut Ceulemans Vanhoutte
Vandenberghe Vanderstraeten Cornelis Baert Lauwers Sterckx Raes Goethals Moens Verlinden Roels
""".split()

#: Surnames with a particle, written as a Dutch or Flemish paper would.
PARTICLE_SURNAMES = [
    "de Vries",
    "de Wit",
    "de Jong",
    "van Leeuwen",
    "van Dijk",
    "van den Berg",
    "van der Meer",
    "de Boer",
    "ter Horst",
    "van Vliet",
    "van der Linden",
    "de Graaf",
    "van Beek",
    "van Wijk",
    "de Haan",
    "van Rijn",
    "Van Damme",
    "Van Peteghem",
    "Van Duyse",
    "De Smet",
    "De Clercq",
    "Van de Velde",
    "Van den Bossche",
    "De Backer",
    "Vanden Broeck",
    "Van Hoof",
    "De Meyer",
    "Van Acker",
    "De Cock",
    "Van Gorp",
    "Verhulst",
    "van 't Hek",
    "in 't Veld",
    "van Os",
    "ten Brink",
    "van Gils",
    "De Ridder",
    "Van Look",
    "D'Hondt",
]

ROLES = [
    "woordvoerder",
    "woordvoerster",
    "officier van justitie",
    "burgemeester",
    "havenmeester",
    "minister van Financiën",
    "minister van Justitie",
    "staatssecretaris van Financiën",
    "staatssecretaris Toeslagen en Douane",
    "procureur des Konings",
    "federaal procureur",
    "administrateur-generaal van de douane",
    "directeur-generaal Douane",
    "teamleider",
    "commissaris",
    "hoofdcommissaris",
    "korpschef",
    "onderzoeksrechter",
    "persmagistraat",
    "gouverneur",
    "schepen",
    "douanedirecteur",
    "landelijk officier van justitie",
    "hoofdofficier van justitie",
    "gedeputeerde",
    "directeur havenbeveiliging",
    "CEO van het havenbedrijf",
    "voorzitter van de havenraad",
    "coördinator drugsbestrijding",
    "inspecteur",
    "hoofdinspecteur",
    "recherchechef",
    "districtschef",
]

ORGANISATIONS = [
    "de douane",
    "de Douane Rotterdam",
    "de FIOD",
    "het Openbaar Ministerie",
    "het OM",
    "de Koninklijke Marechaussee",
    "het federaal parket",
    "de federale gerechtelijke politie",
    "de Zeehavenpolitie",
    "het HARC-team",
    "de Nationale Politie",
    "de scheepvaartpolitie",
    "het Landelijk Parket",
    "het Functioneel Parket",
    "de FOD Financiën",
    "de Algemene Administratie van Douane en Accijnzen",
    "het Havenbedrijf Rotterdam",
    "Port of Antwerp-Bruges",
    "North Sea Port",
    "de Dienst Terrestrische Opsporing",
    "Europol",
    "de Belastingdienst",
    "de lokale politie",
    "het parket van Antwerpen",
    "het parket van Gent",
    "het parket West-Vlaanderen",
    "het parket Zeeland-West-Brabant",
    "het parket Oost-Vlaanderen",
    "het parket van Halle-Vilvoorde",
    "de Landelijke Eenheid",
    "Groningen Seaports",
    "het Landelijk Expertisecentrum Synthetische Drugs en Precursoren",
    "de Marine",
    "de Kustwacht",
]

#: Home ports, as the text names them -> forms used in phrases.
HOME_PORTS = [
    ("Rotterdam", "Rotterdamse"),
    ("Antwerpen", "Antwerpse"),
    ("Vlissingen", "Vlissingse"),
    ("Zeebrugge", "Zeebrugse"),
    ("Gent", "Gentse"),
    ("Amsterdam", "Amsterdamse"),
    ("Moerdijk", "Moerdijkse"),
    ("Terneuzen", "Terneuzense"),
    ("Oostende", "Oostendse"),
    ("Delfzijl", "Delfzijlse"),
    ("Harlingen", "Harlingse"),
    ("Den Helder", "Helderse"),
    ("IJmuiden", "IJmuidense"),
    ("Dordrecht", "Dordtse"),
]

HOME_PORT_AREAS = [
    "de Maasvlakte",
    "de Waalhaven",
    "het Deurganckdok",
    "de Waaslandhaven",
    "de Eemshaven",
    "de Botlek",
    "de Europoort",
    "de Kallo-terminal",
    "het Kanaaldok",
    "Vlissingen-Oost",
    "de Sloehaven",
    "de Westerschelde",
    "de Eemhaven",
    "de containerterminal aan de Amazonehaven",
]

AIRPORTS = [
    "Schiphol",
    "Brussels Airport",
    "Zaventem",
    "Eindhoven Airport",
    "Liège Airport",
    "Maastricht Aachen Airport",
]

#: (port, country, country adjective) of origin ports abroad.
FOREIGN_PORTS = [
    ("Santos", "Brazilië", "Braziliaanse"),
    ("Guayaquil", "Ecuador", "Ecuadoraanse"),
    ("Paramaribo", "Suriname", "Surinaamse"),
    ("Cartagena", "Colombia", "Colombiaanse"),
    ("Callao", "Peru", "Peruaanse"),
    ("Kingston", "Jamaica", "Jamaicaanse"),
    ("Moín", "Costa Rica", "Costa Ricaanse"),
    ("Manzanillo", "Panama", "Panamese"),
    ("Buenaventura", "Colombia", "Colombiaanse"),
    ("Puerto Bolívar", "Ecuador", "Ecuadoraanse"),
    ("Tanger Med", "Marokko", "Marokkaanse"),
    ("Algeciras", "Spanje", "Spaanse"),
    ("Ningbo", "China", "Chinese"),
    ("Shanghai", "China", "Chinese"),
    ("Karachi", "Pakistan", "Pakistaanse"),
    ("Durban", "Zuid-Afrika", "Zuid-Afrikaanse"),
    ("Montevideo", "Uruguay", "Uruguayaanse"),
    ("Buenos Aires", "Argentinië", "Argentijnse"),
    ("Lagos", "Nigeria", "Nigeriaanse"),
    ("Mersin", "Turkije", "Turkse"),
    ("Valencia", "Spanje", "Spaanse"),
    ("Le Havre", "Frankrijk", "Franse"),
    ("Hamburg", "Duitsland", "Duitse"),
    ("Bremerhaven", "Duitsland", "Duitse"),
    ("Caucedo", "Dominicaanse Republiek", "Dominicaanse"),
    ("Port of Spain", "Trinidad", "Trinidadiaanse"),
    ("Itajaí", "Brazilië", "Braziliaanse"),
    ("Paranaguá", "Brazilië", "Braziliaanse"),
    ("Turbo", "Colombia", "Colombiaanse"),
    ("Jebel Ali", "de Verenigde Arabische Emiraten", "Emiraatse"),
    ("Mumbai", "India", "Indiase"),
    ("Chittagong", "Bangladesh", "Bengaalse"),
    ("Felixstowe", "het Verenigd Koninkrijk", "Britse"),
    ("Hull", "het Verenigd Koninkrijk", "Britse"),
    ("Gioia Tauro", "Italië", "Italiaanse"),
]

CITIES = """
Tilburg Breda Eindhoven Utrecht Den_Haag Spijkenisse Ridderkerk Barendrecht Schiedam Vlaardingen Maassluis
Rozenburg Hellevoetsluis Zwijndrecht Dordrecht Gorinchem Oosterhout Roosendaal Bergen_op_Zoom Goes Middelburg
Zevenbergen Etten-Leur Helmond Venlo Roermond Maastricht Heerlen Sittard Nijmegen Arnhem Apeldoorn Deventer
Zwolle Enschede Hengelo Almelo Groningen Leeuwarden Assen Emmen Hoogeveen Lelystad Almere Hilversum Amersfoort
Haarlem Zaandam Purmerend Hoorn Alkmaar Leiden Delft Gouda Zoetermeer Lokeren Sint-Niklaas Hoboken Berchem
Deurne Merksem Wilrijk Mortsel Boom Mechelen Lier Turnhout Geel Mol Herentals Hasselt Genk Leuven Aalst
Dendermonde Kortrijk Roeselare Brugge Knokke-Heist Blankenberge Ieper Waregem Oudenaarde Ninove
Vilvoorde Halle
Luik Charleroi Namen Bergen Doornik Kapellen Stabroek Brasschaat Schoten Kalmthout Essen Wuustwezel Beveren
Temse Kruibeke Ekeren Brecht Zoersel Kontich Edegem Aartselaar Hemiksem Schelle Niel Puurs Bornem Willebroek
""".split()

#: Goods a load was declared as (plural forms, as a text would write them).
CARGO = """
bananen ananassen avocado's mango's limoenen citroenen sinaasappelen mandarijnen druiven meloenen
koffiebonen cacaobonen rijst suiker meel houtskool schroot tegels bouwmaterialen betonplaten marmer
granieten_platen papier karton textiel handdoeken kleding schoenen speelgoed meubelen tuinmeubelen
autobanden onderdelen machines generatoren koelkasten wasmachines kabels buizen staalrollen vis garnalen
kip rundvlees diepvriesfrietjes noten cashewnoten pinda's kokosnoten specerijen thee tabaksbladeren
bloemen rozen planten potgrond kunstmest zout olijven tomatenpuree conserven sappen frisdrank bier wijn
""".split()

#: What the goods were hidden in (plural), for seizure sentences.
CONCEALMENT = """
sporttassen reistassen dozen kartonnen_dozen koffers vaten jutezakken zakken pakketten blokken pallets
kratten valiezen rugzakken emmers jerrycans flessen blikken cilinders buizen koelunits isolatieplaten
""".split()

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

#: (how the text names it, unit word choices) for the seized goods.
#: unit kinds: "mass" (kilo, kg, ton, gram), "pieces" (count with noun), "volume" (liter), "money".
SUBSTANCE_FORMS = [
    ("cocaïne", "mass"),
    ("coke", "mass"),
    ("cocaïne", "mass"),
    ("heroïne", "mass"),
    ("hasj", "mass"),
    ("cannabis", "mass"),
    ("cannabistoppen", "mass"),
    ("wiet", "mass"),
    ("ketamine", "mass"),
    ("amfetamine", "mass"),
    ("speed", "mass"),
    ("crystal meth", "mass"),
    ("methamfetamine", "mass"),
    ("MDMA", "mass"),
    ("tabak", "mass"),
    ("shag", "mass"),
    ("waterpijptabak", "mass"),
    ("xtc-pillen", "pieces"),
    ("pillen", "pieces"),
    ("sigaretten", "pieces"),
    ("illegale sigaretten", "pieces"),
    ("namaaksigaretten", "pieces"),
    ("vuurwapens", "pieces"),
    ("patronen", "pieces"),
    ("kogels", "pieces"),
    ("namaakartikelen", "pieces"),
    ("hasjplaten", "pieces"),
    ("wietplanten", "pieces"),
    ("BMK", "volume"),
    ("PMK", "volume"),
    ("grondstoffen voor synthetische drugs", "volume"),
    ("contant geld", "money"),
    ("cash", "money"),
]

MASS_UNITS = ["kilo", "kilo", "kilo", "kg", "ton", "kilogram", "gram"]
QUALIFIERS = [
    "",
    "",
    "",
    "",
    "ruim",
    "meer dan",
    "bijna",
    "ongeveer",
    "zo'n",
    "circa",
    "minstens",
    "rond de",
    "nog geen",
    "minder dan",
    "om en bij de",
    "dik",
    "zeker",
    "maximaal",
    "ca.",
]
VAGUE_AMOUNTS = ["tientallen", "honderden", "duizenden", "enkele", "een paar", "verschillende"]
SMALL_NUMBER_WORDS = [
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "vijftien",
    "twintig",
    "dertig",
    "veertig",
    "vijftig",
    "honderd",
    "tweehonderd",
    "anderhalve",
]

SEIZE_PARTICIPLES = [
    "onderschept",
    "in beslag genomen",
    "gevonden",
    "aangetroffen",
    "ontdekt",
    "opgespoord",
    "tegengehouden",
    "onderschept en vernietigd",
    "uit de container gehaald",
]
SEIZE_PAST_SG = ["onderschepte", "vond", "trof", "ontdekte", "nam", "onderschepte"]

SPEECH_VERBS = [
    "zegt",
    "zei",
    "laat weten",
    "meldt",
    "stelt",
    "benadrukt",
    "verklaart",
    "bevestigt",
    "vertelt",
    "schrijft",
    "reageert",
    "noemt het",
    "erkent",
    "waarschuwt",
    "wijst erop",
]

#: Left parts of compounds (Dutch writes compounds as one word: havenbedrijf, drugssmokkel).
COMPOUND_LEFT = """
haven container douane drugs smokkel politie terminal fruit scan risico veiligheid grens lading cocaïne
vracht zee lucht spoor weg water bedrijfs overheids justitie parket recherche criminaliteit geld
witwas onderzoeks controle toegangs camera beveiligings opsporings informatie samenwerkings vervoers
transport logistiek koel scheeps bemannings passagiers bagage post koerier pakket invoer uitvoer
import export accijns belasting tabaks sigaretten wapen munitie geweld bende cel gevangenis rechtbank
straf proces burger buurt gemeente provincie stads regio
kust nacht dag week jaar maand kwartaal cijfer record vangst partij netwerk organisatie
""".split()

#: Right parts of compounds with their plural.
COMPOUND_RIGHT = [
    ("bedrijf", "bedrijven"),
    ("medewerker", "medewerkers"),
    ("controle", "controles"),
    ("onderzoek", "onderzoeken"),
    ("netwerk", "netwerken"),
    ("route", "routes"),
    ("terminal", "terminals"),
    ("sector", "sectoren"),
    ("beleid", "beleidsplannen"),
    ("systeem", "systemen"),
    ("team", "teams"),
    ("dienst", "diensten"),
    ("gebied", "gebieden"),
    ("plan", "plannen"),
    ("actie", "acties"),
    ("cijfer", "cijfers"),
    ("aanpak", "aanpakken"),
    ("probleem", "problemen"),
    ("zaak", "zaken"),
    ("verdachte", "verdachten"),
    ("organisatie", "organisaties"),
    ("keten", "ketens"),
    ("stroom", "stromen"),
    ("wet", "wetten"),
    ("regel", "regels"),
    ("maatregel", "maatregelen"),
    ("budget", "budgetten"),
    ("capaciteit", "capaciteiten"),
    ("kosten", "kosten"),
    ("markt", "markten"),
    ("prijs", "prijzen"),
    ("handel", "handelaars"),
    ("vervoer", "vervoerders"),
    ("partner", "partners"),
    ("operatie", "operaties"),
    ("inval", "invallen"),
    ("huiszoeking", "huiszoekingen"),
    ("arrestatie", "arrestaties"),
    ("rapport", "rapporten"),
    ("analyse", "analyses"),
    ("scanner", "scanners"),
    ("hek", "hekken"),
    ("poort", "poorten"),
    ("pas", "passen"),
    ("kaart", "kaarten"),
    ("gegevens", "gegevens"),
    ("bericht", "berichten"),
    ("telefoon", "telefoons"),
    ("dossier", "dossiers"),
    ("proces", "processen"),
    ("zitting", "zittingen"),
    ("straf", "straffen"),
    ("boete", "boetes"),
    ("schade", "schades"),
    ("waarde", "waarden"),
    ("opbrengst", "opbrengsten"),
    ("winst", "winsten"),
    ("druk", "drukken"),
    ("toezicht", "toezichthouders"),
    ("inspectie", "inspecties"),
    ("loods", "loodsen"),
    ("kade", "kades"),
    ("schip", "schepen"),
    ("haven", "havens"),
    ("vlucht", "vluchten"),
    ("koffer", "koffers"),
    ("pakket", "pakketten"),
    ("zending", "zendingen"),
    ("container", "containers"),
    ("wagen", "wagens"),
]

#: Simple nouns: (singular, plural, article of the singular).
NOUNS = [
    ("samenwerking", "samenwerkingen", "de"),
    ("uitwisseling", "uitwisselingen", "de"),
    ("beslissing", "beslissingen", "de"),
    ("opleiding", "opleidingen", "de"),
    ("informatie", "informatie", "de"),
    ("intelligentie", "intelligentie", "de"),
    ("vuist", "vuisten", "de"),
    ("criminaliteit", "criminaliteit", "de"),
    ("ondermijning", "ondermijning", "de"),
    ("corruptie", "corruptie", "de"),
    ("omkoping", "omkopingen", "de"),
    ("chauffeur", "chauffeurs", "de"),
    ("havenarbeider", "havenarbeiders", "de"),
    ("douanier", "douaniers", "de"),
    ("agent", "agenten", "de"),
    ("rechercheur", "rechercheurs", "de"),
    ("speurder", "speurders", "de"),
    ("verdachte", "verdachten", "de"),
    ("uithaler", "uithalers", "de"),
    ("smokkelaar", "smokkelaars", "de"),
    ("koerier", "koeriers", "de"),
    ("reiziger", "reizigers", "de"),
    ("passagier", "passagiers", "de"),
    ("bemanningslid", "bemanningsleden", "het"),
    ("kapitein", "kapiteins", "de"),
    ("loods", "loodsen", "de"),
    ("vrachtwagen", "vrachtwagens", "de"),
    ("bestelbus", "bestelbussen", "de"),
    ("auto", "auto's", "de"),
    ("woning", "woningen", "de"),
    ("bedrijfspand", "bedrijfspanden", "het"),
    ("opslagplaats", "opslagplaatsen", "de"),
    ("garagebox", "garageboxen", "de"),
    ("drugslab", "drugslabs", "het"),
    ("plantage", "plantages", "de"),
    ("kwekerij", "kwekerijen", "de"),
    ("fabriek", "fabrieken", "de"),
    ("werkplaats", "werkplaatsen", "de"),
    ("rechter", "rechters", "de"),
    ("advocaat", "advocaten", "de"),
    ("vonnis", "vonnissen", "het"),
    ("celstraf", "celstraffen", "de"),
    ("gevangenisstraf", "gevangenisstraffen", "de"),
    ("eis", "eisen", "de"),
    ("requisitoir", "requisitoirs", "het"),
    ("verhoor", "verhoren", "het"),
    ("getuige", "getuigen", "de"),
    ("bewijs", "bewijzen", "het"),
    ("spoor", "sporen", "het"),
    ("aanwijzing", "aanwijzingen", "de"),
    ("tip", "tips", "de"),
    ("melding", "meldingen", "de"),
    ("signaal", "signalen", "het"),
    ("scanner", "scanners", "de"),
    ("hond", "honden", "de"),
    ("drone", "drones", "de"),
    ("camera", "camera's", "de"),
    ("zegel", "zegels", "de"),
    ("deur", "deuren", "de"),
    ("wand", "wanden", "de"),
    ("vloer", "vloeren", "de"),
    ("romp", "rompen", "de"),
    ("zeekist", "zeekisten", "de"),
    ("ruim", "ruimen", "het"),
    ("dek", "dekken", "het"),
    ("kade", "kades", "de"),
    ("steiger", "steigers", "de"),
    ("sluis", "sluizen", "de"),
    ("dok", "dokken", "het"),
    ("begroting", "begrotingen", "de"),
    ("investering", "investeringen", "de"),
    ("subsidie", "subsidies", "de"),
    ("minister", "ministers", "de"),
    ("kabinet", "kabinetten", "het"),
    ("regering", "regeringen", "de"),
    ("parlement", "parlementen", "het"),
    ("Kamer", "Kamers", "de"),
    ("gemeenteraad", "gemeenteraden", "de"),
    ("vakbond", "vakbonden", "de"),
    ("werkgever", "werkgevers", "de"),
    ("sector", "sectoren", "de"),
    ("criminoloog", "criminologen", "de"),
    ("deskundige", "deskundigen", "de"),
    ("onderzoeker", "onderzoekers", "de"),
    ("studie", "studies", "de"),
    ("rapport", "rapporten", "het"),
    ("evaluatie", "evaluaties", "de"),
    ("trend", "trends", "de"),
    ("stijging", "stijgingen", "de"),
    ("daling", "dalingen", "de"),
    ("verschuiving", "verschuivingen", "de"),
    ("werkwijze", "werkwijzen", "de"),
    ("methode", "methodes", "de"),
    ("techniek", "technieken", "de"),
    ("verstopplaats", "verstopplaatsen", "de"),
    ("dekmantel", "dekmantels", "de"),
    ("tussenpersoon", "tussenpersonen", "de"),
    ("opdrachtgever", "opdrachtgevers", "de"),
    ("bende", "bendes", "de"),
    ("clan", "clans", "de"),
    ("kartel", "kartels", "het"),
    ("afrekening", "afrekeningen", "de"),
    ("explosie", "explosies", "de"),
    ("schietpartij", "schietpartijen", "de"),
    ("ontvoering", "ontvoeringen", "de"),
    ("bedreiging", "bedreigingen", "de"),
    ("intimidatie", "intimidatie", "de"),
    ("slachtoffer", "slachtoffers", "het"),
    ("buurtbewoner", "buurtbewoners", "de"),
    ("wijk", "wijken", "de"),
    ("straat", "straten", "de"),
    ("terrein", "terreinen", "het"),
    ("industrieterrein", "industrieterreinen", "het"),
    ("snelweg", "snelwegen", "de"),
    ("grens", "grenzen", "de"),
    ("land", "landen", "het"),
    ("werelddeel", "werelddelen", "het"),
    ("markt", "markten", "de"),
    ("vraag", "vragen", "de"),
    ("aanbod", "aanbod", "het"),
    ("prijs", "prijzen", "de"),
    ("zuiverheid", "zuiverheid", "de"),
    ("straatwaarde", "straatwaarden", "de"),
    ("opbrengst", "opbrengsten", "de"),
    ("winst", "winsten", "de"),
    ("verlies", "verliezen", "het"),
    ("schade", "schades", "de"),
    ("accijns", "accijnzen", "de"),
    ("btw", "btw", "de"),
    ("heffing", "heffingen", "de"),
    ("fraude", "fraudes", "de"),
    ("jaarverslag", "jaarverslagen", "het"),
    ("persconferentie", "persconferenties", "de"),
    ("persbericht", "persberichten", "het"),
    ("verklaring", "verklaringen", "de"),
    ("interview", "interviews", "het"),
    ("reactie", "reacties", "de"),
    ("kritiek", "kritieken", "de"),
    ("oproep", "oproepen", "de"),
    ("toekomst", "toekomst", "de"),
    ("periode", "periodes", "de"),
    ("seizoen", "seizoenen", "het"),
    ("weekend", "weekends", "het"),
    ("nacht", "nachten", "de"),
    ("ochtend", "ochtenden", "de"),
    ("middag", "middagen", "de"),
    ("avond", "avonden", "de"),
    ("vergadering", "vergaderingen", "de"),
]

#: Adjectives in their base form; corpus.py adds the -e form and comparatives.
ADJECTIVES = """
groot klein nieuw oud belangrijk zwaar licht snel traag hoog laag sterk zwak recent vroeg laat breed smal
crimineel illegaal legaal verdacht onschuldig gewelddadig georganiseerd internationaal nationaal lokaal
Europees Belgisch Nederlands Vlaams federaal gerechtelijk juridisch financieel economisch logistiek
technisch digitaal versleuteld geheim anoniem openbaar duidelijk moeilijk eenvoudig complex enorm
opvallend bijzonder gewoon normaal uitzonderlijk zeldzaam frequent regelmatig structureel tijdelijk
definitief voorlopig concreet vaag precies strikt streng mild kwetsbaar veilig onveilig gevaarlijk
dreigend zorgwekkend positief negatief tevreden ontevreden bezorgd kritisch voorzichtig alert waakzaam
actief passief nauw hecht stevig flink fors gering beperkt ruim uitgebreid grondig nauwkeurig
systematisch gericht willekeurig strategisch operationeel tactisch preventief repressief effectief
efficiënt duur goedkoop winstgevend lucratief verslavend schadelijk dodelijk zuiver vervuild
""".split()

#: Verbs: (3rd person singular present, plural present, past singular, past participle).
VERBS = [
    ("werkt", "werken", "werkte", "gewerkt"),
    ("controleert", "controleren", "controleerde", "gecontroleerd"),
    ("onderzoekt", "onderzoeken", "onderzocht", "onderzocht"),
    ("investeert", "investeren", "investeerde", "geïnvesteerd"),
    ("verhoogt", "verhogen", "verhoogde", "verhoogd"),
    ("verlaagt", "verlagen", "verlaagde", "verlaagd"),
    ("versterkt", "versterken", "versterkte", "versterkt"),
    ("verscherpt", "verscherpen", "verscherpte", "verscherpt"),
    ("bespreekt", "bespreken", "besprak", "besproken"),
    ("beslist", "beslissen", "besliste", "beslist"),
    ("vraagt", "vragen", "vroeg", "gevraagd"),
    ("eist", "eisen", "eiste", "geëist"),
    ("verwacht", "verwachten", "verwachtte", "verwacht"),
    ("vreest", "vrezen", "vreesde", "gevreesd"),
    ("hoopt", "hopen", "hoopte", "gehoopt"),
    ("wil", "willen", "wilde", "gewild"),
    ("kan", "kunnen", "kon", "gekund"),
    ("moet", "moeten", "moest", "gemoeten"),
    ("blijft", "blijven", "bleef", "gebleven"),
    ("wordt", "worden", "werd", "geworden"),
    ("krijgt", "krijgen", "kreeg", "gekregen"),
    ("geeft", "geven", "gaf", "gegeven"),
    ("neemt", "nemen", "nam", "genomen"),
    ("brengt", "brengen", "bracht", "gebracht"),
    ("houdt", "houden", "hield", "gehouden"),
    ("zet", "zetten", "zette", "gezet"),
    ("legt", "leggen", "legde", "gelegd"),
    ("stelt", "stellen", "stelde", "gesteld"),
    ("toont", "tonen", "toonde", "getoond"),
    ("wijst", "wijzen", "wees", "gewezen"),
    ("meldt", "melden", "meldde", "gemeld"),
    ("bevestigt", "bevestigen", "bevestigde", "bevestigd"),
    ("ontkent", "ontkennen", "ontkende", "ontkend"),
    ("verklaart", "verklaren", "verklaarde", "verklaard"),
    ("vervoert", "vervoeren", "vervoerde", "vervoerd"),
    ("verstopt", "verstoppen", "verstopte", "verstopt"),
    ("smokkelt", "smokkelen", "smokkelde", "gesmokkeld"),
    ("verkoopt", "verkopen", "verkocht", "verkocht"),
    ("koopt", "kopen", "kocht", "gekocht"),
    ("betaalt", "betalen", "betaalde", "betaald"),
    ("verdient", "verdienen", "verdiende", "verdiend"),
    ("witwast", "witwassen", "waste wit", "witgewassen"),
    ("rekruteert", "rekruteren", "rekruteerde", "gerekruteerd"),
    ("bedreigt", "bedreigen", "bedreigde", "bedreigd"),
    ("arresteert", "arresteren", "arresteerde", "gearresteerd"),
    ("vervolgt", "vervolgen", "vervolgde", "vervolgd"),
    ("veroordeelt", "veroordelen", "veroordeelde", "veroordeeld"),
    ("spreekt", "spreken", "sprak", "gesproken"),
    ("analyseert", "analyseren", "analyseerde", "geanalyseerd"),
    ("scant", "scannen", "scande", "gescand"),
    ("opent", "openen", "opende", "geopend"),
    ("sluit", "sluiten", "sloot", "gesloten"),
    ("beveiligt", "beveiligen", "beveiligde", "beveiligd"),
    ("bewaakt", "bewaken", "bewaakte", "bewaakt"),
    ("volgt", "volgen", "volgde", "gevolgd"),
    ("leidt", "leiden", "leidde", "geleid"),
    ("stijgt", "stijgen", "steeg", "gestegen"),
    ("daalt", "dalen", "daalde", "gedaald"),
    ("groeit", "groeien", "groeide", "gegroeid"),
    ("verandert", "veranderen", "veranderde", "veranderd"),
    ("verschuift", "verschuiven", "verschoof", "verschoven"),
    ("ontwikkelt", "ontwikkelen", "ontwikkelde", "ontwikkeld"),
    ("ondersteunt", "ondersteunen", "ondersteunde", "ondersteund"),
    ("coördineert", "coördineren", "coördineerde", "gecoördineerd"),
    ("registreert", "registreren", "registreerde", "geregistreerd"),
    ("publiceert", "publiceren", "publiceerde", "gepubliceerd"),
    ("evalueert", "evalueren", "evalueerde", "geëvalueerd"),
    ("bereikt", "bereiken", "bereikte", "bereikt"),
    ("overschrijdt", "overschrijden", "overschreed", "overschreden"),
    ("bestrijdt", "bestrijden", "bestreed", "bestreden"),
    ("verplaatst", "verplaatsen", "verplaatste", "verplaatst"),
    ("misbruikt", "misbruiken", "misbruikte", "misbruikt"),
]

ADVERBS = """
ook nog al steeds vaak soms zelden nooit altijd opnieuw eerder later inmiddels intussen daarnaast bovendien
echter toch wel niet vooral onder_meer voornamelijk meestal doorgaans vermoedelijk waarschijnlijk mogelijk
blijkbaar duidelijk nauwelijks amper bijna helemaal volledig grotendeels deels gedeeltelijk tijdelijk
voorlopig uiteindelijk daarom daardoor dus immers namelijk vervolgens daarna nadien ondertussen tegelijk
samen apart verder sindsdien tot_nu_toe dit_jaar momenteel nu vandaag gisteren recent onlangs jaarlijks
""".split()

PREPOSITIONS = [
    "in",
    "op",
    "bij",
    "van",
    "voor",
    "met",
    "naar",
    "uit",
    "over",
    "tegen",
    "door",
    "onder",
    "tussen",
    "achter",
    "aan",
    "rond",
]

CONNECTORS = [
    "Volgens de douane",
    "Daarnaast",
    "Bovendien",
    "Toch",
    "Intussen",
    "Ook",
    "Opvallend is dat",
    "Volgens speurders",
    "Volgens de politie",
    "In de praktijk",
    "Sinds vorig jaar",
    "Daarom",
    "Tegelijk",
    "Vorig jaar",
    "Dit jaar",
    "In totaal",
    "Eerder",
    "Na afloop",
    "Volgens het parket",
    "Uit het onderzoek blijkt dat",
    "Naar verluidt",
    "Volgens ingewijden",
    "Volgens de cijfers",
]

#: More left parts of compounds (topics a ten-year archive also touches).
COMPOUND_LEFT += """
energie brandstof diesel olie gas chemie chemicaliën afval milieu natuur landbouw vee voedsel fruitteelt
bloemen bouw woning huur vastgoed auto fiets trein bus tram metro taxi luchtvaart vliegveld luchthaven
kantoor winkel horeca café restaurant hotel vakantie toerisme festival evenement sport voetbal school
jeugd ouderen zorg ziekenhuis gezondheid medicijn vaccin apotheek dokters verpleeg arbeids werk loon
pensioen uitkering studie onderzoeker kennis universiteit data computer internet cyber hack software
telefoon sms chat berichten crypto bitcoin bank betaal rekening lening schuld hypotheek beurs aandeel
handels markt prijs inflatie koop verkoop levering productie fabrieks opslag depot magazijn distributie
pakhuis kraan sleepboot binnenvaart rivier kanaal dijk sluis brug tunnel ring snelweg parkeer verkeer
ongevals brand rook explosie nood hulp ambulance brandweer redding crisis rampen storm regen droogte
""".split()

COMPOUND_RIGHT += [
    ("sector", "sectoren"),
    ("akkoord", "akkoorden"),
    ("overleg", "overleggen"),
    ("debat", "debatten"),
    ("besluit", "besluiten"),
    ("voorstel", "voorstellen"),
    ("verbod", "verboden"),
    ("vergunning", "vergunningen"),
    ("tekort", "tekorten"),
    ("overschot", "overschotten"),
    ("aanbod", "aanbiedingen"),
    ("vraag", "vragen"),
    ("locatie", "locaties"),
    ("centrum", "centra"),
    ("punt", "punten"),
    ("lijn", "lijnen"),
    ("net", "netten"),
    ("installatie", "installaties"),
    ("apparaat", "apparaten"),
    ("middel", "middelen"),
    ("product", "producten"),
    ("kwaliteit", "kwaliteiten"),
    ("niveau", "niveaus"),
    ("risico", "risico's"),
    ("incident", "incidenten"),
    ("ongeluk", "ongelukken"),
    ("storing", "storingen"),
    ("stop", "stops"),
    ("vertraging", "vertragingen"),
    ("uitbreiding", "uitbreidingen"),
    ("vernieuwing", "vernieuwingen"),
    ("verbouwing", "verbouwingen"),
    ("opening", "openingen"),
    ("sluiting", "sluitingen"),
    ("staking", "stakingen"),
    ("protest", "protesten"),
    ("campagne", "campagnes"),
    ("project", "projecten"),
    ("programma", "programma's"),
    ("fonds", "fondsen"),
    ("raad", "raden"),
    ("commissie", "commissies"),
    ("directie", "directies"),
    ("afdeling", "afdelingen"),
    ("personeel", "personeelsleden"),
    ("werknemer", "werknemers"),
    ("klant", "klanten"),
    ("gebruiker", "gebruikers"),
    ("eigenaar", "eigenaars"),
    ("bewoner", "bewoners"),
    ("bezoeker", "bezoekers"),
    ("deelnemer", "deelnemers"),
]

#: More first names and surnames: a ten-year archive quotes hundreds of people.
FIRST_NAMES += """
Anton Bert Carla Chantal Dave Dennis Edwin Esther Fenna Gijs Guido Hanneke Harm Irene Jasper Joris Karin
Kim Linda Lucas Manon Mariska Martijn Mathijs Merel Monique Nienke Olaf Paulien Quinten Remco Rianne Roel
Roos Saskia Sietse Stefan Suzanne Tamara Teun Tessa Valerie Wendy Wesley Willem Yvonne Zoë Arne Bjorn Brent
Dries Febe Fien Jef Jens Jorn Kato Lander Lore Louise Mathias Mats Nand Nore Pieterjan Robbe Seppe Siebe
Simon Stien Toon Warre Wout Xander Yentl Hamza Bilal Soufiane Anas Samir Rachid Naima Khadija Imane Latifa
""".split()

SURNAMES += """
Bakker Vogel Jonker Bosch Boonstra Dijkman Frijters Geerts Heylen Hoogland Jongen Keizer Kleijn Lambrechts
Luyten Meeuwis Nijs Oomen Pelgrims Quaghebeur Rombouts Schepers Slegers Thys Uyttendaele Verbist Wijnen
Zegers Adriaensen Beckers Borremans Cuypers Daems Engelen Franssen Gijsbers Hoste Jaspers Kerkhofs Leemans
Mols Nuyts Ooms Proost Reynders Sels Tack Vanaken Vercammen Wauters Ysebaert Zwaenepoel Baeten Bollen
Claessens Dierickx Everaert Fierens Govaerts Hellemans Jacobsen Koopman Lammers Meulenbroek Nouwen Overbeek
""".split()

STREET_KINDS = ["straat", "laan", "weg", "kade", "dijk", "plein", "dreef", "steenweg", "singel", "gracht"]
COMPANY_KINDS = [
    "Logistics",
    "Transport",
    "Shipping",
    "Trading",
    "Import",
    "Export",
    "Fruit",
    "Cargo",
    "Holding",
]
COMPANY_FORMS = ["B.V.", "bv", "nv", "bvba", "BV", "NV", "vof", "Ltd."]
