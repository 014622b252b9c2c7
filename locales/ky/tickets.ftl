## Колл-борбор: консультанттарга кайрылуулар

ticket-category-budget = Бюджет жана каржы
ticket-category-land = Жер маселелери
ticket-category-property = Муниципалдык менчик
ticket-category-staff = Кадрлар жана кызмат
ticket-category-kenesh = Жергиликтүү кеңеш
ticket-category-legal_acts = Ченемдик укуктук актылар
ticket-category-other = Башка

ticket-status-new = 🆕 жаңы
ticket-status-assigned = 🔧 иштелүүдө
ticket-status-waiting-user = ⏳ автордун жообун күтөт
ticket-status-reopened = 🔄 кайра ачылды
ticket-status-closed = ✅ жабылды
ticket-nobody = эч ким

## Суроо берүүчү
ticket-escalate-button = 🙋 Жардам бербеди — консультантка суроо
ticket-escalate-confirm-button = 👩‍💼 Консультантка жөнөтүү
ticket-ask-prompt =
    👩‍💼 Суроону консультантка бир билдирүү менен жазыңыз: эмне болду, маселе кайсы документке же мекемеге тиешелүү.
    Токтотуу — /cancel
ticket-ask-text-only = Сураныч, текст менен жазыңыз.
ticket-confirm =
    Суроону консультантка жөнөтөйүнбү?
    <blockquote>{ $question }</blockquote>
    Теманы тандаңыз — биринчи баскыч суроону сунушталган тема менен жөнөтөт.
ticket-btn-send = ✅ Жөнөтүү · { $category }
ticket-btn-cancel = ✖️ Жокко чыгаруу
ticket-cancelled = Макул, суроо жөнөтүлгөн жок.
ticket-created =
    ✅ <b>№{ $number }</b> кайрылуу түзүлдү (тема: { $category }).
    Консультант ушул жерге, ушул чатка жооп берет. Кайрылуу ачык турганда бул жерге жазганыңыздын баарын консультант алат — кошумча маалымат, сүрөт же документ жөнөтсөңүз болот.
    Кайрылуулардын абалы: /my
ticket-out-of-hours = 🕘 Азыр иш убактысы эмес. Консультанттар иш убактысында жооп беришет — болжол менен { $when } баштап (Бишкек убактысы).
ticket-already-open = Сизде <b>№{ $number }</b> ачык кайрылуу бар. Бул жерге жазып коюңуз — билдирүүнү консультант алат.
ticket-already-sent = Бул суроо консультантка жөнөтүлгөн (№{ $number } кайрылуу).
ticket-is-closed = №{ $number } кайрылуу жабылган.
ticket-not-closed = №{ $number } кайрылуу дагы эле ачык.
ticket-too-old = №{ $number } кайрылууну кайра ачуу мөөнөтү өтүп кетти.
ticket-not-found = №{ $number } кайрылуу табылган жок.
ticket-empty-question = Суроо бош — суроонун текстин жазыңыз.
ticket-unsupported-content =
    Кечиресиз, стикерди, сурамжылоону, жайгашкан жерди жана байланышты консультантка жөнөтө албайм.
    Текст менен жазыңыз же сүрөт, документ, үн билдирүү жөнөтүңүз.
ticket-taken-asker = 👩‍💼 Консультант сиздин <b>№{ $number }</b> кайрылууңузду иштеп баштады. Жооп ушул жерге келет.
ticket-closed-asker =
    ✅ <b>№{ $number }</b> кайрылуу жабылды.
    <b>Жыйынтык:</b> { $resolution }

    Жоопту 1ден 5ке чейин баалаңыз. Маселе чечилбесе, аны { $reopen_days } күндүн ичинде кайра ачсаңыз болот.
ticket-closed-no-reply =
    ⌛ <b>№{ $number }</b> кайрылуу жабылды: сизден { $days } күн жооп болгон жок.
    Суроо дагы эле актуалдуу болсо, аны кайра ачыңыз ({ $reopen_days } күндүн ичинде) же жаңы суроо жазыңыз.
ticket-btn-reopen = 🔄 Кайра ачуу
ticket-btn-no-comment = Пикирсиз
ticket-rated = Рахмат! Сиздин баа: { $stars }
ticket-rate-thanks = { $stars } баа үчүн рахмат (№{ $number } кайрылуу)! Бир билдирүү менен пикир жазсаңыз болот — же «Пикирсиз» баскычын басыңыз.
ticket-comment-thanks = Рахмат, пикириңиз сакталды.
ticket-comment-skipped = Макул.
ticket-reopened = 🔄 <b>№{ $number }</b> кайрылуу кайра ачылды. Эмне түшүнүксүз калганын жазыңыз — билдирүүнү консультант алат.
ticket-reopened-by-reply = 🔄 <b>№{ $number }</b> кайрылуу кайра ачылды, билдирүүңүз консультантка жөнөтүлдү.
ticket-reopen-too-old = №{ $number } кайрылуу { $days } күндөн мурда жабылган. Суроону бир билдирүү менен жазыңыз — №{ $number } менен байланышкан жаңы кайрылуу түзөм.
my-empty = Азырынча консультанттарга кайрылууларыңыз жок. Суроо берүү: /ask_consultant
my-header = 📂 <b>Сиздин кайрылууларыңыз</b>
my-line = <b>№{ $number }</b> · { $status } · { $category } · { $date }
    <i>{ $question }</i>
my-btn-reopen = 🔄 №{ $number } кайра ачуу

## Консультанттардын тобу: карточка жана окуялар
card-title = 🎫 <b>№{ $number } кайрылуу</b> · { $category } · { $language }
card-asker = 👤 <b>{ $name }</b> { $position }
card-place = 📍 { $place }
card-contact = 📞 { $contact }
card-profile-incomplete = ⚠️ Профиль толук эмес — бот жетишпегенин сурады.
card-asker-blocked = ⛔ Автор ботту бөгөттөдү.
card-parent = 🔗 №{ $number } кайрылуунун уландысы
card-question = ❓ <b>Суроо:</b>
    <blockquote>{ $question }</blockquote>
card-question-continued = <i>(суроо узун — толук тексти төмөндө)</i>
card-question-full = 📄 №{ $number } суроонун толук тексти:
    { $question }
card-bot-offer = 🤖 <b>Бот сунуштаган:</b>
    <blockquote expandable>{ $offer }</blockquote>
card-bot-offer-none = 🤖 Бот жооп тапкан жок.
card-owner = 📌 { $status } · 🔒 Жооптуу: { $owner }
card-no-owner = 📌 { $status } · ⏳ эч ким алган жок
card-resolution = ✅ <b>Жыйынтык:</b> { $resolution }
card-sla-overdue = ⚠️ Мөөнөт бузулду
card-btn-take = ✋ Алуу
card-btn-transfer = 🔀 Өткөрүп берүү
card-btn-close = ✅ Жабуу
card-btn-kb = 📚 Билим базасына

relay-in-header = 💬 <b>{ $name }</b> (№{ $number }):
relay-out-header = 👩‍💼 <b>Консультант</b> (№{ $number } кайрылуу):
relay-out-header-named = 👩‍💼 <b>Консультант { $name }</b> (№{ $number } кайрылуу):
relay-asker-blocked = ⛔ №{ $number } кайрылуунун автору ботту бөгөттөдү — билдирүү жеткирилген жок. Тарыхы сакталган: /ticket { $number }
relay-dead = ⚠️ №{ $number } кайрылуу боюнча билдирүү жеткирилген жок: { $error }

ev-taken = 🔒 { $owner } №{ $number } кайрылууну алды.
ev-transferred = 🔀 { $actor } №{ $number } кайрылууну өткөрүп берди: эми { $owner } жооп берет.
ev-closed = ✅ { $actor } №{ $number } кайрылууну жапты.
    <b>Жыйынтык:</b> { $resolution }
ev-closed-no-reply = ⌛ №{ $number } кайрылуу автоматтык түрдө жабылды: автор { $days } күн бою жооп берген жок.
ev-reopened = 🔄 Автор №{ $number } кайрылууну кайра ачты. Жооптуу жок — алыңыз.
ev-reopened-owner = 🔄 Автор №{ $number } кайрылууну кайра ачты. { $owner }, карап коюңуз.
ev-rated = ⭐ Автор №{ $number } кайрылуу боюнча жоопту баалады: { $stars } ({ $rating }/5).
ev-rating-comment = 💬 Автордун баага пикири (№{ $number }): { $comment }
ev-sla-take = 🔔 <b>№{ $number } кайрылууну эч ким алган жок</b> — { $minutes } иш мүнөтү өттү (күтүп жатат: { $age }).
    { $category }: <i>{ $question }</i>
ev-open-topic = <a href="{ $link }">Кайрылуунун темасын ачуу</a>
ev-sla-response = ⚠️ №{ $number } кайрылууга { $hours } иш саатында биринчи жооп берилген жок. Супервайзерлерге билдирилди: { $supervisors }
sla-supervisor-dm =
    ⚠️ <b>№{ $number } кайрылуу</b>: { $hours } иш саатында биринчи жооп жок.
    Жооптуу: { $owner }
    <i>{ $question }</i>
ev-kb-draft = 📚 { $name } №{ $number } кайрылуунун жообун билим базасы үчүн №{ $draft } долбоор катары сактады. Супервайзер бекитет: /drafts

## Консультанттардын тобу: консультантка жооптор
consultant-took = №{ $number } кайрылууну алдыңыз.
consultant-already-yours = №{ $number } кайрылуу сизде.
consultant-taken-by = №{ $number } кайрылууну { $owner } алып койгон.
consultant-transfer-choose = №{ $number } кайрылууну кимге өткөрүп берүү керек?
consultant-transfer-nobody = Өткөрүп бере турган башка консультант жок.
consultant-transferred = 🔀 №{ $number } кайрылуу өткөрүлдү: { $owner }.
consultant-action-failed = Болбой калды — кайрылуу өзгөрдү. Жаңыртып, кайра аракет кылыңыз.
consultant-not-owner-short = Муну жооптуу консультант же супервайзер гана жасай алат.
consultant-not-owner = №{ $number } кайрылууну { $owner } жүргүзөт. Жооптуу консультант же супервайзер гана жооп бере алат. Эскертүү үчүн билдирүүнү «//» менен баштаңыз.
consultant-take-first = Адегенде №{ $number } кайрылууну алыңыз — ошондо жооп авторго жөнөтүлөт.
consultant-close-prompt = { $name }, №{ $number } кайрылуунун жыйынтыгын ушул темада бир билдирүү менен жазыңыз (аны автор алат). Токтотуу — /cancel
consultant-close-empty = Жыйынтык бош болбошу керек.
consultant-ticket-closed = №{ $number } кайрылуу жабылган — билдирүү авторго жөнөтүлгөн жок. Автор аны кайра ача алат.
consultant-outside-ticket = Бул билдирүү эч бир кайрылууга тиешелүү эмес, ошондуктан эч кимге жөнөтүлгөн жок. Кайрылуунун темасында (же кайрылуунун карточкасына жооп катары) жазыңыз.
consultant-unsupported = Мындай билдирүү жөнөтүлбөйт. Болот: текст, сүрөт, документ, үн, видео, аудио.
consultant-relay-retrying = ⏳ Телеграм билдирүүнү азырынча кабыл алган жок — бот өзү кайра жөнөтөт, эч нерсе жоголбойт.
consultant-kb-saved = 📚 Билим базасы үчүн №{ $draft } долбоор сакталды. Аны супервайзер бекитет (/drafts).
consultant-kb-updated = 📚 Билим базасы үчүн №{ $draft } долбоор жаңыртылды.
consultant-kb-no-answer = Азырынча сактай турган эч нерсе жок: кайрылууда консультанттын жообу жок.

queue-empty = ✨ Ачык кайрылуулар жок.
queue-header = 📥 <b>Ачык кайрылуулар: { $count }</b> (эскилери биринчи)
queue-line = <b>№{ $number }</b> · { $age } · { $category } · { $status } · { $owner } { $sla }
queue-sla-not-taken = ⚠️ өз убагында алынган жок
queue-sla-no-reply = ⚠️ өз убагында жооп жок
ticket-usage = Номерин жазыңыз: /ticket 12

history-header = 🎫 <b>№{ $number } кайрылуу</b> · { $status } · { $category } · түзүлгөн { $created }
history-asker = 👤 { $name } { $place }
history-question = ❓ { $question }
history-bot-offer = 🤖 Бот сунуштаган: { $offer }
history-bot = бот
history-in = { $when } 💬 <b>{ $name }</b>: { $text }
history-out = { $when } 👩‍💼 <b>{ $name }</b>: { $text }
history-note = { $when } 📝 <i>эскертүү</i> { $name }: { $text }
history-edited = (оңдолгон)
history-file-photo = сүрөт
history-file-document = документ
history-file-voice = үн билдирүү
history-file-video = видео
history-file-audio = аудио
history-delivery-pending = ⏳ жөнөтүүнү күтүүдө
history-delivery-sending = ⏳ жөнөтүлүүдө
history-delivery-failed = ⏳ кайра жөнөтүлөт
history-delivery-blocked = ⛔ жеткирилген жок (бот бөгөттөлгөн)
history-delivery-dead = ⚠️ жеткирилген жок
history-delivery-none = —
history-event-taken = { $when } 🔒 алды: { $name }
history-event-transferred = { $when } 🔀 өткөрүлдү ({ $name })
history-event-closed = { $when } ✅ жабылды ({ $name })
history-event-reopened = { $when } 🔄 кайра ачылды
history-event-rated = { $when } ⭐ баа { $rating }/5
history-event-sla-take = { $when } 🔔 өз убагында алынган жок — топко эскертилди
history-event-sla-response = { $when } ⚠️ өз убагында жооп жок — супервайзерлерге билдирилди
history-rating = ⭐ Баа: { $stars } { $comment }

canned-empty = Даяр жооптор азырынча жок. Кошуу: <code>/canned add аты текст</code>
canned-header = 📋 <b>Даяр жооптор</b> (темада колдонуу: !аты же /canned аты)
canned-line = <code>!{ $name }</code> — { $text }
canned-usage =
    /canned — тизме
    <code>/canned add аты [ky|ru] текст</code> — сактоо
    <code>/canned del аты</code> — өчүрүү
    Кайрылуунун темасында: !аты — авторго жөнөтүү.
canned-bad-name = Даяр жооптун аты — бир сөз: тамгалар, сандар, дефис (32 белгиге чейин).
canned-saved = 📋 «{ $name }» даяр жообу сакталды.
canned-deleted = «{ $name }» даяр жообу өчүрүлдү.
canned-not-found = «{ $name }» деген даяр жооп жок. Тизме: /canned

drafts-empty = Бекитүүнү күткөн долбоорлор жок.
drafts-item =
    📚 <b>№{ $draft } долбоор</b> (№{ $number } кайрылуу, { $category }, { $language })
    ❓ { $question }
    💬 { $answer }
drafts-btn-approve = ✅ Бекитүү
drafts-btn-reject = ❌ Четке кагуу
drafts-approved = ✅ №{ $draft } долбоор бекитилди ({ $name }) жана билим базасына { $faq } катары кошулду.
drafts-rejected = ❌ №{ $draft } долбоор четке кагылды ({ $name }).
drafts-already-reviewed = Бул долбоор каралып бүткөн.

# --- Call-center under load (issue 11): combined relays, private chat, failed relays, media ---
relay-in-combined = 📨 <b>№{ $number } кайрылуу</b>: { $count } жаңы билдирүү
relay-in-combined-item = ▪️ <b>{ $name }</b>, { $time }:
relay-btn-retry = 🔁 Кайра жөнөтүү
relay-dead-alert-in =
    ⚠️ <b>№{ $number } кайрылуу</b>: автордун билдирүүсү бардык кайталоодон кийин да консультанттарга жеткен жок.
    <i>{ $text }</i>
    Ката: { $error }
relay-dead-alert-out =
    ⚠️ <b>№{ $number } кайрылуу</b>: консультанттын жообу бардык кайталоодон кийин да авторго жеткен жок.
    <i>{ $text }</i>
    Ката: { $error }
relay-retry-queued = 🔁 №{ $number } кайрылуу боюнча билдирүү кайра жөнөтүүгө коюлду.
relay-retry-not-needed = №{ $number } кайрылуу боюнча бул билдирүү жөнөтүлгөн же жөнөтүлүүнү күтүп турат.
queue-dead-header = ⚠️ <b>Бардык кайталоодон кийин да жеткен жок: { $count }</b>
queue-dead-line = №{ $number } · { $direction } · { $when } · <i>{ $text }</i> — { $error }
queue-dead-in = автордон консультанттарга
queue-dead-out = консультанттан авторго
queue-dead-btn = 🔁 №{ $number }
inbox-on =
    📥 Эми сиздин кайрылууларыңыз боюнча билдирүүлөр ушул жеке чатка келет (бул тезирээк: бул жерде Телеграм секундасына бир билдирүүгө уруксат берет, топто болсо мүнөтүнө 20).
    Жооп берүү үчүн автордун билдирүүсүнө жооп жазыңыз (солго сүрүңүз). Кайрылууңуз бирөө эле болсо, жөн эле жаза берсеңиз болот.
    Ички эскертүү // менен башталат. Жабуу: /close жыйынтык — кайрылуунун билдирүүсүнө жооп катары.
    Топто иштөөгө кайтуу: <code>/inbox off</code>
inbox-off = 👥 Кайрылууларыңыз боюнча билдирүүлөр кайра консультанттар тобундагы кайрылуунун темасына келет.
inbox-usage = <code>/inbox on</code> — кайрылуулар менен жеке чатта иштөө, <code>/inbox off</code> — консультанттар тобунда иштөө.
inbox-which-ticket = Сизде бир нече кайрылуу бар ({ $numbers }). Бот кимге жөнөтүүнү билиши үчүн керектүү кайрылуунун билдирүүсүнө жооп жазыңыз (солго сүрүңүз).
inbox-close-usage = Буйруктан кийин жыйынтыгын жазыңыз, мисалы: /close Тартиби түшүндүрүлдү (№{ $number } кайрылуу).
media-ticket-confirm = Бул файлды ({ $kind }) консультантка жөнөтөлүбү? Кайрылуу түзүлөт жана консультант файлды алат.
media-ticket-btn-go = 📨 Ооба, консультантка жөнөтүү
media-ticket-question = [{ $kind }]

## Call-center handlers (issue 12): an anonymous group admin
consultant-anonymous-admin = Сиз топтун атынан (жашыруун администратор катары) жазып жатасыз, ошондуктан бот сиздин ролуңузду текшере албайт. Топтогу администратор укуктарыңыздан «Жашыруун калуу» жөндөөсүн өчүрүңүз же буйрукту бот менен жеке баарлашуудан жөнөтүңүз.
