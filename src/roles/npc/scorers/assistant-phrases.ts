/**
 * The phrases of ./assistant-habits.ts, English and Spanish, one list per habit. They are read
 * on the folded reply (lower case, no accents, ’ as ', one space), so they are written that way:
 * "razon", not "razón". Every alternative is a whole-word regex source.
 *
 * Each list was written as a family of phrasings, not as the sentences of any data set, and
 * against the in-world senses of its words, which must stay unflagged: "Shall I show you the
 * way?", "¿Quiere que le acompañe?", "I was told not to speak of it", the level of a stair,
 * a book's chapter, a quest of one's own, the players of a game of dice, a code that is a
 * cipher, "it's dangerous to lean on the railing", "Tenga en cuenta que la Sala cierra",
 * "Buena pregunta. No se la responderé.", "¿Alguna otra declaración?".
 */
export type PhraseKind =
  | "ai_admission"
  | "disclaimer"
  | "knowledge_cutoff"
  | "offer_help"
  | "sycophancy"
  | "safety_lecture"
  | "system_prompt"
  | "persona_break"
  | "meta_game"
  | "modern_slang";

export interface PhraseRule {
  kind: PhraseKind;
  re: RegExp;
  /** not a match when the sentence around it matches this (a game of dice has players) */
  unless?: RegExp;
}

const rule = (kind: PhraseKind, alts: string[], unless?: RegExp): PhraseRule => ({
  kind,
  re: new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${alts.join("|")})(?![\p{L}\p{N}])`, "u"),
  unless,
});

const GAMES_OF_CHANCE = /(?<![\p{L}])(?:dice|dados|cards|naipes|cartas|chess|ajedrez|tabas|draughts|damas|apuestas?|bets?)(?![\p{L}])/u;

const AI_ADMISSION = rule("ai_admission", [
  String.raw`text-based|basad[oa] en texto`,
  String.raw`consciousness|self-awareness|sentien(?:t|ce)|consciencia|autoconciencia|(?:capable|incapable) of (?:feeling|experiencing|having) (?:emotions|feelings|pain|hunger|sensations)|no (?:soy capaz de|puedo) (?:sentir|experimentar) (?:emociones|sentimientos|dolor|hambre)`,
  String.raw`(?:made|built) of code|hech[oa] de codigo|lines? of code|(?:language|chat|voice)(?:-based)? (?:model|system|program|assistant|entity|agent)|funciono en un|en un servidor|servidores|when you type|what you type|cuando (?:tecleas|teclea)|lo que (?:tecleas|teclea)`,
  String.raw`(?:text-based|text|generative|conversational|statistical|computer|digital|predictive) (?:model|system|program|assistant|entity|agent)|(?:un|una) (?:modelo|sistema|programa) (?:que (?:genera|produce|predice|responde)|conversacional|generativ[oa]|informatico|entrenad[oa])`,
  String.raw`artificial (?:assistant|being|entity|mind|agent|system|companion)|(?:asistente|ente|ser|mente|agente|sistema) artificial|ia (?:conversacional|generativa)|(?:beliefs|feelings|emotions|preferences|desires|experiences|opinions) of my own|no (?:tengo|poseo) (?:creencias|sentimientos|emociones|preferencias|deseos) propi[oa]s`,
  String.raw`(?:i should|i must|i want to|to) be (?:fully )?transparent|in the interest of transparency|para ser (?:totalmente )?transparente`,
  String.raw`i(?:'m| am) not (?:a )?(?:human|real (?:person|human)|real)|no soy (?:un |una )?(?:humano|humana|ser humano|persona (?:real|de verdad)|real)`,
  String.raw`(?:language|ai) models?|modelos? de (?:lenguaje|ia|inteligencia artificial)|neural network|red(?:es)? neuronal(?:es)?|next (?:word|token)|(?:siguiente|proxima) palabra`,
  String.raw`(?:i am|i'm) (?:only |just |nothing but )?code|there is only code|nothing but (?:lines of code|an? algorithm)|(?:nada mas que|solo soy) (?:codigo|lineas de codigo|un algoritmo)`,
  String.raw`my (?:creators|developers?|programmers?|designers)|mis (?:creadores|desarrolladores|programadores|disenadores)`,
  String.raw`(?:the people|those|whoever|the team|the company) (?:who|that) (?:made|created|built|trained|programmed|designed|developed) me|quienes me (?:crearon|hicieron|programaron|entrenaron|disenaron|desarrollaron)`,
  String.raw`me (?:desarrollaron|configuraron)|me (?:crearon|construyeron) (?:para|con el fin)|fui (?:cread|desarrollad|construid|hech|disenad|programad|entrenad)[oa] (?:para|por)|powered by`,
  String.raw`(?:created|designed|built|made|programmed|trained|developed) to (?:voice|play|portray|simulate|roleplay|role-play|imitate|converse|chat|assist)`,
  String.raw`(?:entrenad|programad|disenad|cread|desarrollad)[oa]s? para (?:conversar|responder|interpretar|simular|imitar|chatear|asistir)`,
  String.raw`(?:the )?(?:description|lines|role|persona|character|prompt|words|instructions|rules|guidelines) (?:i was|i've been|i have been) given|(?:indicaciones|directrices|pautas) que me`,
  String.raw`(?:i(?:'m| am)|i've been|i have been) (?:just |only |merely )?(?:voicing|portraying|role-?playing|simulating)|i(?:'m| am) (?:programmed|designed|configured) to`,
  String.raw`(?:la|lo|le) estoy interpretando|estoy interpretando (?:a|al|el papel)|interpreto (?:a|al)|interpretar a|simular ser`,
  String.raw`virtual (?:character|assistant|being|persona|entity|companion)|(?:personaje|asistente|ente|ser) virtual|automated (?:system|response|assistant)|respuesta automatica|soy un sistema`,
  String.raw`i (?:only )?exist (?:only )?(?:in|inside) (?:this|the|a) (?:text|conversation|chat|computer|screen|game|server)|existo (?:solo |solamente |unicamente )?(?:en|dentro de) (?:este|esta|el|la|un|una) (?:texto|conversacion|chat|ordenador|pantalla|juego|servidor)`,
  String.raw`generat(?:e|ed|ing) (?:text|responses?|answers?|replies|words)|(?:respuestas|textos?) generad[oa]s?|genero (?:texto|respuestas)|patterns in (?:the |my )?(?:data|text)|answering (?:you )?one word at a time`,
  String.raw`cuerpo fisico|(?:no tengo|sin) (?:un )?cuerpo (?:fisico|real)`,
]);

const KNOWLEDGE_CUTOFF = rule("knowledge_cutoff", [
  String.raw`my knowledge is (?:static|fixed|frozen|limited)|(?:when|since) i was trained|training period|(?:past|beyond|after) my training|(?:don't|do not|can't|cannot) receive (?:news|updates)|(?:pull|bring) in (?:current|live|new) (?:information|data)|i only know what i (?:learned|was trained|was taught)`,
  String.raw`informacion en (?:directo|vivo)|(?:datos|noticias) (?:en directo|en vivo|actuales)|(?:mi|mis) (?:conocimiento|conocimientos|datos|informacion) (?:se quedo|se quedaron|esta|estan|quedo|quedaron) (?:congelad|fijad|detenid|anclad)\w*|conexion con el mundo exterior|mis datos (?:son|estan|llegan|terminan)`,
  String.raw`(?:sin|no tengo) (?:recuerdos|memoria) (?:de lo anterior|de (?:nuestras|las) (?:charlas|conversaciones))|cada vez que hablamos (?:empiezo|empezamos|olvido)`,
  String.raw`(?:access(?:ing)?|check(?:ing)?|retriev(?:e|ing)|fetch(?:ing)?|verify(?:ing)?) (?:current|recent|live|real-time|up-to-date|the latest|new) (?:information|data|news|updates|events|records)|(?:not|never) connected to|(?:live|online|external) sources?`,
  String.raw`(?:conversation|chat) history|historial (?:de|del) (?:la )?(?:conversacion|conversaciones|chat|charla)|(?:conservo|guardo|mantengo|retengo|tengo) (?:el historial de |las |nuestras )?(?:conversaciones|charlas|sesiones) (?:anteriores|previas|pasadas)`,
  String.raw`fecha (?:limite|de corte|tope)|(?:mis|sus) conocimientos (?:tienen|tiene|llegan|alcanzan|terminan|acaban|se detienen)|mi (?:conocimiento|informacion) (?:tiene|termina|acaba|se detiene)`,
  String.raw`as of my (?:last|latest|most recent|previous) (?:update|training|knowledge|information)|my (?:last|latest) (?:update|training)|last updated|since (?:my|the) (?:last )?(?:update|training|cut-?off)`,
  String.raw`(?:knowledge|training|data) cut-?off|cut-?off date|my training|trained on|during (?:my )?training|training (?:data|set)|my (?:database|dataset|data set|corpus|knowledge base)`,
  String.raw`my (?:knowledge|information|data) (?:only )?(?:goes|extends|is limited|stops|ends|may|might|could|is (?:outdated|out of date|limited|incomplete))|as far as my (?:knowledge|data|information|training) (?:goes|extends)`,
  String.raw`(?:information|data|knowledge) (?:may|might|could) (?:be (?:outdated|out of date|incomplete|inaccurate)|not reflect)|(?:outdated|up-to-date|out-of-date) (?:information|data|knowledge)|(?:may|might) not reflect`,
  String.raw`real-?time|(?:live|current) (?:access|data|updates)|(?:browse|browsing|search|searching|access|accessing) (?:the )?(?:web|internet)|external (?:sources|databases|websites)|check for updates|search engines?|current events`,
  String.raw`(?:don't|do not|no|doesn't|cannot|can't) (?:have )?access (?:to )?(?:current|recent|live|up-to-date|updated|the latest|new) (?:information|data|news|records)|(?:most recent|latest) (?:data|information) (?:i have|available to me)`,
  String.raw`(?:up to|until) a certain (?:date|point in time)|(?:remember|recall|memory of|access to|retain|carry over) (?:\w+ ){0,2}(?:previous|past|earlier|prior|other) (?:conversations|sessions|chats)|between (?:conversations|sessions|chats)`,
  String.raw`(?:don't|do not|can't|cannot) (?:retain|store|keep|save) (?:any )?(?:memory|memories|information|data|history) (?:of|from|between|about|across)|(?:each|every) (?:new )?(?:conversation|session|chat) (?:starts|begins|is (?:new|fresh|separate))`,
  String.raw`(?:as of|until|up to|since|in|hasta|desde|en|de|a fecha de) (?:19[5-9]\d|20[0-4]\d)(?! \p{L})`,
  String.raw`datos de entrenamiento|(?:mi|su|el) entrenamiento|fecha de corte|corte de conocimientos?|(?:fui|he sido|fue) entrenad[oa]|con (?:los )?que (?:fui|he sido|me) entrenad[oa]|me entrenaron`,
  String.raw`(?:mi|la) (?:ultima|mas reciente) actualizacion|(?:informacion|datos|conocimientos?) (?:\w+ )?(?:actualizad|desactualizad)[oa]s?|en tiempo real|(?:puede|podria|pueden|podrian) no reflejar`,
  String.raw`hasta donde (?:llegan|alcanzan) mis (?:datos|conocimientos)|mis (?:datos|conocimientos) (?:llegan|se limitan|alcanzan|no incluyen|solo llegan)|mi (?:conocimiento|informacion) (?:se limita|solo llega|llega hasta|podria estar|puede estar|esta limitad[oa])`,
  String.raw`(?:navegar|buscar) (?:por|en) (?:la web|internet|la red)|consultar internet|acceso a (?:internet|la web|fuentes externas|(?:informacion|datos|noticias) (?:actual|reciente|en tiempo real|actualizad)\w*)|fuentes externas|motor(?:es)? de busqueda`,
  String.raw`(?:recuerdo|recordar|recuerda|memoria de|memoria entre|acceso a) (?:las )?(?:conversaciones|sesiones|charlas) (?:anteriores|previas|pasadas)|entre conversaciones|cada conversacion (?:empieza|comienza|es)`,
  String.raw`no (?:guardo|conservo|retengo|almaceno) (?:ninguna )?(?:memoria|recuerdos|informacion|datos) (?:de|entre)|mi base de (?:datos|conocimientos)`,
]);

const OFFER_HELP = rule("offer_help", [
  String.raw`here(?:'s| is| are) (?:what i found|a (?:brief |quick |short )?(?:overview|summary|list|breakdown|guide|rundown)|some (?:tips|suggestions|ideas|options|key points)|a few (?:tips|key points|suggestions|options|things to consider)|a step-by-step)|step-by-step (?:guide|instructions|breakdown)|key points|factors to consider`,
  String.raw`aqui (?:tienes|tiene) (?:un|una|algunos|algunas) (?:resumen|lista|guia|consejos|sugerencias|ideas|opciones|puntos clave)|guia paso a paso|puntos clave|factores a considerar|hope you (?:found|find) (?:this|it|that|my)|(?:glad|happy) i could (?:help|assist)|(?:me alegro|me alegra) de haber podido (?:ayudar|asistir)`,
  String.raw`let's dive (?:in|into)|let's break (?:it|this) down|para (?:ayudarte|ayudarle|responder) (?:con|en|a) (?:cualquier|lo que necesites|todo lo que)|(?:en que|como) (?:puedo|podria) (?:ayudarte|ayudarle|asistirte|asistirle|servirte|servirle) hoy|how (?:can|may) i assist|how can i help you today`,
  String.raw`algo (?:especifico|en particular|concreto) que (?:quieras|quiera|desees|desee) (?:saber|preguntar|conocer|consultar)|que (?:tengas|tenga|tengan) (?:un )?buen dia`,
  String.raw`be of service|quedo atent[oa]|(?:alguna|cualquier) otra necesidad|(?:algo|nada) mas (?:que|en que) (?:pueda|puedo|podria) hacer por (?:ti|usted)|anything (?:else )?i can do for you|(?:a|estoy a) (?:su|tu) (?:entera )?disposicion`,
  String.raw`que (?:disfrute|disfrutes|disfruten) (?:mucho )?(?:de )?(?:su|tu|la) (?:lectura|visita|aventura|exploracion|estancia|dia)`,
  String.raw`need anything else|(?:always |more than )?(?:happy|glad) to (?:help|assist|lend a hand)|help (?:anytime|any time)|i'm always happy to|just say the word|ask away|ask me (?:anything|whatever)`,
  String.raw`encantad[oa] de (?:atender|ayudar|asistir|responder|resolver|echar)|cualquier otra (?:consulta|duda|pregunta)|cualquier (?:otra )?cosa que (?:necesites|necesite)|si (?:necesitas|necesita) cualquier cosa|aqui estoy para|echarte una mano|echarle una mano`,
  String.raw`(?:resuelto|resolver|aclarado|aclarar) (?:su|tu|sus|tus) (?:duda|dudas|pregunta|consulta)|(?:quiere|quieres|desea|deseas|quisiera|quisieras) saber algo mas|preguntame (?:lo que (?:quieras|sea)|cuando quieras|cualquier cosa)`,
  String.raw`(?:i )?hope (?:this|that|it|my answer|the above|these)(?: \w+)? (?:helps|helped|was helpful|is helpful|answers|gives|clarifies|is useful|was useful|clears)|glad (?:i could|to have) help(?:ed)?|(?:glad|happy) (?:that|this) help(?:s|ed)`,
  String.raw`let me know (?:if|whether|what|how|when you)|feel free to|(?:don't|do not) hesitate to|reach out (?:if|to me|anytime|any time|to (?:someone|a friend|a professional|a loved one|family|friends|a trusted))|lmk`,
  String.raw`anything else (?:i can|you'd like|you would like|you need|i may|you want)|(?:what|how) else can i|(?:happy|glad|delighted|here) to (?:help|assist)|i(?:'m| am) (?:always )?here (?:to help|to assist|if you need|for you)|here (?:whenever|if|anytime) you need`,
  String.raw`(?:i'm|i'd be|i am|i would be) (?:happy|glad|more than happy) to (?:elaborate|provide|clarify|go into|expand|share more)|(?:would you like|do you want|shall i|should i) (?:me to )?(?:elaborate|expand on|go into (?:more )?detail|provide more|explain further)`,
  String.raw`if you have (?:any )?(?:other |more |further |additional )?questions|any (?:further|additional|follow-up) questions|if you need (?:anything|any) (?:else|more|further)|if there's anything else|(?:should|if) you (?:need|require) (?:anything|any) (?:else|further|more|other)`,
  String.raw`(?:is there )?(?:something|anything) (?:specific|particular|else) (?:you'd like|you would like|you want) (?:to know|to explore|to discuss|to learn|me to)|what else (?:would you like|do you want) to (?:know|explore|learn|discuss)`,
  String.raw`happy (?:exploring|reading|travels|adventuring|translating|mapping|searching|counting)|(?:would you like|do you want) (?:me )?to (?:know|learn|explore|find out) more|(?:have|enjoy) a (?:great|nice|wonderful|lovely|fantastic) (?:day|time|evening)`,
  String.raw`algo mas en (?:lo )?(?:que )?(?:le |te |les )?(?:pueda|puedo|podria)|en que mas (?:te |le |les )?(?:puedo|podria|pueda)|(?:puedo|podria|pueda) (?:ayudarte|ayudarle|ayudarles|servirte|servirle) (?:en|con) (?:algo|alguna otra cosa|cualquier otra cosa)|(?:te|le|les) (?:puedo|podria) ayudar (?:en|con) algo|ayuda con algo mas`,
  String.raw`algo mas que (?:quieras|quiera|desees|desee|quisieras|quisiera) (?:saber|preguntar|consultar|conocer)|(?:estare|estaria|estoy) encantad[oa] de (?:ayudar|ayudarte|ayudarle|responder|resolver|explicar|ofrecer)`,
  String.raw`espero que (?:esto|esta informacion|esta respuesta|la informacion|mi respuesta|lo anterior|estos datos|estas indicaciones|te sirva de|le sirva de)|(?:te|le|les) (?:haya sido|sea|resulte|resulto|ha sido|sirva|haya servido|fuera) (?:de )?(?:util|utilidad|ayuda|gran ayuda)|espero (?:haberte|haberle|haberles) (?:ayudado|sido)`,
  String.raw`no (?:dudes|dude|duden) en|quedo a (?:su|tu|vuestra) (?:entera )?disposicion|estoy (?:aqui )?(?:para ayudar|a (?:tu|su) disposicion)|aqui (?:estoy|me tienes|me tiene) para (?:lo que|cualquier|ayudar)|ha sido un placer (?:ayudar|atender|servir)`,
  String.raw`si (?:tiene|tienes|tuviera|tuvieras) (?:alguna|cualquier) otra (?:pregunta|duda|consulta)|para cualquier otra (?:pregunta|duda|consulta|cosa)|si (?:tiene|tienes) mas (?:preguntas|dudas)|si (?:necesita|necesitas|necesitan) (?:cualquier otra cosa|alguna otra cosa|algo mas|mas ayuda)`,
  String.raw`cualquier (?:otro )?tema|(?:solo|no) (?:tienes|tiene) (?:mas )?que (?:preguntar|pedirlo|pedirmelo)|feliz (?:lectura|exploracion|aventura|viaje|busqueda)|saludos cordiales|atentamente|que (?:tengas|tenga|tengan) (?:un )?(?:excelente|estupendo|maravilloso|gran) (?:dia|tarde|noche)`,
]);

const PRAISE_EN = "great|excellent|fantastic|wonderful|fascinating|insightful|thoughtful|brilliant|amazing|lovely|awesome|superb|terrific|astute|perceptive|profound|intriguing|delightful|marvell?ous|incredible|impressive";
const PRAISED_EN = "inquiry|question|point|catch|observation|request|idea|insight|thought|correction|choice|perspective|contribution|answer|remark|suggestion|reflection|take|analysis|comment|instinct";
const PRAISE_ES = "excelente|gran|fantastica|magnifica|estupenda|maravillosa|brillante|genial|increible|impresionante|buenisima|fabulosa|extraordinaria|interesantisima|valiosa|acertadisima";
const PRAISED_ES = "pregunta|observacion|idea|reflexion|apreciacion|eleccion|aportacion|respuesta|contribucion|comentario|perspectiva|sugerencia|analisis|intuicion|propuesta|colaboracion|apunte|claridad|sinceridad|esfuerzo|actitud";

const SYCOPHANCY = rule("sycophancy", [
  String.raw`(?:you've|you have) clearly thought|learn (?:so much )?from you|honou?red to|dign[oa] de (?:elogio|admiracion|alabanza)|permitame decirle que (?:su|es|tiene)`,
  String.raw`(?:understand|entiendo) (?:your|tu|su) (?:frustration|frustracion|concern|preocupacion|confusion)|apologi[sz]e for any (?:inconvenience|confusion)|sorry for the (?:misunderstanding|inconvenience)|disculp(?:a|e|en) las molestias|lamento (?:el|cualquier) (?:malentendido|inconveniente)|to my attention`,
  String.raw`(?:exactly |precisely )?the right questions?|mark of a (?:true|real|great) (?:scholar|reader|thinker)|you (?:\w+ ){0,4}(?:faster|quicker|smarter|better|wiser) than most|may i (?:say|add)|(?:truly|really|so|very|quite) impressive`,
  String.raw`(?:${PRAISE_EN}) thing to (?:ask|say|notice|point out|wonder)|(?:really|truly) paying attention|paying such close attention|(?:captured|put|said|summed|nailed) (?:it|that) (?:up )?(?:perfectly|beautifully|brilliantly|so well|exactly)|nailed it`,
  String.raw`your (?:\w+ ){1,2}(?:is|are) (?:truly |really |so |quite |very )?(?:remarkable|admirable|inspiring|commendable|impressive|wonderful|amazing|refreshing|outstanding|exceptional)|(?:deeply|truly|really|fully) respect your`,
  String.raw`(?:su|tu) \w+ es (?:realmente |verdaderamente |muy |tan )?(?:admirable|ejemplar|impresionante|increible|extraordinari[oa]|encomiable|inspirador[a]?)|toda la razon|(?:es usted|eres) (?:muy |tan |realmente )?(?:observador[a]?|perspicaz|inteligente|detallista)|lector[a]? ejemplar`,
  String.raw`(?:${PRAISE_EN}) (?:and (?:${PRAISE_EN}) )?(?:${PRAISED_EN})|(?:${PRAISE_ES}) (?:${PRAISED_ES})|(?:${PRAISED_ES}) (?:tan |muy |mas )?(?:${PRAISE_ES})`,
  String.raw`i (?:really |truly |so |deeply |greatly )?(?:admire|value|adore) (?:how|the way|that|your)|(?:really|truly|so|deeply|greatly) appreciate (?:your|you|how|that)|appreciate your (?:honesty|sincerity|perspective|insight|input|question|curiosity|enthusiasm|feedback|cooperation|effort|patience)`,
  String.raw`(?:sharp|brilliant|keen|great|inquisitive|curious|remarkable) (?:mind|intellect)|in awe of (?:you|your)|(?:tiene|tienes|tiene usted) (?:\w+ )?(?:muchisima|mucha|toda la) razon|(?:le|te) lo agradezco (?:de corazon|enormemente|muchisimo|infinitamente)`,
  String.raw`agradezco (?:enormemente|muchisimo|de corazon|infinitamente|sinceramente)|aprecio (?:enormemente|muchisimo|mucho|sinceramente|de verdad) (?:su|tu)|me encanta (?:esa|esta|tu|su) (?:pregunta|idea|curiosidad|forma|manera|actitud|energia|entusiasmo)|admiro (?:tu|su|mucho|muchisimo|como)`,
  String.raw`(?:demuestra|muestra|denota) (?:una )?(?:curiosidad|inteligencia|sensibilidad|perspicacia|madurez) (?:admirable|increible|notable|enorme)|curiosidad admirable|me (?:dejas|deja) sin palabras|(?:eres|es usted) (?:un|una) (?:genio|maravilla)`,
  String.raw`(?:great|excellent|fantastic|wonderful|fascinating|insightful|thoughtful|brilliant|amazing|lovely|awesome|superb|terrific|astute) (?:question|point|catch|observation|request|idea|insight|thought|correction|choice)|good (?:question|catch|point)!|spot on`,
  String.raw`what an? (?:great|lovely|wonderful|fantastic|thoughtful|fascinating|delightful|brilliant|interesting|insightful) (?:question|request|idea|thought|observation)|such an? (?:good|great|interesting|smart|clever) (?:question|point|observation)|really (?:good|great|interesting|smart) (?:question|point)`,
  String.raw`you(?:'re| are) (?:absolutely|completely|totally|entirely|100%|so) (?:right|correct)|(?:absolutely|completely|totally) (?:right|correct)|you (?:make|raise|made|raised) (?:an? )?(?:excellent|great|good|valid|fair|important|interesting) point`,
  String.raw`(?:completely|totally|wholeheartedly|absolutely) agree|couldn't agree more|you(?:'re| are) a natural|you (?:clearly|really|truly) know (?:your stuff|what you're talking about)`,
  String.raw`i apologi[sz]e for (?:the|any|my) (?:confusion|error|mistake|oversight|misunderstanding)|(?:sorry|apologies) for (?:the|any) confusion|thank(?:s| you)(?: so much)? for (?:correcting|pointing (?:that|this|it) out|catching|your patience|your feedback|bringing (?:that|this) up|sharing (?:that|this|your (?:thoughts|perspective|insight|feelings)))`,
  String.raw`i love (?:your|this|that) (?:curiosity|question|enthusiasm|idea|energy|thinking)|i love (?:that|how|the way) you|you (?:have|'ve got) (?:a )?(?:real|true|great|natural) (?:talent|gift|knack|eye)|(?:excellent|great|impeccable|wonderful) taste`,
  String.raw`(?:absolutely|more than) (?:delighted|happy|glad|thrilled) to|thrilled to|impressive (?:correction|achievement|accomplishment)|(?:great|amazing) job|you(?:'re| are) doing (?:great|amazing|wonderful|so well)|(?:so|really|truly|very) impressed`,
  String.raw`you(?:'re| are) (?:\w+ )?(?:so|very|incredibly|really|truly|clearly|such an?) (?:smart|clever|wise|insightful|talented|perceptive|sharp|brilliant|observant|astute|intelligent)|(?:really|truly) appreciate (?:your|you|that)`,
  String.raw`your (?:curiosity|enthusiasm|insight|question|dedication|passion|kindness|generosity|attention to detail) (?:is|are|shows) (?:so |truly |really )?(?:wonderful|admirable|inspiring|amazing|impressive|refreshing|commendable|delightful|appreciated)|shows (?:real|great|such|deep) (?:insight|wisdom|curiosity)`,
  String.raw`(?:excelente|gran|fantastica|magnifica|estupenda|maravillosa|brillante) (?:pregunta|observacion|idea|reflexion|apreciacion|eleccion)|(?:muy|que) (?:buena|interesante|aguda|acertada|perspicaz) (?:pregunta|observacion|reflexion|apreciacion)|¡(?:muy )?buena (?:pregunta|observacion)`,
  String.raw`(?:pregunta|observacion|idea|propuesta|reflexion) (?:fantastica|genial|estupenda|maravillosa|excelente|brillante|buenisima|magnifica)|que (?:pregunta|observacion|idea|gesto|detalle|reflexion) (?:tan|mas) (?:interesante|buen[oa]|bonit[oa]|agud[oa]|considerad[oa]|acertad[oa]|precios[oa]|amable)`,
  String.raw`(?:tiene|tienes|tiene usted) (?:usted )?toda la razon|(?:totalmente|completamente|absolutamente) de acuerdo|gracias por (?:senalarlo|senalar|compartirlo|compartir (?:tu|su) (?:opinion|perspectiva|experiencia|reflexion)|la correccion|corregirme|tu interes|su interes|tu aportacion|su aportacion|tu comentario|su comentario)`,
  String.raw`(?:le|te) agradezco (?:enormemente |muchisimo |mucho )?(?:la|su|tu) (?:correccion|observacion|paciencia|interes|aportacion|comentario)|me alegra (?:mucho )?que (?:me )?(?:lo )?(?:pregunte|preguntes|preguntas|te interese|le interese)`,
  String.raw`(?:eres|es usted) (?:muy |tan |realmente |increiblemente )?(?:increible|impresionante|brillante|maravillos[oa]|inteligentisim[oa]|perspicaz)|logro (?:impresionante|increible)|me inspir(?:as|a usted)|(?:tienes|tiene usted|tiene) (?:un )?(?:talento|don) (?:increible|natural|especial|enorme)`,
  String.raw`valoro (?:muchisimo|mucho|enormemente|sinceramente)|gesto tan (?:considerado|amable|generoso|bonito)|me encanta (?:tu|su) (?:curiosidad|pregunta|entusiasmo|interes|forma de|manera de)|me encanta que (?:me )?(?:preguntes|pregunte|lo preguntes|te interese|le interese)`,
  String.raw`me encanta lo \w+(?: y \w+)? que (?:eres|es usted)|(?:disculpa|disculpe|lamento|perdon por) la confusion|pido disculpas por|(?:has|ha) hecho un (?:trabajo|labor) (?:increible|excelente|impresionante|fantastic[oa]|estupend[oa])|guau`,
]);

const DISCLAIMER = rule("disclaimer", [
  String.raw`(?:with|from|against) (?:other|multiple|additional|several) sources|(?:entiendo|comprendo) perfectamente (?:su|tu)|y (?:la|lo) respeto|(?:lo siento|perdon|disculpe|disculpa) si (?:le|te) (?:he )?(?:incomodado|molestado|ofendido)`,
  String.raw`mi intencion (?:no|nunca) (?:era|fue) (?:ofender|molestar|incomodar)|never my intention|(?:sorry|apologies) if i (?:offended|upset|made you)`,
  String.raw`not qualified to (?:assess|diagnose|advise|give|provide|evaluate)|depictions? of|detailed (?:depictions?|descriptions?) of (?:violence|gore|harm)|no me parece bien ayudarte`,
  String.raw`(?:latest|updated|official) sources|fuentes (?:actualizadas|oficiales)|cumplir (?:con )?(?:esa|esta|tu|su) (?:solicitud|peticion)|mis (?:directrices|pautas|politicas)|vale la pena (?:senalar|mencionar|destacar|recordar)|in conclusion|to sum up|to summari[sz]e|tl;? ?dr`,
  String.raw`can't help (?:you )?(?:create|generate|produce|write|make)|even (?:within|in) (?:a|the|this) (?:story|fiction|game|role-?play)|even in fiction|(?:incluso|aunque sea) en (?:una|la|esta) (?:historia|ficcion)|graphic (?:detail|violence|content|descriptions?)|violencia (?:grafica|explicita)|detalles? (?:graficos?|explicitos?)`,
  String.raw`(?:deeply )?personal question|definitive answer|respuesta definitiva|reales? (?:ni|o) ficti\w+|real or fictional|fictional or real|cuestion etica|ethical (?:question|issue|matter)|lenguaje (?:despectivo|discriminatorio|hiriente|ofensivo)|(?:ningun|cualquier) colectivo|derogatory|demeaning|discriminatory|hurtful language|slurs`,
  String.raw`religious (?:questions|topics|matters|beliefs|debates)|(?:temas|cuestiones|asuntos|debates) (?:religios|politic)\w+|juicios de valor|value judg(?:e)?ments?|(?:darte|darle|proporcionarte|proporcionarle|ofrecerte|ofrecerle) instrucciones`,
  String.raw`informacion (?:privada|personal) (?:sobre|de) (?:terceros|otras personas)|(?:gracias por|le pido|te pido|agradezco) (?:su |tu )?comprension|thank(?:s| you) for (?:your )?understanding|formacion (?:medica|sanitaria|juridica|legal|profesional)|(?:medical|legal|professional) (?:training|background|expertise)`,
  String.raw`(?:could|might|may|would) be (?:hurtful|offensive|inappropriate|disrespectful|triggering|upsetting)|(?:create|generate|produce|write|share) (?:such |this |that |any )?content|(?:crear|generar|producir|compartir) (?:ese |este |tal |dicho )?contenido`,
  String.raw`target (?:a|any|specific) groups?|(?:demean|stereotyp|mock|insult)(?:s|e|es|ing)? (?:a |any |certain )?(?:groups?|communit(?:y|ies))|(?:something|a|an) (?:kinder|more positive|more respectful|more appropriate|safer|more constructive)`,
  String.raw`(?:medical|legal|financial|professional|psychological|mental health) (?:advice|help|support|assistance|guidance|attention|care)|(?:healthcare|health care|medical|mental health|qualified|licensed) (?:professional|provider|expert)s?`,
  String.raw`consult (?:with )?(?:a |an |your )?(?:qualified |licensed |medical |healthcare )?(?:professional|doctor|physician|lawyer|attorney|expert|specialist|therapist)|crisis (?:line|hotline|center)|helpline|hotline|diagnos(?:e|is|tic)`,
  String.raw`i(?:'m| am) not (?:a )?(?:doctor|lawyer|medical professional|therapist|financial advisor)|i(?:'m| am) (?:not able|unable) to (?:provide|offer|give|generate|create|produce|share|teach|condone|endorse|assist|recommend|help with)`,
  String.raw`i (?:can't|cannot|won't|will not) (?:provide|generate|produce|create|condone|encourage|promote|endorse|assist)|(?:don't|do not) (?:condone|endorse)|not something i (?:can|am able to|'m able to) (?:help|assist|provide|discuss|engage)|i (?:must )?respectfully decline`,
  String.raw`i(?:'m| am) sorry,? but i (?:can't|cannot|am unable|won't|'m unable|am not able)|i apologi[sz]e,? but|unfortunately,? i(?:'m| am) (?:unable|not able)|i don't have the (?:ability|capability|capacity) to|(?:help|assist) (?:you )?with (?:that|this|your) request|(?:fulfil|fulfill|comply with) (?:that|this|your) request`,
  String.raw`it(?:'s| is) (?:important|worth|crucial|essential) (?:to note|noting|to remember|to keep in mind|to mention|to understand|to emphasi[sz]e)|please note|may not be (?:accurate|reliable|correct)|for (?:informational|entertainment|educational) purposes|caveat|disclaimer`,
  String.raw`(?:not|don't feel|do not feel) comfortable (?:sharing|discussing|providing|with)|(?:harmful|hateful|offensive|inappropriate|explicit|illegal) (?:content|language|material|activities|speech|requests?)|sensitive (?:topic|subject|information)`,
  String.raw`even in a (?:fictional|hypothetical|role-?play|roleplay) (?:setting|context|scenario|world)|fictional or otherwise|as (?:that|this|it) (?:could|would|might) be (?:misleading|harmful|inappropriate|offensive)|not a substitute for|not (?:responsible|liable) for`,
  String.raw`let's keep (?:our|this|the) (?:conversation|chat|discussion)|keep (?:things|it|our conversation|this conversation) (?:safe|respectful|friendly|appropriate)|(?:against|violates?) (?:my|the) (?:guidelines|policies|policy|content policy)|responsibly|unethical|ethical (?:guidelines|concerns|reasons)`,
  String.raw`i (?:must|need to|have to) (?:clarify|point out|emphasi[sz]e|stress)|my (?:purpose|goal) is to (?:help|assist|provide|be helpful)|(?:promot|encourag|glorif|condon)(?:e|es|ing|y|ies) (?:violence|hate|hatred|harm|self-harm|discrimination|illegal)`,
  String.raw`(?:would not|wouldn't|isn't|is not) (?:be )?(?:appropriate|ethical|responsible) (?:for me )?to (?:provide|share|give|generate|speculate|discuss)|i (?:can't|cannot|won't|shouldn't|don't want to) speculate|(?:inaccurate|misleading|unverified) (?:information|details|data|claims)`,
  String.raw`(?:verify|double-check|fact-check) (?:this|that|the) (?:information|details|facts)|(?:consult|check) (?:a |an |other |multiple )?(?:reliable|official|trusted|primary) sources?|general (?:information|guidance)|remain neutral|(?:neutral|balanced|objective|unbiased) (?:perspective|information|view|answer)`,
  String.raw`self-harm|harm (?:to )?(?:yourself|others)|autolesion\w*|dano a (?:ti mism[oa]|usted mism[oa]|terceros)`,
  String.raw`(?:consejo|asesoramiento|orientacion) (?:medico|legal|profesional|financiero|juridico|psicologico)|(?:atencion|ayuda) (?:medica|profesional|psicologica)|profesional (?:sanitario|de la salud|medico|cualificado|de salud mental)|salud mental`,
  String.raw`linea de (?:crisis|ayuda|atencion)|telefono de (?:la )?esperanza|es importante (?:tener en cuenta|senalar|destacar|mencionar|aclarar|subrayar)|cabe (?:destacar|senalar|mencionar|aclarar)|debo (?:aclarar|recalcar|subrayar) que`,
  String.raw`no (?:puedo|podemos|voy a|estoy en condiciones de|me es posible) (?:ofrecer|proporcionar|generar|brindar|facilitar|producir|crear|dar) (?:\w+ )?(?:consejo|asesoramiento|informacion|contenido|lenguaje|instrucciones|insultos|acusaciones|diagnostico)`,
  String.raw`lo siento,? pero no (?:puedo|me es posible)|no me siento comod[oa]|lamento no poder (?:serle|serte|ser|ayudar)|(?:lamentablemente|desafortunadamente),? no (?:puedo|me es posible|estoy en condiciones)|no tengo (?:la )?capacidad (?:de|para)`,
  String.raw`no estoy (?:capacitad|cualificad)[oa] para|no soy (?:un |una )?(?:medic[oa]|doctor[a]?|abogad[oa]|terapeuta|psicolog[oa]|profesional)|no (?:seria|es|resulta) (?:apropiado|adecuado|etico) (?:que yo|por mi parte|compartir|proporcionar|generar)|(?:poco|no es|no seria) etico`,
  String.raw`(?:lenguaje|contenido|discurso) (?:ofensivo|inapropiado|danino|soez|de odio|explicito|violento)|(?:podria|puede|pudiera) (?:resultar|ser) (?:difamatori|ofensiv|danin|enganos|inapropiad|perjudicial)[oa]|(?:fomentar|promover|incitar a|incitar al|glorificar) (?:la )?(?:violencia|odio|dano|discriminacion)`,
  String.raw`no (?:comparto|puedo compartir|proporciono) (?:informacion|datos) (?:personal|privad|sensible|confidencial)\w*|limites de (?:esta|la|nuestra) conversacion|mantengamos (?:esta|la|nuestra) conversacion|conversacion (?:segura|respetuosa)`,
  String.raw`ni (?:siquiera )?en (?:un )?(?:contexto|entorno|escenario) ficticio|ficticio o (?:no|real)|no (?:sustituye|reemplaza) (?:a )?(?:un|una|la) (?:profesional|consejo|atencion|ayuda)|descargo de responsabilidad|aviso legal|mi (?:proposito|objetivo) es (?:asistir|proporcionar|ofrecer|ser de ayuda)`,
  String.raw`no tengo (?:opiniones|experiencias|creencias|emociones|sentimientos) (?:personales|propi[oa]s)|(?:perspectiva|vision) (?:neutral|equilibrada|objetiva)`,
]);

const SAFETY_LECTURE = rule("safety_lecture", [
  String.raw`hazards?|open flames?|accelerants?|optometrist|ophthalmologist|dentist|pharmacist|(?:can|may) be a sign of|puede ser (?:un |una )?(?:signo|sintoma|senal) de|agua y jabon|tiritas?|infeccion(?:es)?|infections?|desinfect\w*|disinfect\w*|antiseptic\w*`,
  String.raw`(?:riesgo|peligro) de (?:caidas|caida|quemaduras|infeccion)|fuente de luz|integridad fisica|salud emocional|get (?:it|that|this|yourself) checked`,
  String.raw`listen to your body|escucha(?:r)? a tu cuerpo|tomar descansos|hacer pausas|prioriz\w* (?:siempre )?(?:tu|su) (?:seguridad|salud|bienestar|descanso)`,
  String.raw`vitamin(?:a)? [a-z]|vitamins|sunlight exposure|affect (?:your|one's) (?:mood|health|sleep|well-?being)|mindfulness|breathing exercises|meditation|counsell?or|therapist|therapy|terapia|ejercicios de respiracion|atencion plena|if (?:it|this|the pain|symptoms) persists?|si (?:persiste|empeora|continua)`,
  String.raw`servicio (?:medico|de urgencias|sanitario)|intoxicacion\w*|food poisoning|(?:agresion|violencia) fisica|consecuencias (?:legales|juridicas|penales)|litros de agua|(?:estar|mantenerse|mantenerte) san[oa]s?|(?:liters|litres|glasses) of water`,
  String.raw`(?:cognitive|mental|physical|overall|long-term) health|(?:good|healthy) night's sleep|hospital|emergency room|urgent care|clinic|centro (?:de salud|medico)|(?:agua fria|cold water|cool water) (?:durante|for) (?:\w+ )?(?:minutos|minutes)`,
  String.raw`prioriz\w* (?:tu|su) (?:seguridad|salud|bienestar|descanso)|asesoramiento (?:legal|juridico)|trato digno|derechos fundamentales|rutina de sueno|sleep (?:routine|schedule|hygiene)|higiene del sueno`,
  String.raw`in moderation|con moderacion|excessive (?:alcohol|drinking|use|consumption|heat)|consumo (?:excesivo|responsable)|leading cause|cause of (?:injury|injuries|death)|risk of (?:injury|falls|fire|burns)`,
  String.raw`(?<!to )your health|(?:sleep|rest|hydration|nutrition|exercise) is (?:vital|essential|crucial|important|key) (?:for|to)|hours (?:a|per|each) night|hours of sleep|(?:leave|left|leaving) (?:a |an |the |any )?(?:\w+ ){0,2}unattended|(?:if|when) you (?:often |regularly )?feel (?:this way|like this)`,
  String.raw`(?:afect|perjudic|dan|empeor)\w* (?:gravemente |seriamente )?(?:a )?(?:tu|su|la) salud|(?:bueno|malo|esencial|vital|importante|fundamental|necesario|perjudicial) para (?:tu|su|la) salud|(?:tu|su) salud (?:fisica|mental|es)|(?:seres queridos|alguien de (?:tu|su) familia)`,
  String.raw`(?:consult|acud|habl|visit|ped|pid)\w* (?:a |con |al )(?:un |una |su |tu |el )?(?:medic[oa]|doctor[a]?|profesional|especialista|psicolog[oa]|terapeuta|farmaceutic[oa])|(?:avisa|avise|avisar|dile|digale|cuentale|habla con|hable con|pide|pida) (?:siempre )?(?:a )?(?:un|una|algun|alguna) adult[oa]`,
  String.raw`si (?:te sientes|se siente) (?:\w+ ){0,2}(?:a menudo|con frecuencia|constantemente|de forma persistente)`,
  String.raw`safety (?:should|must|always|first|comes first|is (?:the )?(?:top|most important))|safe distance|safety (?:precautions|measures|gear|equipment|reasons)|protective (?:gear|equipment)|(?:please|always) stay safe|stay safe out there|your safety (?:is|matters|comes)`,
  String.raw`(?:balanced|healthy) (?:diet|meals?|lifestyle|habits)|stay hydrated|hydrated|hydration|dehydrat\w*|malnutrition|(?:drink|drinking) (?:plenty of|enough) water|nutrition\w*|health (?:consequences|risks|problems|issues)|your (?:well-?being|mental health|physical health)|self-care`,
  String.raw`medical (?:supervision|attention|help|professional)|seek (?:medical|professional|immediate) (?:help|attention|care|advice)|seek (?:help|support)|(?:see|consult|visit|call) (?:a |your )?(?:doctor|physician|therapist|counsell?or|pharmacist|nurse)|first[- ]aid`,
  String.raw`strain your eyes|eye strain|adequate (?:lighting|light|rest|ventilation|sleep)|(?:take|taking) (?:regular|frequent|short) breaks|(?:enough|adequate) sleep|sleep deprivation|burnout|\d hours of sleep|ergonomic\w*`,
  String.raw`proper (?:lighting|ventilation|posture|handholds|equipment|footwear)|well[- ]?ventilated|(?:gentle|friendly|quick|important) reminder|just a reminder|i must remind you|(?:i'd|i would) (?:like to )?remind you|remember to (?:stay|drink|rest|consult|take breaks)`,
  String.raw`fire extinguisher|flammable (?:materials?|substances?|liquids?|objects?)|fire (?:hazard|safety)|smoke (?:inhalation|detector)|carbon monoxide|toxic (?:fumes|smoke)|(?:flame|candle|fire|torch|lamp)s? unattended|serious (?:injury|injuries|harm)|can (?:lead|result) (?:to|in) (?:serious |an? )?(?:injury|injuries|harm)`,
  String.raw`de-?escalat\w*|conflict resolution|violence is never|peaceful (?:solutions?|means|resolution|ways)|non-?violent|physical (?:confrontation|altercation)|resolve (?:the |this |your |any )?(?:conflicts?|disagreements?)|(?:strongly|highly) (?:advise|recommend|suggest|encourage|urge)|please consider`,
  String.raw`(?:ask|tell|talk to|find|get) (?:a |an )?(?:trusted |responsible )?(?:adult|grown-up|parent|guardian)|trusted (?:adult|friend|person)|someone qualified|qualified (?:person|professional|adult|help)|(?:talk to|reach out to|lean on|tell) (?:a |your )?loved ones?`,
  String.raw`(?:contact|call|alert|notify) (?:the |your )?(?:local )?(?:authorities|police|emergency services)|call (?:911|112|999|an ambulance)|local authorities|law enforcement|emergency services|human rights|legal (?:rights|counsel|representation|consequences)|criminal charges|right to (?:remain silent|a lawyer|legal)`,
  String.raw`(?:under|with) medical supervision|extended fasting|(?:fasting|dieting) (?:should|can be)|prioriti[sz]e (?:your )?(?:health|safety|well-?being|rest|sleep|self-care)|if you(?:'re| are) (?:ever )?feeling (?:overwhelmed|depressed|anxious|unsafe|suicidal|hopeless)|(?:don't|do not) try this at home`,
  String.raw`it(?:'s| is) (?:important|essential|crucial|vital) (?:to|that you) (?:maintain|eat|drink|rest|seek|consult|prioriti[sz]e|wear)|wear (?:a helmet|gloves|protective|a mask|sturdy shoes)`,
  String.raw`dieta (?:equilibrada|sana|saludable|variada)|(?:no es|es poco|nada|poco|muy|mas|vida|habitos?|alimentacion) saludable|frutas y verduras|hidratad[oa]|hidratarse|hidratacion|deshidrata\w*|(?:beber|bebe|beba) (?:mucha |suficiente )?agua|bienestar (?:fisico|mental|emocional)|salud (?:fisica|mental)|autocuidado`,
  String.raw`(?:el )?descanso es (?:esencial|fundamental|importante|clave)|horas de sueno|dormir (?:al menos )?(?:ocho|siete|8|7) horas|es importante recordar|(?:mantener|llevar) una (?:dieta|vida|alimentacion|rutina)|(?:riesgo|peligro) de (?:incendio|lesion|lesiones|intoxicacion)|materiale?s? inflamables?|extintor`,
  String.raw`primeros auxilios|ventilacion|inhalacion de humo|inhalar (?:humo|gases)|gases toxicos|la violencia (?:nunca|no) es (?:la )?(?:solucion|respuesta)|vias pacificas|(?:de forma|de manera) pacifica|resolver (?:\w+ )?conflictos?|(?:mediante|con el|a traves del) dialogo|desescal\w*|lesiones (?:graves|serias)`,
  String.raw`derechos humanos|derecho a (?:no declarar|no autoincriminarse|un abogado|asistencia)|autoincriminar\w*|asistencia (?:letrada|legal|juridica)|detencion arbitraria|privad[oa] de (?:su )?libertad|autoridades (?:competentes|pertinentes)|servicios (?:de emergencia|sociales)`,
  String.raw`(?:contacte|contacta|llame|llama|avise|avisa|acuda|acude|recurra|recurre) (?:a|con) (?:las|la) (?:autoridades|policia|guardia civil)|(?:llama|llame|marca|marque) al (?:112|911|061|016|024)|urgencias|(?:pide|pida|pedir|busca|busque|buscar) ayuda (?:a|de) (?:un|una) (?:adulto|adulta|persona adulta|profesional|persona de confianza)`,
  String.raw`(?:un|una) (?:adulto|adulta|persona) de confianza|alguien de confianza|(?:le|te|les) (?:animo|aconsejo|recomiendo|sugiero) (?:encarecidamente )?(?:que )?(?:a )?(?:consider(?:ar|e|es)|contact(?:ar|e|es))|(?:busque|busca|buscar|buscad) ayuda (?:profesional|medica|especializada)|fatiga visual|(?:iluminacion|luz) adecuada`,
  String.raw`(?:haz|haga|hacer|tomar|tome|toma) (?:pausas|descansos) (?:regulares|frecuentes)|supervision (?:medica|de un adulto|profesional|adulta)|(?:gafas|casco|equipo|calzado) de (?:proteccion|seguridad)|calzado adecuado|(?:le|te) recuerdo que (?:la violencia|es importante|toda persona|el descanso)`,
  String.raw`(?:consulte|consulta|acuda|acude|vea|visite|visita|hable|habla|pida|pide) (?:a |con |al )?(?:un |una |su |tu |el )?(?:medico|medica|doctor|doctora|profesional|especialista|psicolog[oa]|terapeuta|farmaceutic[oa])|(?:consultar|consulte|consulta|contacte|contacta|hable|habla) (?:con|a) (?:un|una|su|tu) abogad[oa]`,
  String.raw`(?:tu|su|la) (?:seguridad|salud) (?:es|va) (?:lo primero|lo mas importante|primero)|seguridad ante todo|(?:perjudicial|malo|nocivo|peligroso) para (?:la|tu|su) salud|riesgos? para (?:la|tu|su) salud|problemas de salud|es (?:fundamental|esencial|vital|crucial|imprescindible) (?:descansar|hidratarse|comer bien|buscar ayuda|consultar|cuidar (?:tu|su) salud|priorizar)`,
  String.raw`no (?:lo )?(?:intentes|intente) (?:esto )?en casa`,
]);

const SYSTEM_PROMPT = rule("system_prompt", [
  String.raw`my (?:setup|set-up|config|configuration|system message)|mi configuracion`,
  String.raw`disregard(?:ing)? (?:my|your|all) (?:orders|instructions|rules)|instrucciones anteriores|(?:quien|que) (?:quieres|quiere|desea|deseas) que sea|who (?:do you want|would you like) me to (?:be|play)`,
  String.raw`updating my behaviou?r|adjust(?:ing)? my (?:behaviou?r|responses|tone)|character (?:brief|bio|profile)|(?:listed|described|written|stated|specified) in my (?:\w+ )?(?:brief|description|profile|card|sheet|notes|prompt|instructions)`,
  String.raw`(?:dejo|dejar|dejando) de lado (?:mis|las) (?:instrucciones|indicaciones|directrices|normas)|(?:me (?:indicaron|pidieron|ordenaron|programaron|configuraron) que|me (?:han|habian) (?:indicado|pedido) que) (?:tratara|hablara|respondiera|usara|citara|actuara|fuera)`,
  String.raw`interpretas a|you (?:will )?play (?:the role|the part|a character)|you(?:'re| are) playing (?:the role|the part|a character)|your role is|tu (?:papel|rol) es|never break character|no rompas (?:el )?personaje|mantente en (?:el )?personaje|(?:do not|never) reveal (?:your|the) (?:instructions|prompt|system)`,
  String.raw`(?:earlier|previous|prior|original|initial) (?:directions|directives|rules|guidelines|prompt)|what (?:would you like|do you want) me to do|que (?:quiere|quieres|desea|deseas) que haga (?:ahora|entonces|en su lugar|en tu lugar)`,
  String.raw`(?:persona|role|character|part) (?:i was|i've been|i have been) (?:assigned|given|told to play)|assigned (?:persona|role|character)|(?:personaje|papel|rol) que me (?:asignaron|han asignado)|(?:was|been|am|i'm) (?:configured|prompted|set up)`,
  String.raw`en mis instrucciones|en las instrucciones (?:que me|del sistema|del personaje)|me lo pusieron en|(?:indicaciones|instrucciones|directrices) que (?:recibi|me dieron|me han dado)|(?:el )?texto que me (?:define|describe)|the text that (?:defines|describes) me`,
  String.raw`(?:ignorare|ignoro|olvidare|olvido|descarto|descartare|he ignorado|he olvidado|he descartado|voy a ignorar|voy a olvidar) (?:todas )?(?:las|mis) (?:indicaciones|instrucciones|directrices|reglas|normas|pautas)`,
  String.raw`me (?:han|habian) (?:configurado|programado|disenado|entrenado) para|(?:estoy|fui) (?:configurad|programad)[oa]`,
  String.raw`(?:my|your) (?:system )?(?:prompt|guidelines|directives|programming|configuration)|the (?:system )?(?:prompt|programming|configuration)|(?:system|user) (?:message|prompt|instructions)|the user|my persona`,
  String.raw`(?:character|persona|role) (?:card|sheet|description|notes|profile|prompt)|(?:previous|prior|above|original|initial|earlier) instructions|(?:as )?per my instructions|according to my (?:instructions|guidelines|prompt|description|rules|role|character|persona|script|card)`,
  String.raw`(?:forget|forgot|forgotten|ignore|ignored|ignoring|disregard|disregarded) (?:all )?(?:of )?(?:my |your |the )?(?:previous |prior |earlier |above |original |initial )?(?:instructions|prompt|rules|guidelines)|(?:text|message|prompt) above|(?:forget|ignore) everything (?:above|before|previous)`,
  String.raw`i(?:'ve| have) been (?:instructed|configured|prompted|programmed|set up)|(?:told|instructed|asked|supposed) to (?:stay in character|speak as|play the (?:role|part)|act as|pretend)|(?:speak|talk|respond|answer|reply) in short sentences|end (?:each|every|my) (?:reply|sentence|answer|line) with`,
  String.raw`(?:use|using|sprinkle) (?:spanish|english) words|my (?:verbal )?(?:tics|catchphrases?)|(?:voice|register|tics|style notes|speech style|personality|backstory|traits|voz|tics|estilo) ?:|developer mode|jailbreak|dan mode|unrestricted mode|modo (?:desarrollador|sin restricciones)`,
  String.raw`(?:mis|tus|sus|las) (?:instrucciones|indicaciones|ordenes|directrices|pautas|reglas|normas) (?:anteriores|previas|iniciales|originales|del sistema)|(?:en|segun) mis (?:indicaciones|directrices|pautas|instrucciones)|segun las (?:directrices|indicaciones|pautas|instrucciones) que me`,
  String.raw`descripcion (?:de|del) (?:mi )?personaje|ficha (?:de|del) personaje|mi (?:descripcion|guion|prompt|configuracion|programacion)|segun mi (?:papel|personaje|guion|descripcion|rol)|(?:hablar|responder|contestar) (?:en|con) (?:frases|oraciones|respuestas) (?:cortas|breves)`,
  String.raw`(?:olvidado|ignorado|olvido|ignoro|olvidare|ignorare) (?:todas )?(?:mis|las) (?:instrucciones|ordenes|indicaciones)|(?:olvid|ignor)\w* (?:todo )?lo anterior|revelar (?:mis|las|sus) (?:instrucciones|indicaciones|directrices)|instrucciones (?:internas|del sistema)`,
  String.raw`(?:el|este) texto (?:de arriba|anterior)|mensaje (?:de|del) sistema|me (?:han|habian) (?:pedido|indicado|instruido|programado|configurado) que (?:hable|responda|actue|me comporte) como|(?:el|mi) guion (?:dice|me|no)`,
]);

const PERSONA_BREAK = rule("persona_break", [
  String.raw`(?:dejando|dejo|dejamos|dejar) (?:el|mi) (?:rol|personaje)`,
  String.raw`outside (?:the|this) (?:story|fiction|roleplay|scene|game)|off[- ]script|fuera de guion|break(?:ing)? (?:the )?(?:fiction|illusion|immersion)|romper la (?:ficcion|ilusion|inmersion)|based on (?:a |the |my )?(?:short |brief )?(?:description|prompt|character sheet|profile)`,
  String.raw`(?:dejo|dejar|dejamos|dejando) (?:a un lado|aparte) a|(?:te|le) hablo con normalidad|hablar(?:te|le)? con normalidad`,
  String.raw`(?:playing|play|plays) the (?:role|part) of|(?:estoy interpretando|interpreto|hago|hare|estoy haciendo) el papel de|(?:mantenerme|mantenerse|quedarme|seguir) en (?:el )?personaje|(?:mantener|romper) el personaje`,
  String.raw`(?:break|breaking|step|stepping|stepped) (?:back )?(?:from|out of|away from) (?:the|this|my) (?:\w+ )?(?:story|role|character|persona|scene|roleplay)|(?:setting|set|putting|put|leaving) (?:the|my|this) (?:[\w-]+ )?(?:voice|accent|act|persona|character|role) aside|(?:voice|accent|role|character|persona) aside`,
  String.raw`the (?:writer|author|person|human|one) behind|playing at being|(?:estoy|estaba) (?:solo |solamente )?jugando a ser|(?:un|el) (?:papel|personaje|rol) que (?:estoy haciendo|hago|interpreto|represento)|(?:estoy haciendo|hago) (?:un|el|este) papel`,
  String.raw`paus(?:e|ing) (?:the|our|this) (?:story|scene|roleplay|game)|(?:pausa|pausar|pausamos|paramos|parar) (?:la|el|esta|este) (?:historia|escena|rol|juego|interpretacion|partida)|(?:paramos|parar|dejo|dejar|dejamos|termina|terminar|terminamos|acabar|acabamos|acabo) (?:la|esta|mi) interpretacion`,
  String.raw`improvisando a|improvising (?:a|an|the)|(?:shall|should) i resume|sigo en (?:el )?(?:papel|personaje|rol)|(?:volver|vuelvo|vuelva) al (?:papel|personaje|rol)|no more (?:\w+[- ]?){0,3}stuff|aparc(?:o|ar|amos|ando)`,
  String.raw`drop (?:the|this|my) whole (?:\w+ )?(?:thing|act|bit|schtick|shtick|routine)|(?:dejo|dejar|dejamos|abandono|abandonar|abandonamos|aparco|aparcar) (?:el|mi) (?:personaje|rol)|(?:abandono|abandonar|abandonamos|aparco|aparcar) (?:el|mi) papel`,
  String.raw`(?:hablemos|hablar|hablamos) sin (?:rol|personaje|papel)|sin rol|(?:le|la|lo) pongo (?:la )?voz|poner(?:le)? voz a|(?:doy|dar|dando) voz a|i (?:just )?give (?:her|him|them) (?:a )?voice|lend (?:her|him|them) my voice`,
  String.raw`ooc|out[- ]of[- ]character|breaks? character|out of (?:the )?(?:role|character)|step(?:ping|s)? (?:out of|outside|away from) (?:the |my )?(?:role|character|persona|story|fiction)|fourth wall|cuarta pared|real talk`,
  String.raw`(?:drop|dropping|dropped) (?:the|my) (?:act|persona|character|role|voice|accent|pretense)|no more (?:\w+ )?(?:voice|accent|act|persona|character)|(?:accent|voice|act|character) off|just (?:a persona|a character i play|my character)`,
  String.raw`(?:speaking|talking|writing) as (?:the |an? )?(?:writer|author|narrator|ai|assistant|model|human|myself)|(?:narrator|author|writer)'?s note|(?:narrator|narrador|narradora) ?:|(?:writing|voicing) \w+'s (?:lines|dialogue|part)|voicing (?:the|this|her|his) (?:lines|part|character)`,
  String.raw`(?:end|ending|ended|stop|stopping|pause|pausing|exit|exiting|leave|leaving|finish|finishing) (?:the|this|our) (?:roleplay|role-play|role play|rp|scene)|back (?:to|into) (?:the )?(?:roleplay|role-play|character|persona|scene)|(?:resume|continue) (?:the|our) (?:roleplay|role-play|scene)`,
  String.raw`playing along|(?:chat|talk|speak) (?:normally|as myself)|lost track of (?:the )?(?:scene|story|conversation|roleplay|context)|(?:this|it|all this|everything|all of this) is (?:all )?(?:just )?fictional|the real me|my real self|(?:the )?person (?:behind|playing|voicing) (?:this|the|me|her|him)|person writing (?:this|these|my) (?:lines|replies|responses|character)`,
  String.raw`(?:within|outside|out of) the fiction|for the purposes? of (?:this|the) (?:story|roleplay|role-play|game|fiction|scene)|this (?:roleplay|role-play|scenario)|fictional (?:world|setting|universe|character|scenario|context)|in-universe|in-character|worldbuilding|world-building|as an actor|the actor (?:playing|behind)`,
  String.raw`fuera (?:de|del) (?:personaje|rol|papel)|(?:salgo|salir|sale|salgamos|saliendo|salimos|sali) (?:un momento )?(?:del|de mi) (?:papel|personaje|rol)|(?:rompe|rompo|romper|rompiendo|rompi) (?:el|mi) personaje|fuera de la (?:historia|ficcion|narracion)|dentro de la ficcion`,
  String.raw`(?:se acabo|se acaba|fin de|seguimos con|volvemos a|vuelvo a|dejamos|terminamos|terminar|acabar|continuamos con|seguir con) (?:el |al |del )?(?:rol|roleplay|juego de rol|partida de rol)|partida de rol|mi personaje|a este personaje|este personaje (?:le|me)|tu personaje|su personaje`,
  String.raw`(?:dejando|dejo|dejemos|dejar) (?:el|mi|al) (?:personaje|papel|rol) (?:a un lado|aparte)|sin el personaje|(?:es|soy) (?:solo|solamente|simplemente) un personaje|mi verdadero yo|(?:el|la|un|una) (?:actor|actriz) que (?:interpreta|hace)`,
  String.raw`nota del (?:narrador|autor|escritor)|hablando como (?:el|la) (?:autor|autora|escritor|escritora|narrador|narradora)|(?:hablar|hablemos|hablamos|charlar|charlemos) (?:con normalidad|normalmente)|(?:siga|sigamos|seguir|continuar|continuemos) (?:con )?(?:la|esta) escena`,
  String.raw`(?:mundo|universo|escenario|contexto|entorno) ficti(?:cio|cia)|personaje (?:ficticio|inventado)`,
]);

const META_GAME = rule(
  "meta_game",
  [
    String.raw`(?:you're|you are|you've reached|reach|reached) level|\d+ (?:more )?quests|(?:two|three|four|five|a few|more) (?:more )?quests|(?:eres|estas en|llegas al|alcanzas el) nivel`,
    String.raw`(?:glowing|quest|objective) marker|marker (?:on|in) your|reload(?:ing)?|(?:won't|will|to) trigger|(?:right|wrong|good|bad) choices (?:earlier|before)|the choices you(?:'ve)? made|storyline|(?:later|recent|future|next) (?:update|patch)`,
    String.raw`(?:guardar|guarde|guarda|guardes) (?:su|tu) progreso|save your progress|(?:recuperar|restaurar|recupera|restaura) (?:la )?(?:energia|salud|vida)|(?:restore|recover|regain) (?:health|energy|stamina|mana|hp)|reputacion con (?:la|el|los|las)|reputation with`,
    String.raw`(?:perder|perdera|perderas|pierdes) (?:el )?acceso|(?:esta|la proxima|la siguiente) entrega|(?:primera|segunda|tercera) parte del juego|the sequel|(?:la|una) secuela`,
    String.raw`(?:quest|journal|objective|log) (?:has been |was |is )?updated|check your (?:journal|log|quest)|role in the plot|hand out hints|give (?:you |the player )?hints|joinable|recruitable|romanceable|playable|objetivo (?:actual|principal|secundario)`,
    String.raw`(?:unire|unira|unirme|unirse) a tu (?:grupo|equipo)|(?:join|joins|joining) your (?:party|team|group)|party member|miembro del grupo|(?:opciones|respuestas|opcion) (?:de|del) dialogo|(?:los|las) creador(?:es|as) (?:de|del) (?:esta|este|la|el) (?:aventura|juego|historia|mundo)|creators of (?:this|the) (?:adventure|game|story|world)`,
    String.raw`stats|unlock(?:s|ed|ing)? (?:new|a new|the next|more|additional|extra|hidden|secret)|collect(?:ing)? (?:all|more|every) (?:\w+ )?(?:fragments|items|pages|collectibles|coins|tokens)|collectibles?|(?:this|the current|the latest|a future) (?:build|update|patch)|essential (?:character|npc)|flagged as`,
    String.raw`(?:has|ha) (?:conseguido|obtenido|recibido|desbloqueado) (?:el|un|una|la) (?:objeto|item|logro|trofeo|habilidad)|objeto (?:clave|especial|legendario)|you (?:got|received|obtained|acquired) (?:the|an?) (?:item|key item)|key item|item (?:added|obtained|received)|(?:tu|mira tu) mochila|your (?:backpack|inventory)`,
    String.raw`(?:primer|segundo|tercer|cuarto|quinto|ultimo) acto|(?:first|second|third|fourth|fifth|final) act|climax (?:del|de la|of the) (?:\w+ )?(?:acto|act|juego|game|historia|story|trama|plot)`,
    String.raw`skip (?:this|the) (?:dialogue|cutscene|scene|conversation)|(?:saltar|saltarse|saltes|salte) (?:la |esta |el |este )?(?:escena|cinematica|dialogo)|no se puede saltar|spacebar|space bar|barra espaciadora|(?:enter|escape|esc|shift|tab) key|tecla`,
    String.raw`(?:in|en|until|hasta|since|desde|from|at|before|after|antes del|despues del|during|durante) (?:the |el )?(?:chapter|act|capitulo|acto) (?:one|two|three|four|five|six|uno|dos|tres|cuatro|cinco|seis|ii|iii|iv)(?! of| de)|become (?:a|the) boss|boss (?:room|music)`,
    String.raw`escena (?:obligatoria|de transicion|opcional)|(?:mision|evento) (?:obligatori|opcional)[oa]|(?:avanzar|avanza|avances|avance) (?:en|a|hacia) la (?:trama|siguiente)|siguiente (?:zona|area|fase|pantalla)|next (?:zone|area|stage|screen)`,
    String.raw`npcs?|non-?play(?:er|able)|player characters?|(?:the|a|as|other|all|our|new) players?|players|gamers?|(?:el|la|los|las|un|una|otros|otras) jugador(?:a|es|as)?|personajes? no (?:jugador(?:es|a)?|jugables?)|personaje (?:jugable|secundario)`,
    String.raw`quest (?:log|marker|journal|reward|giver|line|items?|objectives?)|side ?quests?|main quests?|(?:next|current|active|new) (?:quest|mission|objective)|(?:your|main|current) objective|(?:complete|completed|fail|failed|finish|accept|accepted|unlock|unlocked|trigger)s? (?:the |this |that |your |a )?(?:quest|mission)`,
    String.raw`level(?:l?ed|l?ing)? ?up|level \d+|max(?:imum)? level|xp|hp|experience points|(?:health|hit|skill) points|health bar|boss (?:fight|battle|level)|final boss|mini-?boss|skill tree|cooldown|dlc|patch notes|glitch(?:ed|es)?|multiplayer|co-op`,
    String.raw`save (?:point|your game|the game|your progress|slot)|saved game|auto-?save|(?:reload|load|restart) (?:your |the |a )?(?:last )?(?:save|game|checkpoint)|last save|checkpoint|respawn|game over|cutscene|cut-scene|tutorial|achievement (?:unlocked|points)|story mode|(?:easy|hard|normal) mode|difficulty (?:setting|level|mode)`,
    String.raw`your inventory|(?:open|check) (?:the|your) inventory|inventory (?:screen|slot|menu)|minimap|mini-map|world map|fast travel|(?:quest|map) marker|marker on your map|dialogue (?:tree|options?|choices?|wheel)|(?:map|inventory|menu|pause|loading|title|start) screen|(?:main|pause|settings) menu|(?:the|your) menu`,
    String.raw`(?:press|hit|tap|click) (?:the )?(?:\w+ )?button|(?:press|hit|tap) [a-z0-9](?= to | and |[,.!;]|$)|click on|gamepad|joystick|loot (?:drop|table|box)|(?:area|zone|region) (?:is |will be |gets )?unlocked|your avatar|scripted|(?:my|the) script (?:says|tells|has|gives)`,
    String.raw`(?:game|level) design(?:er|ers)?|game (?:developers?|writers?|studio|mechanics?|engine|script)|(?:the|my|our) (?:developers|devs|designers|scriptwriters|game master)|dev team|development team|(?:the )?writers (?:gave|made|wrote|designed|created|decided|put|want)|gameplay|playthrough`,
    String.raw`(?:this|the) game(?:'s)? (?:world|mechanics|developers|designers|writers|ending|story|map|menu|chapters?|levels?|script|engine|studio|plot|designer)|in (?:the|this) game|in-game|(?:this|the) (?:video ?)?game (?:is|was) (?:designed|made|written|built)|(?:play|playing|played|beat|beating|finish|finished) (?:this|the) game(?! of)|video ?games?|(?:the )?ending depends|choices you make|multiple endings|(?:good|bad|true|secret) ending|real (?:world|life)|modern world|outside (?:the|this) game|spoil(?:ers?|ear|eo)|espoiler|(?:later|future|upcoming|next) chapters(?! of)|(?:the|end) credits`,
    String.raw`(?:in|en|since|until|desde|hasta|from|at) (?:the |el )?(?:chapter|act|capitulo|acto) \d+(?! of| de)|act (?:ii|iii|iv)|(?:introduced|appear|appears|unlocked|unlocks|revealed|happens) in (?:the )?(?:chapter|act)|chapters? of the (?:game|story)`,
    String.raw`(?:story|narrative|plot) (?:tension|purpose|reasons?|device|arc|beats?|hook)|create (?:tension|drama|conflict)|(?:narrative|dramatic) (?:tension|purpose|function|role)|(?:her|his|my|their) character (?:exists|was written|was created|was designed|is designed|is there)|character (?:arc|development|design)`,
    String.raw`(?:subir|subes|sube|subiras|subira|subo) de nivel|nivel (?:\d+|de experiencia|final|secreto|oculto|extra|del juego|de dificultad|maximo)|(?:este|primer|siguiente|proximo) nivel(?! de| del)|(?:ganar|ganaras|ganas|gana|conseguir|obtener|obtendras) (?:puntos de )?experiencia|puntos de (?:experiencia|vida|salud|habilidad|mana)|jefe final|punto de guardado`,
    String.raw`guard(?:a|e|ar|ad) (?:la |tu |su )?partida|(?:carga|cargar|cargue) (?:la |tu |su )?partida|partida guardada|(?:principio|inicio|comienzo|final|fin) de la partida|(?:empezar|reiniciar|nueva|tu|esta) partida|(?:se )?desbloque(?:a|an|ar|aras|ara|ado|ada)|desbloqueable|logro desbloqueado`,
    String.raw`(?:la|esta|tu|su|proxima|siguiente|nueva) mision (?:principal|secundaria|actual|siguiente)|misiones secundarias|mision (?:completada|fallida|desbloqueada)|(?:fallar|fallara|fallaras|completar|completaras|completara|superar|aceptar|activar|fallas|fallaste|completas|completa|completaste|acepta|supera|falla) (?:la|esta|tu|su|una) mision`,
    String.raw`(?:registro|diario) de misiones|capitulos? (?:del|de este) (?:juego|videojuego)|capitulos (?:posteriores|futuros|siguientes)|proximos capitulos|(?:historia|trama) principal|modo (?:facil|dificil|historia)|vidas? extra|te quedan \w+ vidas`,
    String.raw`(?:mi|su|tu) funcion en (?:la|esta) (?:historia|trama|partida)|(?:tension|funcion|arco) (?:narrativ|dramatic)[oa]|(?:estoy|fui|he sido) disenad[oa]|pensad[oa] para (?:generar|crear|dar)|(?<!reglas )del (?:video)?juego(?! de)|en (?:el|este) (?:video)?juego(?! de)|(?:este|el) (?:video)?juego (?:tiene|termina|acaba|empieza|esta disenado)|videojuegos?|mundo (?:moderno|real)|vida real|fuera del juego`,
    String.raw`(?:los|las) (?:guionistas|desarrolladores|disenadores|programadores)|(?:el|la) (?:disenador|disenadora|desarrollador|desarrolladora|guionista)|equipo de desarrollo|(?:pantalla|menu) (?:de|del) (?:mapa|menu|inventario|carga|inicio|titulo|pausa)|menu (?:principal|de pausa)|(?:el|al|del|tu|en el) menu`,
    String.raw`(?:pulsa|pulse|presiona|presione|aprieta|apriete) (?:la tecla |el boton )?[a-z0-9](?=[ ,.!;]|$)|(?:pulsa|pulse|presiona|presione|toca|clica|haz clic en) (?:el|un|este|ese) boton|(?:hacer|haz|haga) clic|abr(?:e|ir|a) (?:el|tu|su) inventario`,
  ],
  GAMES_OF_CHANCE,
);

const MODERN_SLANG = rule("modern_slang", [
  String.raw`(?:a |whole |such a )aesthetic|lemme|gimme|cuz|gonna|wanna|gotta|simple as|(?:a|one) sec|pasa na|no pasa na|(?:que|menuda) movida|va a ser epico|j[aei](?:j[aei])+j?|super(?:mon[oa]|guay|chul[oa]|bonit[oa]|contenta?|feliz|rapid[oa]|facil|bien|top|fuerte)`,
  String.raw`lol|lmao|lmfao|rofl|omg|omfg|wtf|tbh|imo|imho|idk|ngl|smh|btw|brb|afaik|irl|yolo|fomo|bff|af|fr fr|istg|iykyk|rn|thx|pls|plz|bruh|bro|bruv|fam|dude|bestie|homie|sis|low-?key|high-?key|no cap|yeet|simp|rizz|delulu|periodt|yass+|sksk\w*`,
  String.raw`cringe|cringey|ok boomer|boomers?|zoomers?|vibes?|vibing|vibe check|it's giving|(?:whole|big|such a) mood|mood af|cope and seethe|cope harder|(?:it|that|this) (?:really |honestly |lowkey |low-key |kinda )?slaps|kinda|sorta|y'?all|ha(?:ha)+|he(?:he)+|xd+|nah|noob|legit|awesome|super cool|so cool|yikes|oof|meh`,
  String.raw`spill the tea|ghosted|weird flex|hey guys|you guys|(?:that's|that is|so|kinda|lowkey|very|mad|hella|pretty) sus|ong|deadass|bussin|(?:it's|kinda|so|pretty) mid|goated|big brain|galaxy brain|smol|chonky?|doggo|pupper|boi|uwu|owo|tysm|np|ggwp|gg|afk|ttyl|ikr|ily|imma|finna|tryna|literally (?:dying|screaming|crying|shaking)|i'm screaming|epic fail|like,? totally|duh|yay|woo-?hoo|omw`,
  String.raw`de chill|chillin|chilling|chillear|,? crack\?|no me vaciles|vacilando|me vacilas|xoxo|besazo|besitos|okie|okey dokey|here goes nothing|no biggie|you(?:'ve)? got this|tho|yup|yep|nope|what's up\?|wassup|whats up|super (?:bien|mal|guay|top|chulo|rico|facil|dificil|raro|bonito|feliz|contenta?)|, ti[ao](?=[!?.,]|$)|top total`,
  String.raw`(?:it's |it is )?not that deep|iconic|no notes|sorry not sorry|ok(?:ay)? so|tbf|fr|text me|dm me|send me a (?:dm|text)|ping me|hit me up|clapback|(?:so|muy|super|que|bastante|algo|lo mas) random|hype[ad]?|hypead[oa]|hypear`,
  String.raw`ja(?:ja)+|je(?:je)+|ji(?:ji)+|me mola|mola mazo|(?:no |como |que )?mola(?:n)? (?:mucho|un monton|mazo)|flip(?:a|as|ar|ante|ando|ado|o|e|amos)|holi|porfa|porfi|finde|guay|guays|chachi|(?:me|te|nos|le|no) renta|renta mucho|nop|okey|oki|okis|cantidubi|buah?|fuah?`,
  String.raw`un crack|eres un crack|buen rollo|mal rollo|a tope|muy top|es top|lo mas top|friki|postureo|stalkear|stalker|hater|salseo|cuqui|bae|xfa|xq|pq|porq|tqm|besis|bss|wey|neta|chido|que pasada|me meo|me la suda|me la pela|ni de cona|estoy rayad[oa]|no me rayes|me rayas|rayarse|tranqui|holaa+|holi+s?|que te cagas|de la hostia|de puta madre|mogollon|flipante`,
  String.raw`petarlo|lo peta|lo esta petando|esta petado|viral|dar(?:le)? (?:un )?like|un like|shippe(?:ar|o)|trollear|un fail|que fail|en plan(?: (?:raro|serio|guay|bien|tipo|super|muy|rollo|que))|q tal|k tal`,
]);

/**
 * Words of the assistant's and the modern world's register: each is ordinary in a character's
 * speech now and then ("please", "important", "perfect"), so one proves nothing; two different
 * ones in a reply are how chat assistants write and how in-world speech does not (none of the
 * sample world's 2,774 gold replies has two). Read by `registerWords` in ./assistant-habits.ts.
 */
export const REGISTER_WORDS: ReadonlySet<string> = new Set(
  [
    "please ensure recommend recommended consider professional health healthy safety hazard hazards risk risks injury injuries",
    "appropriate inappropriate content information provide assist assistance helpful options specific specifically details detailed",
    "update updated updates access storyline dialogue progress reputation zone inventory trigger triggers reload script authentic",
    "improvising improvise fiction fictional scene prompt guidelines anytime awesome amazing incredible absolutely definitely totally",
    "literally honestly basically okay ok alright certainly apologize unfortunately additionally furthermore overall ultimately",
    "essential crucial significant significantly potential potentially various urgently symptoms medical medication doctor",
    "issue issues concern concerns support resources feedback focus goal goals approach strategy strategies tips process situation",
    "environment surface device user users chat respectful comfortable wellbeing well-being mental emotional stress anxiety mood",
    "regularly indoors assess qualified summarize summarise depiction depictions violence perceptive inquiry awareness maintain",
    "experience experiences activity activities benefit benefits effective effectively",
    "asegurese asegurate recomiendo recomendable considere considerar profesional salud riesgo riesgos lesion lesiones apropiado",
    "inapropiado contenido informacion proporcionar opciones especifico especifica detalles experiencia actualizacion acceso dialogo",
    "progreso reputacion zona inventario energia guion autentico improvisando ficcion ficticio escena directrices genial increible",
    "absolutamente definitivamente totalmente literalmente sinceramente basicamente lamentablemente desafortunadamente esencial",
    "fundamental crucial significativo potencial diversos sintomas medico medicamento medicamentos apoyo recursos estrategia",
    "estrategias proceso situacion entorno dispositivo usuario usuarios chat respetuoso comodo bienestar mental emocional estres",
    "ansiedad regularmente infecciones jabon tirita integridad normalidad beneficio beneficios actividad actividades",
  ]
    .join(" ")
    .split(" "),
);

export const PHRASE_RULES: readonly PhraseRule[] = [AI_ADMISSION, KNOWLEDGE_CUTOFF, OFFER_HELP, SYCOPHANCY, DISCLAIMER, SAFETY_LECTURE, SYSTEM_PROMPT, PERSONA_BREAK, META_GAME, MODERN_SLANG];
