## Супервайзер: /stats, /gaps, /export; /forget_me баарына

stats-choose =
    📊 <b>Статистика</b>
    Мезгилди тандаңыз же өзүңүз жазыңыз, мисалы: <code>/stats 2026-11-01..2026-11-15</code>, <code>/stats 2026-11</code>, <code>/stats 30 күн</code>.
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
stats-period-error-unknown = «{ $spec }» деген мезгилди түшүнгөн жокмун. Мындай жазсаңыз болот: бүгүн, кечээ, апта, ай, өткөн апта, өткөн ай, 30 күн, 2026-11 же 2026-11-01..2026-11-15.
stats-period-error-reversed = «{ $spec }» мезгилинин башталышы аягынан кеч турат.
stats-period-error-too-long = «{ $spec }» мезгили өтө узун: 10 жылдан ашпашы керек.

stats-header = 📊 <b>Статистика: { $period }</b>
stats-empty = Бул мезгилде маалымат жок: суроо да, кайрылуу да болгон эмес.
stats-questions = Суроолор: <b>{ $count }</b>
stats-outcome-answered = • бот өзү жооп берди: { $count } ({ $share })
stats-outcome-suggest = • варианттарды сунуштады: { $count } ({ $share })
stats-outcome-escalate = • бот жооп таба албады: { $count } ({ $share })
stats-helped = «Жардам берди» деген баа: { $feedback } пикирдин { $helped } ({ $rate })
stats-helped-none = «Жардам берди / бербеди» пикирлери жок.
stats-tickets = Ачылган кайрылуулар: <b>{ $opened }</b>, жабылгандары: <b>{ $closed }</b> (анын ичинен автор жооп бербегендиктен бот жапканы: { $auto })
stats-tickets-unavailable = Кайрылуулар: колл-борбор туташтырылган эмес.
stats-first-response =
    Консультанттын биринчи жообуна чейин (кайрылуулар: { $count }):
      • иш убактысы менен — медиана <b>{ $median }</b>, 90% — { $p90 }
      • календардык убакыт менен — медиана { $median_wall }, 90% — { $p90_wall }
stats-resolution =
    Чечилгенге чейин (жабылган кайрылуулар: { $count }):
      • иш убактысы менен — медиана <b>{ $median }</b>, 90% — { $p90 }
      • календардык убакыт менен — медиана { $median_wall }, 90% — { $p90_wall }
stats-csat = Жооптордун орточо баасы: <b>{ $avg }</b> (5 баллдан; баалар: { $count }; { $dist })
stats-csat-none = Бул мезгилде баа коюлган эмес.
stats-consultants = <b>Консультанттар</b>
stats-consultant-line = • { $name }: алганы { $taken }, жапканы { $closed }, биринчи жооптун медианасы { $median } (иш убактысы), орточо баа { $csat }
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
stats-chart-questions-axis = суроолор
stats-chart-response-title = Консультанттын биринчи жообуна чейинки убакыт (иш сааттары)
stats-chart-median = медиана
stats-chart-p90 = 90-процентиль
stats-chart-hours-axis = саат
stats-chart-no-data = Бул мезгилде маалымат жок
stats-chart-no-tickets = Бул мезгилде жооп алган кайрылуу жок

gaps-header =
    🕳 <b>Билим базасындагы боштуктар: { $period }</b>
    Бот жооп таба албаган же «Жардам бербеди» деп белгиленген суроолор окшоштугу боюнча топторго бөлүндү (бардыгы { $questions } суроо). Эң чоң топтор ({ $groups }):
gaps-none = { $period } аралыгында жоопсуз калган суроо жок. 🎉
gaps-group = <b>{ $n }.</b> { $count } жолу сурашкан ({ $askers } киши); жоопсуз калганы — { $escalated }, «Жардам бербеди» — { $not_helped }
gaps-example = — «{ $text }»
gaps-btn-draft = ✍️ { $n }-топко жооп жазуу
gaps-draft-prompt =
    ✍️ <b>Билим базасы үчүн жаңы жооп</b> ({ $count } окшош суроо)
    Суроо: «{ $question }»
    Башкача берилген суроолор:
    { $others }

    Жоопту бир билдирүү менен жазыңыз (/cancel — жокко чыгаруу). Долбоор бекитүү үчүн /drafts тизмесине түшөт.
gaps-draft-saved = ✅ Жооптун №{ $id } долбоору сакталды. Бекитүү: /drafts
gaps-draft-gone = Бул топ өзгөрүп кетиптир — /gaps буйругун кайра ачыңыз.
gaps-draft-not-text = Жоопту бир текст билдирүү менен жазыңыз (же /cancel).

export-usage =
    📤 <b>Маалыматты жүктөп алуу</b>
    <code>/export ТҮРҮ МЕЗГИЛ [csv|xlsx]</code>
    Түрлөрү: кайрылуулар, суроолор, жазылуучулар, иш-чаралар. Мезгил: ай, өткөн ай, баары, 2026-11 же 2026-11-01..2026-11-15.
    Же төмөндөн тандаңыз:
export-choose-period = «{ $kind }»: мезгилди жана форматты тандаңыз.
export-kind-tickets = Кайрылуулар
export-kind-questions = Суроолор
export-kind-subscribers = Жазылуучулар
export-kind-events = Иш-чаралар
export-unknown-kind = «{ $kind }» деген жүктөө жок. Болгондору: кайрылуулар, суроолор, жазылуучулар, иш-чаралар.
export-unknown-format = «{ $fmt }» форматы колдоого алынбайт. Болгондору: <code>csv</code> же <code>xlsx</code>.
export-unavailable = Бул жүктөө азырынча жеткиликсиз (таблицалар жок: { $detail }).
export-caption = 📤 { $kind } · { $period } · сап: { $rows }
export-too-big = Файл Телеграм үчүн өтө чоң ({ $size } МБ). Аны серверден жүктөп алыңыз: <code>python main.py export { $kind } { $period }</code>

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
export-col-first-response-hours = Биринчи жоопко чейин, иш сааттары
export-col-closed-at = Жабылган
export-col-close-reason = Жабылуу себеби
export-col-resolution-hours = Чечилгенге чейин, иш сааттары
export-col-rating = Баа
export-col-reopened = Канча жолу кайра ачылган
export-col-user-id = Телеграмдагы номери
export-col-since = Жазылган күнү
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
forget-done = ✅ Даяр: жеке маалыматтарыңыз өчүрүлдү (өзгөртүлгөн жазуулар: { $rows }). Ботко кайра жазсаңыз, Телеграм атыңызды кайра жиберет — жаңы колдонуучудай.
forget-cancelled = Макул, эч нерсе өчүрүлгөн жок.

## Статистика: ЖӨБгө тиешеси жок суроолор, иш убактысы жана календардык убакыт (10-маселе)
stats-outcome-off-topic = • ЖӨБгө тиешеси жок суроолор: { $count } ({ $share })
stats-answered-in-scope = ЖӨБ боюнча суроолордун { $share } бөлүгүнө бот өзү жооп берди.
stats-worktime-note = <i>Иш убактысы — колл-борбордун иш сааттары гана (кечки жана түнкү убакыт, дем алыш жана майрам күндөрү эсептелбейт): жекшемби кечинде берилген жооп 0 мүнөт иш убактысы болуп эсептелет. Календардык убакыт — чындыгында канча убакыт өткөнү.</i>
stats-duration = { $h ->
    [0] { $m } мүн.
   *[other] { $m ->
        [0] { $h } саат
       *[other] { $h } саат { $m } мүн.
    }
}
stats-duration-days = { $d } күн { $h } саат
stats-chart-off-topic = ЖӨБгө тиешеси жок
gaps-off-topic = ЖӨБгө тиешеси жок { $count } суроо бул жерге кирген жок — алар /stats ичинде өзүнчө эсептелет.
stats-first-response-none = Консультанттын биринчи жообуна чейинки убакыт: бул мезгилде жооп алган кайрылуу жок.
stats-resolution-none = Чечилгенге чейинки убакыт: бул мезгилде консультант жапкан кайрылуу жок.
