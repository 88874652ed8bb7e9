"""Word lists for the demo organisation: Swedish names, business areas and clients.

Invented for the demo; any likeness to a real firm's clients is the likeness of a common
Swedish name.
"""

FIRST_NAMES = (
    "Agnes", "Alice", "Alma", "Amanda", "Anna", "Astrid", "Beatrice", "Cecilia", "Ebba",
    "Elin", "Elsa", "Emma", "Frida", "Hanna", "Ida", "Ingrid", "Johanna", "Julia", "Karin",
    "Klara", "Linnea", "Lisa", "Maja", "Malin", "Maria", "Matilda", "Moa", "Nora", "Petra",
    "Sara", "Signe", "Sofia", "Stina", "Therese", "Tove", "Vera", "Wilma", "Ylva",
    "Adam", "Albin", "Alexander", "Anders", "Arvid", "Axel", "Björn", "Carl", "David",
    "Emil", "Erik", "Filip", "Fredrik", "Gustav", "Henrik", "Hugo", "Isak", "Jakob", "Johan",
    "Jonas", "Karl", "Lars", "Linus", "Magnus", "Mats", "Nils", "Olof", "Oskar", "Per",
    "Rasmus", "Simon", "Sven", "Tobias", "Viktor", "Wilhelm",
)  # fmt: skip

LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson",
    "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren",
    "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg",
    "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk",
    "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson",
    "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg",
    "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Ali", "Viklund",
    "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström", "Lund", "Nordin", "Ström",
    "Åberg", "Hermansson", "Ekström", "Falk", "Holmgren", "Dahlberg", "Hellström", "Hedlund",
    "Sundberg", "Sjögren", "Ek", "Blom", "Abrahamsson", "Martinsson", "Öberg", "Strand",
)  # fmt: skip

# The first themes are the default demo's areas; larger demos repeat them per city.
AREA_THEMES = (
    "Opinion & påverkan", "Kommunikation", "Analys", "Näringsliv", "Kris & beredskap",
    "Digital kommunikation", "Hållbarhet", "Hälsa & life science", "Energi & klimat",
    "Finans & investerarrelationer",
)  # fmt: skip

CITIES = (
    "Stockholm", "Göteborg", "Malmö", "Uppsala", "Linköping", "Örebro", "Västerås", "Umeå",
    "Luleå", "Lund", "Jönköping", "Karlstad", "Sundsvall", "Gävle", "Växjö", "Norrköping",
    "Halmstad", "Visby", "Östersund", "Kalmar", "Borås", "Eskilstuna", "Falun", "Kiruna",
    "Skellefteå", "Kristianstad", "Helsingborg", "Trollhättan", "Nyköping", "Karlskrona",
)  # fmt: skip

TRADE_ASSOCIATIONS = (
    "Svenska Vindkraftsföreningen", "Skogsindustriförbundet", "Mejeriföretagen i Sverige",
    "Byggherrarnas riksförbund", "Åkeriföretagarna", "Livsmedelsproducenterna",
    "Läkemedelsindustrins förening", "Besöksnäringens samarbetsråd", "Fastighetsägarföreningen",
    "Solenergiföreningen", "Bankföreningen Norr", "Försäkringsbranschens samverkan",
    "Spelbranschens riksorganisation", "Hamnföreningen", "Vattenkraftsföreningen",
    "Apoteksföreningen", "Friskolornas förbund", "Tågoperatörsföreningen",
    "Bryggeriföreningen", "Fiskeriföretagarna", "Glasbranschföreningen",
    "Kemiföretagens förbund", "Gruvföreningen Bergslagen", "Elektronikbranschen",
    "Cykelbranschens förening",
)  # fmt: skip

MUNICIPALITIES = (
    "Gävle kommun", "Umeå kommun", "Luleå kommun", "Växjö kommun", "Karlstads kommun",
    "Östersunds kommun", "Kalmar kommun", "Borås stad", "Falu kommun", "Kiruna kommun",
    "Skellefteå kommun", "Helsingborgs stad", "Trollhättans stad", "Nyköpings kommun",
    "Karlskrona kommun", "Region Halland", "Region Gotland", "Region Jämtland Härjedalen",
    "Region Västernorrland", "Region Kronoberg", "Region Dalarna", "Region Norrbotten",
    "Härnösands kommun", "Ystads kommun", "Piteå kommun",
)  # fmt: skip

COMPANIES = (
    "Norrskog Energi AB", "Västkust Logistik AB", "Sjöfors Kraft AB", "Bergslagens Mejeri AB",
    "Ljusdal Data AB", "Öresund Fastigheter AB", "Fjällvind Invest AB", "Lindhaga Bygg AB",
    "Ekbacka Hälsa AB", "Gransjö Vatten AB", "Solbacken Foder AB", "Havsbris Frakt AB",
    "Stenhamra Teknik AB", "Björkudden Media AB", "Älvdalens Trä AB", "Nordvik Rederi AB",
)  # fmt: skip

NGOS = (
    "Stiftelsen Hav i balans", "Föreningen Läsglädje", "Rädda Skärgården",
    "Barnens framtid", "Stiftelsen Ren luft", "Föreningen Fritt ord i skolan",
    "Naturskyddsgruppen Mälardalen", "Stiftelsen Äldres röst", "Idrott för alla",
    "Föreningen Cykla säkert",
)  # fmt: skip

# For demos larger than the lists above: companies from a prefix, a trade and a form.
COMPANY_PREFIXES = (
    "Nord", "Syd", "Väst", "Öst", "Fjäll", "Sjö", "Berg", "Skog", "Älv", "Ljus", "Sten",
    "Vind", "Stor", "Lind", "Ek", "Björk", "Gran", "Sol", "Hav", "Ö", "Dal", "Ås", "Myr",
    "Kust", "Mo",
)  # fmt: skip
COMPANY_TRADES = (
    "kraft", "bygg", "fastigheter", "energi", "logistik", "mejeri", "hälsa", "data",
    "vatten", "invest", "foder", "frakt", "teknik", "media", "trä", "el", "spel", "pharma",
)  # fmt: skip
COMPANY_FORMS = ("AB", "Group AB", "& Co AB", "Holding AB", "Sverige AB", "Nordic AB")

# Daily work a client lead gives out (titles of work items).
WORK = [
    "Pressmeddelande",
    "Debattartikel",
    "Omvärldsbevakning",
    "Möte med riksdagsledamot",
    "Remissvar",
    "Kommunikationsplan",
    "Mediaträning",
    "Rapport till kunden",
    "Analys av enkät",
]
