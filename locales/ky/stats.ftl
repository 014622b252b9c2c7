## Супервайзер: /stats, /gaps, /export; /forget_me баарына

stats-choose =
    📊 <b>Статистика</b>
    Мезгилди тандаңыз же мисалы мындай жазыңыз: <code>/stats 2026-11-01..2026-11-15</code>, <code>/stats 2026-11</code>, <code>/stats 30d</code>.
stats-period-today = Бүгүн
stats-period-yesterday = Кечээ
stats-period-week = Ушул апта
stats-period-month = Ушул ай
stats-period-last-week = Өткөн апта
stats-period-last-month = Өткөн ай
stats-period-7d = 7 күн
stats-period-30d = 30 күн
stats-period-90d = 90 күн
stats-period-all = Бардык убакыт
stats-period-error-unknown = «{ $spec }» мезгилин түшүнгөн жокмун. Болот: today, week, month, last_month, 30d, 2026-11 же 2026-11-01..2026-11-15.
stats-period-error-reversed = «{ $spec }» мезгилинде башталышы аягынан кийин турат.
stats-period-error-too-long = «{ $spec }» мезгили өтө узун: 10 жылдан ашпашы керек.

stats-header = 📊 <b>{ $period } статистикасы</b>
stats-empty = Бул мезгилде маалымат жок: суроо да, кайрылуу да болгон эмес.
stats-questions = Суроолор: <b>{ $count }</b>
stats-outcome-answered = • бот өзү жооп берди: { $count } ({ $share })
stats-outcome-suggest = • варианттарды сунуштады: { $count } ({ $share })
stats-outcome-escalate = • жооп таппады: { $count } ({ $share })
stats-helped = «Жардам берди»: { $helped } / { $feedback } пикир ({ $rate })
stats-helped-none = «Жардам берди / бербеди» пикирлери жок.
stats-tickets = Ачылган кайрылуулар: <b>{ $opened }</b>, жабылганы: <b>{ $closed }</b> (анын ичинен автор жооп бербегендиктен бот жапканы: { $auto })
stats-tickets-unavailable = Кайрылуулар: колл-борбор туташтырылган эмес.
stats-first-response = Биринчи жооп, жумуш с:мүн — медиана <b>{ $median }</b>, 90% — { $p90 } (кайрылуу: { $count })
stats-resolution = Чечилиши, жумуш с:мүн — медиана <b>{ $median }</b>, 90% — { $p90 } (кайрылуу: { $count })
stats-csat = Жооптордун баасы: <b>{ $avg }</b> / 5 (баа: { $count }; { $dist })
stats-csat-none = Бул мезгилде баа коюлган эмес.
stats-consultants = <b>Консультанттар</b>
stats-consultant-line = • { $name }: алды { $taken }, жапты { $closed }, биринчи жооп { $median }, баа { $csat }
stats-oblasts = <b>Облустар боюнча</b>
stats-categories = <b>Темалар боюнча</b>
stats-group-line = • { $name }: суроо { $questions } (жоопсуз { $escalated }), кайрылуу { $tickets }
stats-unknown = көрсөтүлгөн эмес
stats-more = … дагы { $count }

stats-chart-caption = 📈 { $period }
stats-chart-title = Күнүнө суроолор
stats-chart-answered = бот жооп берди
stats-chart-suggest = варианттар
stats-chart-escalate = жооп жок
stats-chart-questions-axis = суроо
stats-chart-response-title = Консультанттын биринчи жообу, жумуш сааттары
stats-chart-median = медиана
stats-chart-p90 = 90-процентиль
stats-chart-hours-axis = саат
stats-chart-no-data = Бул мезгилде маалымат жок
stats-chart-no-tickets = Бул мезгилде жооп алган кайрылуу жок

gaps-header =
    🕳 <b>Билим базасындагы боштуктар ({ $period })</b>
    Бот жооп бербеген же «жардам бербеди» деп белгиленген суроолор окшоштугу боюнча топтолду (суроо: { $questions }). Алгачкы { $groups } топ:
gaps-none = { $period } аралыгында жоопсуз суроо жок. 🎉
gaps-group = <b>{ $n }.</b> { $count } жолу, сураган: { $askers } (жоопсуз { $escalated }, «жардам бербеди» { $not_helped })
gaps-example = — «{ $text }»
gaps-btn-draft = ✍️ №{ $n } боюнча FAQ
gaps-draft-prompt =
    ✍️ <b>Жаңы FAQ макаласы</b> ({ $count } окшош суроо)
    Суроо: «{ $question }»
    Башка формулировкалар:
    { $others }

    Жоопту бир билдирүү менен жазыңыз (/cancel — жокко чыгаруу). Долбоор бекитүү үчүн /drafts тизмесине түшөт.
gaps-draft-saved = ✅ FAQ долбоору #{ $id } сакталды. Бекитүү: /drafts
gaps-draft-gone = Бул топ өзгөрүп калды — /gaps кайра ачыңыз.
gaps-draft-not-text = Жоопту бир текст билдирүү менен жазыңыз (же /cancel).

export-usage =
    📤 <b>Маалыматты жүктөп алуу</b>
    <code>/export ТҮРҮ МЕЗГИЛ [csv|xlsx]</code>
    Түрлөрү: tickets, questions, subscribers, events. Мезгил: month, last_month, all, 2026-11, 2026-11-01..2026-11-15.
    Же төмөндөн тандаңыз:
export-choose-period = «{ $kind }»: мезгилди жана форматты тандаңыз.
export-kind-tickets = Кайрылуулар
export-kind-questions = Суроолор
export-kind-subscribers = Жазылуучулар
export-kind-events = Иш-чаралар
export-unknown-kind = «{ $kind }» деген жүктөө жок. Бар болгондору: tickets, questions, subscribers, events.
export-unknown-format = «{ $fmt }» форматы колдоого алынбайт: csv же xlsx.
export-unavailable = Бул жүктөө азырынча жеткиликсиз (таблицалар жок: { $detail }).
export-caption = 📤 { $kind } · { $period } · сап: { $rows }
export-too-big = Файл Telegram үчүн өтө чоң ({ $size } МБ). Аны серверден жүктөп алыңыз: <code>python main.py export { $kind } { $period }</code>

export-col-id = №
export-col-number = Кайрылуу №
export-col-asked-at = Суроо убактысы
export-col-created-at = Түзүлгөн
export-col-lang = Тил
export-col-language = Тил
export-col-oblast = Облус
export-col-district = Район
export-col-municipality = Муниципалитет
export-col-position = Кызматы
export-col-status = Абалы
export-col-category = Тема
export-col-question = Суроо
export-col-top-result = Эң жакшы натыйжа
export-col-top-score = Издөө баасы
export-col-chosen-result = Тандалган натыйжа
export-col-helped = Жардам берди (1/0)
export-col-ticket-id = Кайрылуу №
export-col-source = Булагы
export-col-consultant = Консультант
export-col-taken-at = Алынган
export-col-first-response-at = Биринчи жооп
export-col-first-response-hours = Биринчи жооп, жумуш сааты
export-col-closed-at = Жабылган
export-col-close-reason = Жабылуу себеби
export-col-resolution-hours = Чечилиши, жумуш сааты
export-col-rating = Баа
export-col-reopened = Кайра ачылган жолу
export-col-user-id = Колдонуучу ID
export-col-since = Качантан
export-col-full-name = Аты-жөнү
export-col-topics = Темалар
export-col-regions = Аймактар
export-col-active = Активдүү
export-col-starts-at = Башталышы
export-col-ends-at = Аякташы
export-col-title-ky = Аталышы (кырг.)
export-col-title-ru = Аталышы (орус.)
export-col-place = Орду
export-col-online-url = Шилтеме
export-col-capacity = Орун
export-col-registered = Катталган
export-col-waitlist = Күтүү тизмесинде
export-col-cancelled = Каттоодон баш тартты

forget-confirm =
    🗑 <b>Жеке маалыматтарымды өчүрөйүнбү?</b>
    Өчүрүлөт: атыңыз, телефонуңуз, районуңуз жана муниципалитетиңиз, суроолоруңуздун тексттери жана кайрылууларыңыздагы кат алышуу. Жеке адамга байланышпаган эсептер гана калат (канча суроо жана кайрылуу болгону, баалар). Муну кайтарууга болбойт.
forget-btn-yes = 🗑 Ооба, өчүрүү
forget-btn-no = Жокко чыгаруу
forget-done = ✅ Даяр: жеке маалыматтарыңыз өчүрүлдү (өзгөртүлгөн жазуулар: { $rows }). Ботко кайра жазсаңыз, Telegram атыңызды кайра жиберет — жаңы колдонуучудай.
forget-cancelled = Макул, эч нерсе өчүрүлгөн жок.
