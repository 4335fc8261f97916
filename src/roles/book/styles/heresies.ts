/**
 * The doctrines heretical treatises argue over: each a claim, the reasons given for it,
 * and the objections its enemies raise with the author's replies. Clauses start in lower
 * case so a treatise can wrap them in its own connectives ("It follows that …").
 */
export interface Heresy {
  key: string;
  titles: string[];
  claim: string;
  args: string[];
  objections: [objection: string, reply: string][];
  /** The chapter from which the doctrine may be argued (default 1): canon gates its lore. */
  chapter?: number;
}

export const HERESIES_EN: Heresy[] = [
  {
    key: "periodic",
    titles: ["On the Periodic Library", "The Order of the Disorder", "A Treatise on Return"],
    claim: "the Library is unlimited and periodic, so that an eternal traveller would find the same volumes repeated in the same disorder",
    args: [
      "the number of orthographic symbols is finite, and so the number of their arrangements is finite too",
      "a finite number of books in an unlimited space must repeat, as the tiles of a floor repeat",
      "a disorder that repeats is an order, and so the Library has a plan even if no one has read it",
      "travellers who walked for a lifetime report galleries they swear they had already crossed",
    ],
    objections: [
      ["no traveller has ever come back to the same book", "no traveller has lived long enough; the period is longer than any life"],
      ["repetition would make the Library pointless", "it is the only thing that gives it a point: what repeats can be learned"],
    ],
  },
  {
    key: "finite",
    titles: ["On the Finitude of the Library", "The Last Hexagon", "Against the Infinite"],
    claim: "the Library is finite, and its hexagons can be counted to the last one",
    args: [
      "whatever is made of a finite alphabet in books of a fixed length is finite, however vast",
      "the mirrors in the vestibules deceive us into inferring infinity from a mere doubling",
      "the counters of the upper galleries have already filled {few} ledgers and see the end of the count",
      "an infinite library could not have a Well, and yet we have all looked into it",
    ],
    objections: [
      ["no one has ever found a wall without shelves", "no one has ever walked far enough; the wall is patient"],
      ["a finite Library would have a first book, and no one has found it", "the first book is misshelved, like everything else"],
    ],
  },
  {
    key: "purifiers",
    titles: ["Against the Purifiers", "A Defence of Useless Books", "On the Impossibility of Burning"],
    claim: "the work of those who burn books is vain, because no book can be destroyed",
    args: [
      "for every book burned there are thousands of near-copies that differ from it by a single letter or comma",
      "a book declared useless today is the only key to some other book tomorrow",
      "the ash of one volume falls down the shaft and settles on another, which is nothing but a slower way of reading",
      "those who burn must first read in order to judge, and so they spend their lives among the books they hate",
    ],
    objections: [
      ["the shelves are choked with nonsense, and a reader drowns in it", "it is the reader who must learn to swim, not the sea that must be emptied"],
      ["some books are dangerous", "only to those who understand them, and they are so few that the danger is small"],
    ],
  },
  {
    key: "man-of-the-book",
    // The Book-Man and the Total Book are chapter-3 lore in canon.
    chapter: 3,
    titles: ["On the Man of the Book", "The Total Book", "Vindication of the Reader"],
    claim: "on some shelf of some hexagon there is a book that is the cipher and perfect compendium of all the rest",
    args: [
      "if every possible book exists, then the book that explains them all exists too",
      "some librarian must have read it, and that librarian is like a god",
      "the pilgrims who search for it are not mad, only early",
      "every partial catalogue is a rough draft of it, and drafts imply a finished copy",
    ],
    objections: [
      ["such a book would have to contain itself", "so does every honest book, a little"],
      ["no one has ever met the Man of the Book", "you may have passed him on the stairs; he would not say so"],
    ],
  },
  {
    key: "noise",
    titles: ["A Defence of Noise", "On the Meaning of the Letters", "There Is No Gibberish"],
    claim: "no sequence of letters is meaningless, since every sequence is a word in some language of the Library",
    args: [
      "what seems noise to us is the careful prose of a gallery we have not reached",
      "a reader who calls a book senseless confesses only the limits of the reader",
      "the same letters, read in another dialect, can be a hymn or a ledger of debts",
      "even the line that repeats a single letter may be the name of someone",
    ],
    objections: [
      ["then every book is true, which is the same as none", "every book is true in its language; the difficulty is to know which language one is in"],
      ["most pages are simply random", "random is a word for what we have not yet translated"],
    ],
  },
  {
    key: "catalogue",
    titles: ["On the Catalogue of Catalogues", "Against the Total Index", "The Index That Cannot Be"],
    claim: "the catalogue of catalogues cannot exist, and whoever claims to hold it lies",
    args: [
      "a catalogue that listed every book would itself be a book, and would have to list itself",
      "a true catalogue would be buried among the false ones, and no one could tell them apart",
      "every catalogue ever compiled has been wrong about its own shelf",
      "the search for it has cost more lives than the Well",
    ],
    objections: [
      ["the librarians of the Reading Room keep a catalogue, and it works", "it works as a lamp works: it lights a little and hides the rest"],
      ["an impossible book is still a possible arrangement of letters", "then let it be found, and let it say where it is"],
    ],
  },
  {
    key: "stair",
    titles: ["Treatise on the Left-Turning Stair", "On the Spiral", "The Shape of Descent"],
    claim: "the spiral staircases, which always turn to the left going down, reveal that the Library is a single spiral and not a lattice of cells",
    args: [
      "a thing that always turns one way cannot be a grid; it is a coil",
      "the mapmakers' errors all lean in the same direction, which is the direction of the stair",
      "those who go down long enough report that the lamps grow closer together",
      "even the dust falls in a slow turning, as anyone who watches the shaft can see",
    ],
    objections: [
      ["the galleries lie flat, and the hallways run straight", "so does a single step of a spiral, seen from close by"],
      ["the maps of the Map Room show no spiral", "the maps are drawn on flat pages; they could not show it if they tried"],
    ],
  },
  {
    key: "silence",
    titles: ["On Silence as the Highest Reading", "Apology for Silence", "The Doctrine of the Low Voice"],
    claim: "silence is the only reading that does not misread, and the rule of the low voice is the Library's one true law",
    args: [
      "every word spoken aloud in a gallery is added to no book and so is lost",
      "the readers who argue least are the ones who find the most",
      "the Library itself speaks to no one, and it is the wisest thing we know",
      "a book read aloud is changed by the voice, and the change is never written down",
    ],
    objections: [
      ["silence teaches nothing", "it teaches what cannot be taught by talking, which is most things"],
      ["the sects would never agree on anything", "they do not agree now, and they are loud"],
    ],
  },
  {
    key: "vindications",
    titles: ["On the Vindications", "Vindication of No One", "The Book of Each Life"],
    claim: "for every reader there is a Vindication that justifies their life, and also a book that refutes that Vindication",
    args: [
      "if every book exists, then every defence exists, and every attack upon every defence",
      "the pilgrims who find a Vindication seldom read it, which is the best proof that it is real",
      "the refutation is always shelved near the Vindication, as poison is kept near its remedy",
      "one may spend a life looking for one's Vindication and find only the Vindications of strangers",
    ],
    objections: [
      ["a justification that is cancelled by its refutation is worth nothing", "it is worth a life of looking, which is all any of us has"],
      ["no one has ever been justified by a book", "no one has admitted it"],
    ],
  },
  {
    key: "seeking",
    titles: ["On the Pilgrims", "The Road Is the Book", "A Treatise on Searching"],
    claim: "the search for the book is itself the book, and the pilgrims need not find anything to be justified",
    args: [
      "every step on the stairs is a letter, and a life of walking writes a volume",
      "the galleries a pilgrim crosses are an itinerary, and an itinerary is a text",
      "those who stop looking grow dim, like the lamp of an empty gallery",
      "the Library was made for wandering, and is misread by those who sit",
    ],
    objections: [
      ["then the Library does not need its books at all", "it needs them as a road needs milestones"],
      ["the pilgrims die unjustified", "they die in the middle of a sentence, which is not the same"],
    ],
  },
];

export const HERESIES_ES: Heresy[] = [
  {
    key: "periodica",
    titles: ["De la Biblioteca periódica", "El orden del desorden", "Tratado del retorno"],
    claim: "la Biblioteca es ilimitada y periódica, y un viajero eterno hallaría los mismos volúmenes repetidos en el mismo desorden",
    args: [
      "el número de símbolos ortográficos es finito, y por eso es finito el número de sus combinaciones",
      "un desorden que se repite es un orden, y la Biblioteca tiene un plan aunque nadie lo haya leído",
      "los viajeros que caminaron una vida entera cuentan de galerías que juran haber cruzado ya",
    ],
    objections: [
      ["ningún viajero ha vuelto al mismo libro", "ninguno ha vivido lo bastante; el periodo es más largo que una vida"],
    ],
  },
  {
    key: "purificadores",
    titles: ["Contra los Purificadores", "Defensa de los libros inútiles", "De la imposibilidad de quemar"],
    claim: "la obra de quienes queman libros es vana, porque ningún libro puede destruirse",
    args: [
      "por cada libro quemado hay miles de casi copias que solo difieren en una letra o una coma",
      "el libro que hoy se declara inútil es mañana la única llave de otro libro",
      "quien quema tiene que leer antes para juzgar, y así pasa la vida entre los libros que odia",
    ],
    objections: [
      ["los anaqueles están ahogados de disparates", "es el lector quien debe aprender a nadar, no el mar el que debe vaciarse"],
    ],
  },
  {
    key: "catalogo",
    titles: ["Del catálogo de catálogos", "Contra el Índice Total", "El índice que no puede ser"],
    claim: "el catálogo de catálogos no puede existir, y quien diga tenerlo miente",
    args: [
      "un catálogo que enumerara todos los libros sería también un libro, y tendría que enumerarse a sí mismo",
      "un catálogo verdadero estaría perdido entre los falsos, y nadie sabría distinguirlo",
      "todo catálogo compilado hasta hoy se ha equivocado sobre su propio anaquel",
    ],
    objections: [
      ["en la Sala de Lectura se lleva un catálogo, y funciona", "funciona como una lámpara: alumbra un poco y esconde lo demás"],
    ],
  },
  {
    key: "silencio",
    titles: ["Apología del silencio", "Del silencio como lectura", "La doctrina de la voz baja"],
    claim: "el silencio es la única lectura que no lee mal, y la regla de la voz baja es la única ley verdadera de la Biblioteca",
    args: [
      "cada palabra dicha en voz alta en una galería no se añade a ningún libro y se pierde",
      "los lectores que menos discuten son los que más encuentran",
      "la Biblioteca no le habla a nadie, y es lo más sabio que conocemos",
    ],
    objections: [
      ["el silencio no enseña nada", "enseña lo que no se aprende hablando, que es casi todo"],
    ],
  },
  {
    key: "vindicaciones",
    titles: ["De las Vindicaciones", "Vindicación de Nadie", "El libro de cada vida"],
    claim: "para cada lector hay una Vindicación que justifica su vida, y también un libro que refuta esa Vindicación",
    args: [
      "si existen todos los libros, existen todas las defensas y todos los ataques a cada defensa",
      "los peregrinos que hallan su Vindicación rara vez la leen, y esa es la mejor prueba de que es real",
      "la refutación está siempre cerca de la Vindicación, como el veneno se guarda junto al remedio",
    ],
    objections: [
      ["una justificación anulada por su refutación no vale nada", "vale una vida de búsqueda, que es todo lo que tenemos"],
    ],
  },
  {
    key: "ruido",
    titles: ["Defensa del ruido", "Del sentido de las letras", "No hay galimatías"],
    claim: "ninguna serie de letras carece de sentido, porque toda serie es una palabra en alguna lengua de la Biblioteca",
    args: [
      "lo que nos parece ruido es la prosa cuidadosa de una galería a la que no hemos llegado",
      "el lector que llama insensato a un libro solo confiesa sus propios límites",
      "las mismas letras, leídas en otro dialecto, pueden ser un himno o un libro de cuentas",
    ],
    objections: [
      ["entonces todo libro es verdadero, que es lo mismo que ninguno", "cada libro es verdadero en su lengua; lo difícil es saber en qué lengua está uno"],
    ],
  },
];
