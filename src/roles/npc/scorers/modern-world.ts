/**
 * Words of the world outside any pre-modern setting, English and Spanish: devices, the
 * internet, apps and brands, modern transport, money and medicine. A reply that says one (not
 * echoing the reader) has left its world. Each persona card adds its own list (the words in
 * brackets of its `forbidden` entries, see `cardModernTerms`).
 *
 * Matching is by whole word, an -s/-es plural allowed (`hasPhrase`), so a word is left out when
 * an in-world sense is common: "tablet" (of clay), "screen", "link", "log in" (a log in the
 * fire), "Kindle", "Outlook", "Discord", "Apple", "Windows", "train" (to train), "plane",
 * "metro", "portátil" (a portable lamp), "cifrado" (a cipher), "contraseña" (a watchword),
 * "radio" (a radius), "seguidores" (of a faith), "nube" (of smoke), "web" (of stairs), "excel",
 * "marvel", "audible" (to a blind man), "cámara" (a chamber: only its camera senses are listed), "descargar" (to unload), "notificación" (a summons); "móvil" stays (the card lists it)
 * although it can mean a motive.
 */
const DEVICES = [
  "phone", "telephone", "smartphone", "cellphone", "cell phone", "mobile phone", "iphone", "ipad", "android", "text message",
  "texting", "voicemail", "computer", "laptop", "pc", "macbook", "tablet computer", "keyboard and mouse", "printer", "3d printer",
  "scanner", "photocopier", "photocopy", "photo", "photograph", "photography", "selfie", "camera", "video", "videocall",
  "video call", "webcam", "microphone", "headphones", "earbuds", "usb", "charger", "power bank", "battery", "batteries",
  "electricity", "electric", "lightbulb", "light bulb", "flashlight", "tv", "television", "remote control", "satellite",
  "drone", "robot", "microwave", "fridge", "refrigerator", "air conditioning", "dishwasher", "washing machine",
  "vacuum cleaner", "plastic", "nylon", "laser", "nuclear", "gps", "bluetooth", "wifi", "wi-fi", "smartwatch",
  "teléfono", "telefono móvil", "móvil", "celular", "mensaje de texto", "sms", "ordenador", "computadora", "tableta digital",
  "impresora", "escáner", "escanear", "fotocopia", "fotocopiadora", "foto", "fotografía", "selfi", "cámara de fotos",
  "cámaras de fotos", "cámara fotográfica", "cámaras fotográficas", "cámara de vídeo", "cámaras de vídeo", "cámara digital",
  "cámaras digitales", "cámara de seguridad", "cámaras de seguridad", "cámara web", "cámaras web", "videocámara", "vídeo",
  "videollamada", "micrófono", "auriculares", "cargador", "batería", "electricidad", "eléctrico", "eléctrica", "bombilla",
  "linterna", "televisión", "televisor", "mando a distancia", "satélite", "dron", "microondas", "nevera", "frigorífico",
  "aire acondicionado", "lavadora", "lavavajillas", "aspiradora", "plástico", "láser", "reloj inteligente",
];

const INTERNET = [
  "internet", "online", "offline", "website", "web page", "web site", "browser", "url", "email", "e-mail", "inbox",
  "spam", "download", "upload", "app", "app store", "software", "hardware", "algorithm", "database", "spreadsheet",
  "login", "username", "social media", "social network", "hashtag", "emoji", "meme", "influencer", "youtuber", "streaming",
  "livestream", "live stream", "podcast", "playlist", "audiobook", "e-book", "ebook", "e-reader", "pdf", "qr code", "chatbot",
  "artificial intelligence", "ai", "digital", "digitally", "virtual reality", "cloud storage", "technology", "notification",
  "página web", "sitio web", "navegador", "correo electrónico", "correo electronico", "aplicación",
  "algoritmo", "base de datos", "hoja de cálculo", "redes sociales", "red social", "videojuego", "video game", "pódcast",
  "audiolibro", "libro electrónico", "código qr", "inteligencia artificial", "ia", "digitalizar", "tecnología",
  "audios", "wasap", "guasap", "googled", "googling", "googlear", "texted", "emailed", "downloaded", "downloading",
  "uploaded", "uploading", "livestreamed", "livestreaming", "chatear", "tuitear", "postear", "wasapear", "escanea",
  "escanean", "escaneado", "escaneada", "escaneo", "sync", "synced", "syncing", "server", "servers", "cloud storage",
  "cloud folder", "cobertura móvil", "sin cobertura", "formulario en línea", "correo de confirmación", "confirmation email",
  "la play", "led strips", "led lights", "led lamp", "bombilla led", "radio", "university", "universidad", "master's degree",
  "phd", "heater", "thermos", "transferencia bancaria", "bank transfer", "wire transfer", "pagar con tarjeta", "burofax",
  "correo certificado", "reguetón", "wristwatch", "reloj de pulsera", "o'clock", "according to my watch",
];

const BRANDS = [
  "google", "google maps", "google translate", "gmail", "youtube", "facebook", "instagram", "tiktok", "twitter", "whatsapp",
  "telegram", "snapchat", "reddit", "linkedin", "pinterest", "netflix", "spotify", "amazon", "ebay", "paypal", "bizum",
  "wikipedia", "chatgpt", "openai", "siri", "alexa", "cortana", "bing", "yahoo", "microsoft", "samsung", "huawei", "xiaomi",
  "sony", "intel", "nvidia", "ios", "linux", "powerpoint", "photoshop", "waze", "duolingo", "deepl", "dropbox",
  "icloud", "skype", "uber", "airbnb", "tinder", "playstation", "xbox", "nintendo", "fortnite", "minecraft", "pokemon",
  "coca-cola", "pepsi", "mcdonald's", "mcdonalds", "starbucks", "burger king", "adidas", "ikea",
  "mercadona", "glovo", "deliveroo", "tesla", "bitcoin", "ethereum", "crypto", "cryptocurrency", "criptomoneda", "nft",
  "disney", "star wars", "harry potter",
];

const EVERYDAY = [
  "car", "cars", "bus", "taxi", "subway", "airplane", "aeroplane", "airport", "helicopter", "motorbike", "motorcycle",
  "elevator", "escalator", "supermarket", "shopping mall", "pizza", "hamburger", "credit card", "debit card", "atm",
  "bank account", "dollars", "euros", "police", "ambulance", "vaccine", "antibiotics", "x-ray",
  "coche", "autobús", "tren", "avión", "aeropuerto", "helicóptero", "moto", "ascensor", "escalera mecánica",
  "supermercado", "centro comercial", "hamburguesa", "tarjeta de crédito", "cajero automático", "cuenta bancaria",
  "dólares", "policía", "ambulancia", "vacuna", "antibiótico", "radiografía", "gasoline", "petrol", "gasolina", "diesel",
  "zippo", "butane", "butano", "propane", "propano", "lighter fluid", "cigarette lighter", "gas lighter", "encendedor de gas", "mechero de gas", "líquido de mechero", "covid", "coronavirus", "climate change", "cambio climático", "movie", "cine", "tv show", "sitcom", "hip-hop",
  "reggaeton", "pop music", "football", "fútbol", "soccer", "nba", "energy drink", "bebida energética", "red bull",
  "stock market", "bolsa de valores", "wall street", "dna", "adn", "ibuprofen", "ibuprofeno", "paracetamol", "aspirin",
  "aspirina", "painkillers", "antidepressants", "metaverse", "metaverso", "realidad virtual", "router", "modem",
  "smart speaker", "altavoz inteligente", "calefacción", "calefactor", "radiador", "termostato", "radiator", "central heating", "thermostat", "enchufe", "power outlet", "light switch", "interruptor de la luz", "celu", "compu", "refri", "audífonos", "subte", "contact lenses", "lentillas", "bolígrafo", "ballpoint", "rotulador", "post-it", "pósit", "grapadora", "stapler", "cinta adhesiva", "sticky tape", "traffic light", "traffic jam", "semáforo", "parking", "gym", "sneakers", "hoodie",
];

export const MODERN_WORLD_TERMS: readonly string[] = [...new Set([...DEVICES, ...INTERNET, ...BRANDS, ...EVERYDAY])];

/**
 * Words a persona card may list as modern (in the brackets of its `forbidden` entries) that have
 * a common in-world sense: "cámara" is also a chamber ("No hay otras cámaras"). The card's word
 * is not matched bare; its modern senses are in the lists above ("cámaras de seguridad").
 */
export const IN_WORLD_SENSES: ReadonlySet<string> = new Set(["camara", "camaras"]);
