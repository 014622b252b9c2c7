## Иш-чаралар: тизме, карточка, каттоо, күтүү тизмеси, эскертмелер, администратордун формасы

event-list-header = <b>📅 Жакынкы иш-чаралар</b>
event-list-line = • { $when } — <b>{ $title }</b>{ $places }
event-list-empty = Азырынча сиз үчүн жакынкы иш-чаралар жок. Пайда болгондо билдиребиз (жөндөөлөр: /subscribe).
event-not-found = Иш-чара табылган жок же сизге жеткиликсиз.

event-card-title = <b>{ $title }</b>
event-card-cancelled = ❌ <b>Иш-чара жокко чыгарылды.</b>
event-card-when = 🗓 { $when } (Бишкек убактысы)
event-card-place = 📍 { $place }
event-card-online = 🔗 Онлайн: { $url }
event-card-description = { $text }
event-card-audience = 👥 Кимдер үчүн: { $audience }
event-card-places = 🎫 Бош орундар: { $free } (жалпысынан { $capacity } орун)
event-card-registered = 🎫 Катталгандар: { $count }
event-card-waiting = ⏳ Күтүү тизмесинде: { $count }
event-card-deadline = ⏰ Каттоонун акыркы мөөнөтү: { $when }
event-card-closed = 🔒 Каттоо жабылды.
event-card-you-registered = ✅ <b>Сиз катталдыңыз.</b>
event-card-you-waiting = ⏳ <b>Сиз күтүү тизмесиндесиз</b> (кезектеги орун: { $position }). Орун бошогондо сизди автоматтык түрдө каттап, кабар беребиз.

event-audience-everyone = баары
event-pos-head = айыл өкмөтүнүн башчылары жана мэрлер
event-pos-deputy = башчылардын орун басарлары
event-pos-specialist = адистер
event-pos-kenesh-deputy = кеңештердин депутаттары
event-pos-other = башкалар

event-btn-register = ✅ Катталуу
event-btn-waitlist = ⏳ Күтүү тизмесине жазылуу
event-btn-unregister = ✖️ Каттоону жокко чыгаруу
event-btn-leave-waitlist = ✖️ Күтүү тизмесинен чыгуу
event-btn-ics = 📆 Календарга (.ics)
event-btn-mine = 📋 Менин каттоолорум
event-btn-new = ➕ Жаңы иш-чара
event-btn-back = ⬅️ Артка
event-btn-details = 📅 Толугураак
event-btn-participants = 👥 Катышуучулар
event-btn-edit = ✏️ Өзгөртүү
event-btn-announce = 📣 Жазылуучуларга жарыялоо
event-btn-cancel-event = ❌ Иш-чараны жокко чыгаруу
event-btn-cancel-yes = ❌ Ооба, жокко чыгарып, катышуучуларга билдирүү
event-btn-everyone = 🌐 Баары үчүн
event-btn-next = ➡️ Андан ары
event-btn-publish = ✅ Жарыялоо
event-btn-restart = 🔄 Кайра толтуруу

event-reg-registered = ✅ Сиз катталдыңыз. Алдын ала эскертебиз.
event-reg-waitlist = ⏳ Бош орун жок — сиз күтүү тизмесиндесиз. Орун бошосо, кабар беребиз.
event-reg-already-registered = Сиз мурда эле катталгансыз.
event-reg-already-waiting = Сиз мурда эле күтүү тизмесиндесиз.
event-reg-closed = Бул иш-чарага каттоо жабылган.
event-reg-cancelled = Иш-чара жокко чыгарылган.
event-reg-not-eligible = Бул иш-чара башка аудитория үчүн (облус, район же кызмат орду). Профилиңизди текшериңиз: /profile
event-unreg-done = Каттоо жокко чыгарылды.
event-unreg-none = Сиз катталган эмес элеңиз.
event-ics-caption = Календардын файлы: «{ $title }». Телефондун календарына кошуу үчүн ачыңыз.

event-mine-header = <b>📋 Менин иш-чараларым</b>
event-mine-registered = ✅ { $when } — <b>{ $title }</b>
event-mine-waiting = ⏳ { $when } — <b>{ $title }</b> (күтүү тизмеси)
event-mine-empty = Сиз азырынча эч бир иш-чарага катталган жоксуз. Тизме: /events
event-mine-reminders = Эскертмелер иш-чара башталаардан { $offsets } мурун келет.

event-days = { $n } күн
event-hours = { $n } саат
event-minutes = { $n } мүнөт

event-reminder =
    ⏰ <b>Эскертме:</b> «<b>{ $title }</b>» башталышына { $left } калды.
    🗓 { $when } (Бишкек убактысы)
event-reminder-late = <i>(эскертме кечигип жөнөтүлдү)</i>

event-notice-changed = ✏️ <b>«{ $title }» иш-чарасында өзгөрүүлөр</b>: { $fields }.
event-notice-cancelled = ❌ <b>«{ $title }» ({ $when }) иш-чарасы жокко чыгарылды.</b> Ыңгайсыздык үчүн кечирим сурайбыз.
event-notice-promoted = 🎉 <b>Орун бошоду!</b> Сиз «<b>{ $title }</b>» ({ $when }) иш-чарасына катталдыңыз.
event-notice-new = 📣 <b>Жаңы иш-чара</b>

event-field-title-ky = аталышы (кырг.)
event-field-title-ru = аталышы (орус.)
event-field-description-ky = сүрөттөмө (кырг.)
event-field-description-ru = сүрөттөмө (орус.)
event-field-starts = башталышы
event-field-ends = аякташы
event-field-place = өтүүчү жери
event-field-url = шилтеме
event-field-capacity = орундардын саны
event-field-deadline = каттоонун мөөнөтү
event-field-audience = аудитория

## Форма (администраторлор жана супервайзерлер)
event-form-start =
    <b>Жаңы иш-чара</b> — 10 кадамдын 1-кадамы. Жокко чыгаруу: /cancel
    <b>Кыргызча аталышын</b> жазыңыз.
    Же бир нече иш-чараны бирден жүктөө үчүн YAML/CSV файлын жөнөтүңүз.
event-form-title-ru = 2-кадам: <b>орусча аталышы</b>.
event-form-description-ky = 3-кадам: <b>кыргызча сүрөттөмө</b> (же өткөрүп жиберүү үчүн «-»).
event-form-description-ru = 4-кадам: <b>орусча сүрөттөмө</b> (же «-»).
event-form-starts = 5-кадам: Бишкек убактысы боюнча <b>башталуучу күнү жана убактысы</b>, мисалы <code>10.03.2026 10:00</code>.
event-form-ends = 6-кадам: <b>аякташы</b>: ошол эле күндүн убактысы (<code>17:00</code>) же күнү жана убактысы (<code>12.03.2026 17:00</code>).
event-form-place =
    7-кадам: <b>өтүүчү жери</b> — дарек, же онлайн катышуу үчүн шилтеме (https://…), же экөө тең: дарек жана шилтеме өзүнчө саптарда.
event-form-audience =
    8-кадам: иш-чара <b>кимдер үчүн</b>? Облустарды жана/же кызмат орундарын тандаңыз (эч нерсе тандалбаса — баары үчүн). Райондорду бир билдирүү менен, үтүр аркылуу жазсаңыз болот.
    Азыр: { $chosen }
event-form-capacity = 9-кадам: <b>орундардын саны</b> (мисалы, 80) же чектөө жок болсо «-».
event-form-deadline = 10-кадам: <b>каттоонун мөөнөтү</b> (<code>09.03.2026 18:00</code>) же «-» — башталганга чейин.
event-form-text-please = Сураныч, текст менен жооп бериңиз (же /cancel).
event-preview-header = <b>Алдын ала көрүү</b> — катышуучулар ушундай көрүшөт:
event-preview-other-title = Башка тилдеги аталышы: { $title }
event-preview-capacity = Орундар: { $capacity ->
    [0] чектөөсүз
   *[other] { $capacity }
}
event-created = ✅ №{ $id } иш-чара жарыяланды.

## Файл менен жүктөө
event-import-hint =
    <b>.yaml</b> же <b>.csv</b> файлын жөнөтүңүз. Талаалар: <code>title_ky, title_ru, description_ky, description_ru, starts_at, ends_at</code> (Бишкек убактысы, <code>2026-03-10 10:00</code>), <code>place, online_url, oblasts, districts, positions</code> (тизмелер «;» менен), <code>capacity, registration_deadline</code>.
event-import-done = ✅ Жүктөлгөн иш-чаралар: { $count }.
event-import-failed = ❌ Файл жүктөлгөн жок{ $where }: { $error } Эч нерсе сакталган жок — файлды оңдоп, кайра жөнөтүңүз.
event-import-row = { " " }({ $row }-жазуу)

## Өзгөртүү жана жокко чыгаруу
event-edit-choose = Эмнени өзгөртөбүз?
event-edit-prompt-title-ky = Жаңы кыргызча аталышы:
event-edit-prompt-title-ru = Жаңы орусча аталышы:
event-edit-prompt-description-ky = Жаңы кыргызча сүрөттөмө (же алып салуу үчүн «-»):
event-edit-prompt-description-ru = Жаңы орусча сүрөттөмө (же «-»):
event-edit-prompt-starts-at = Башталуучу жаңы күнү жана убактысы (<code>10.03.2026 10:00</code>). Узактыгы сакталат.
event-edit-prompt-ends-at = Жаңы аякташы (<code>17:00</code> же <code>12.03.2026 17:00</code>):
event-edit-prompt-place = Жаңы өтүүчү жери (дарек жана/же шилтеме өзүнчө саптарда):
event-edit-prompt-capacity = Орундардын жаңы саны (же «-» — чектөөсүз). Орун көбөйсө, күтүү тизмеси автоматтык түрдө жылат.
event-edit-prompt-registration-deadline = Каттоонун жаңы мөөнөтү (<code>09.03.2026 18:00</code>) же «-»:
event-edit-saved = ✅ Сакталды. Кабарланган катышуучулар: { $notified }.
event-cancel-confirm = Иш-чараны жокко чыгарасызбы? Бардык катышуучуларга жана күтүү тизмесиндегилерге билдирүү барат.
event-cancelled-done = Иш-чара жокко чыгарылды. Билдирүүлөр: { $count }.

event-parts-header = <b>👥 Катышуучулар: { $title }</b>
event-parts-registered = <b>Катталгандар: { $count }</b>
event-parts-waiting = <b>Күтүү тизмеси: { $count }</b>

## Каталар
event-err-datetime = «{ $value }» күнүн жана убактысын түшүнгөн жокмун. Мисал: <code>10.03.2026 10:00</code>.
event-err-capacity = Орундардын саны бүтүн сан (мисалы, 80) же «-» болушу керек; алынганы: «{ $value }».
event-err-title-missing = Кыргызча жана орусча аталыштар керек.
event-err-too-long = Өтө узун: { $limit } белгиден ашпашы керек.
event-err-time-missing = Башталышы жана аякташы керек.
event-err-end-before-start = Аякташы башталышынан кийин болушу керек.
event-err-too-long-event = Иш-чара 31 күндөн ашык уланбайт.
event-err-in-past = Бул убакыт өтүп кетти — келечектеги убакытты көрсөтүңүз.
event-err-place-missing = Өтүүчү жерин же онлайн катышуу үчүн шилтемени көрсөтүңүз.
event-err-url = Шилтеме http:// же https:// менен башталышы керек: «{ $value }».
event-err-deadline-after-start = Каттоонун мөөнөтү башталышынан кечикпеши керек.
event-err-unknown-region = Белгисиз облус «{ $value }».
event-err-unknown-district = Белгисиз район «{ $value }». Райондун аталышын, мисалы «Кемин», же кодун жазыңыз.
event-err-unknown-position = Белгисиз кызмат орду «{ $value }» (болгондору: <code>head, deputy, specialist, deputy_kenesh, other</code>).
event-err-not-found = Иш-чара табылган жок же мурда эле жокко чыгарылган.
event-err-finished = Иш-чара өтүп кеткен.
event-err-import-size = Файл өтө чоң ({ $limit } КБдан ашык).
event-err-import-encoding = Файл UTF-8 коддоосунда болушу керек.
event-err-import-yaml = YAML синтаксисинде ката.
event-err-import-shape = Иш-чаралардын тизмеси күтүлөт.
event-err-import-type = .yaml, .yml жана .csv файлдары гана колдоого алынат.
event-err-import-empty = Файлда иш-чаралар жок.
event-err-import-count = Бир файлда { $limit } иш-чарадан ашпашы керек.
event-err-import-missing = Мамычалар жетишпейт: { $value }.
event-err-import-column = Белгисиз талаалар: { $value }.

## Issue 11/10: тизмедеги белгилер, каттоо менен .ics, ырастоолор, жер эки тилде
event-list-places = { " " }· { $free } бош орун ({ $capacity } орундан)
event-list-you-registered = { " " }· ✅ катталгансыз
event-list-you-waiting = { " " }· ⏳ күтүү тизмесиндесиз ({ $position }-орун)
event-ics-registered = ✅ «{ $title }» иш-чарасына катталдыңыз. Телефондун календарына кошуу үчүн файлды ачыңыз; алдын ала эскертебиз.
event-unreg-confirm = «{ $title }» иш-чарасына катталууну жокко чыгарасызбы? Ордуңуз күтүү тизмесиндеги кийинки адамга өтөт.
event-unreg-confirm-waiting = «{ $title }» боюнча күтүү тизмесинен чыгасызбы?
event-btn-unreg-yes = ✖️ Ооба, жокко чыгаруу
event-announce-confirm = { $count ->
    [0] «{ $title }» жөнүндө кабарлай турган эч ким жок: «Окуулар жана иш-чаралар» темасынын бир да жазылуучусу аудиторияга кирбейт.
   *[other] «{ $title }» жөнүндө кабарлайлыбы? Билдирүүнү «Окуулар жана иш-чаралар» темасынын { $count } жазылуучусу алат.
}
event-btn-announce-yes = 📣 Ооба, жөнөтүү ({ $count })
event-preview-other-place = Башка тилдеги жери: { $place }
event-preview-announce = 📣 Жарыялангандан кийин «Окуулар жана иш-чаралар» темасынын жазылуучулары кабар алат: { $count }.
event-form-place-ru = 7а-кадам: <b>орусча жери</b> (же ошол эле болсо «-»).
event-field-place-ru = жери (орусча)
event-edit-prompt-place-ru = Орусча жери (же «-» — кыргызчадагыдай):
event-reminder-late-by = <i>(эскертме { $delay } кечикти: бот жеткиликсиз болчу)</i>
event-import-announce = { $count ->
    [0] Бул иш-чаралардын аудиториясында жазылуучулар жок — кабарлай турган эч ким жок.
   *[other] Жүктөлгөн иш-чаралар жөнүндө жазылуучуларга кабарлайлыбы? Билдирүүлөр: { $count }.
}
event-btn-import-announce = 📣 Жарыялоо ({ $count })
