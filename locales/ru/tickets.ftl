## Колл-центр: обращения к консультантам

ticket-category-budget = Бюджет и финансы
ticket-category-land = Земельные вопросы
ticket-category-property = Муниципальная собственность
ticket-category-staff = Кадры и служба
ticket-category-kenesh = Местный кенеш
ticket-category-legal_acts = Нормативные правовые акты
ticket-category-other = Другое

ticket-status-new = 🆕 новое
ticket-status-assigned = 🔧 в работе
ticket-status-waiting-user = ⏳ ждёт ответа автора
ticket-status-reopened = 🔄 переоткрыто
ticket-status-closed = ✅ закрыто
ticket-nobody = никто

## Спрашивающий
ticket-escalate-button = 🙋 Не помогло — спросить консультанта
ticket-escalate-confirm-button = 👩‍💼 Передать консультанту
ticket-ask-prompt =
    👩‍💼 Напишите вопрос консультанту одним сообщением: что случилось, какой документ или орган касается.
    Отменить — /cancel
ticket-ask-text-only = Пожалуйста, напишите текстом.
ticket-confirm =
    Отправить вопрос консультанту?
    <blockquote>{ $question }</blockquote>
    Выберите тему — первая кнопка отправит с предложенной темой.
ticket-btn-send = ✅ Отправить · { $category }
ticket-btn-cancel = ✖️ Отмена
ticket-cancelled = Хорошо, вопрос не отправлен.
ticket-created =
    ✅ Обращение <b>№{ $number }</b> создано (тема: { $category }).
    Консультант ответит здесь, в этом чате. Всё, что вы напишете сюда, пока обращение открыто, получит консультант — можно добавить подробности, фото или документ.
    Состояние обращений: /my
ticket-out-of-hours = 🕘 Сейчас нерабочее время. Консультанты ответят в рабочие часы — ориентировочно с { $when } (время Бишкека).
ticket-already-open = У вас уже открыто обращение <b>№{ $number }</b>. Просто напишите сюда — сообщение получит консультант.
ticket-already-sent = Этот вопрос уже передан консультанту (обращение №{ $number }).
ticket-is-closed = Обращение №{ $number } уже закрыто.
ticket-not-closed = Обращение №{ $number } ещё открыто.
ticket-too-old = Обращение №{ $number } закрыто слишком давно, чтобы его открыть снова.
ticket-not-found = Обращение №{ $number } не найдено.
ticket-empty-question = Вопрос пустой — напишите, пожалуйста, текст вопроса.
ticket-unsupported-content =
    Извините, стикеры, опросы, геолокацию и контакты я не могу передать консультанту.
    Напишите текстом или отправьте фото, документ или голосовое сообщение.
ticket-taken-asker = 👩‍💼 Консультант взял ваше обращение <b>№{ $number }</b> в работу. Ответ придёт сюда.
ticket-closed-asker =
    ✅ Обращение <b>№{ $number }</b> закрыто.
    <b>Итог:</b> { $resolution }

    Оцените, пожалуйста, ответ от 1 до 5. Если вопрос не решён, обращение можно открыть снова в течение { $reopen_days ->
        [one] { $reopen_days } дня
        [other] { $reopen_days } дня
       *[many] { $reopen_days } дней
    }.
ticket-closed-no-reply =
    ⌛ Обращение <b>№{ $number }</b> закрыто: от вас не было ответа { $days ->
        [one] { $days } день
        [few] { $days } дня
        [other] { $days } дня
       *[many] { $days } дней
    }.
    Если вопрос ещё актуален, откройте обращение снова (в течение { $reopen_days ->
        [one] { $reopen_days } дня
        [other] { $reopen_days } дня
       *[many] { $reopen_days } дней
    }) или напишите новый вопрос.
ticket-btn-reopen = 🔄 Открыть снова
ticket-btn-no-comment = Без комментария
ticket-rated = Спасибо! Ваша оценка: { $stars }
ticket-rate-thanks = Спасибо за оценку { $stars } (обращение №{ $number })! Можете одним сообщением написать комментарий — или нажмите «Без комментария».
ticket-comment-thanks = Спасибо, комментарий сохранён.
ticket-comment-skipped = Хорошо.
ticket-reopened = 🔄 Обращение <b>№{ $number }</b> открыто снова. Напишите, что осталось непонятным, — сообщение получит консультант.
ticket-reopened-by-reply = 🔄 Обращение <b>№{ $number }</b> открыто снова, ваше сообщение передано консультанту.
ticket-reopen-too-old = Обращение №{ $number } закрыто больше { $days ->
        [one] { $days } дня
        [other] { $days } дня
       *[many] { $days } дней
    } назад. Напишите вопрос одним сообщением — я создам новое обращение, связанное с №{ $number }.
my-empty = У вас пока нет обращений к консультантам. Задать вопрос: /ask_consultant
my-header = 📂 <b>Ваши обращения</b>
my-line = <b>№{ $number }</b> · { $status } · { $category } · { $date }
    <i>{ $question }</i>
my-btn-reopen = 🔄 Открыть снова №{ $number }

## Группа консультантов: карточка и события
card-title = 🎫 <b>Обращение №{ $number }</b> · { $category } · { $language }
card-asker = 👤 <b>{ $name }</b> { $position }
card-place = 📍 { $place }
card-contact = 📞 { $contact }
card-profile-incomplete = ⚠️ Профиль заполнен не полностью — бот попросил недостающее.
card-asker-blocked = ⛔ Автор заблокировал бота.
card-parent = 🔗 Продолжение обращения №{ $number }
card-question = ❓ <b>Вопрос:</b>
    <blockquote>{ $question }</blockquote>
card-question-continued = <i>(вопрос длинный — полный текст ниже)</i>
card-question-full = 📄 Полный текст вопроса №{ $number }:
    { $question }
card-bot-offer = 🤖 <b>Бот предлагал:</b>
    <blockquote expandable>{ $offer }</blockquote>
card-bot-offer-none = 🤖 Бот не нашёл ответа.
card-owner = 📌 { $status } · 🔒 Ответственный: { $owner }
card-no-owner = 📌 { $status } · ⏳ никто не взял
card-resolution = ✅ <b>Итог:</b> { $resolution }
card-sla-overdue = ⚠️ Сроки нарушены
card-btn-take = ✋ Взять
card-btn-transfer = 🔀 Передать
card-btn-close = ✅ Закрыть
card-btn-kb = 📚 В базу знаний

relay-in-header = 💬 <b>{ $name }</b> (№{ $number }):
relay-out-header = 👩‍💼 <b>Консультант</b> (обращение №{ $number }):
relay-out-header-named = 👩‍💼 <b>Консультант { $name }</b> (обращение №{ $number }):
relay-asker-blocked = ⛔ Автор обращения №{ $number } заблокировал бота — сообщение не доставлено. История сохранена: /ticket { $number }
relay-dead = ⚠️ Не удалось доставить сообщение по обращению №{ $number }: { $error }

ev-taken = 🔒 Обращение №{ $number } теперь ведёт { $owner }.
ev-transferred = 🔀 Обращение №{ $number } передано: теперь его ведёт { $owner } (передал: { $actor }).
ev-closed = ✅ Обращение №{ $number } закрыто ({ $actor }).
    <b>Итог:</b> { $resolution }
ev-closed-no-reply = ⌛ Обращение №{ $number } закрыто автоматически: автор не отвечал { $days ->
        [one] { $days } день
        [few] { $days } дня
        [other] { $days } дня
       *[many] { $days } дней
    }.
ev-reopened = 🔄 Автор снова открыл обращение №{ $number }. Ответственного нет — возьмите его.
ev-reopened-owner = 🔄 Автор снова открыл обращение №{ $number }. { $owner }, посмотрите, пожалуйста.
ev-rated = ⭐ Автор оценил ответ по обращению №{ $number }: { $stars } ({ $rating }/5).
ev-rating-comment = 💬 Комментарий автора к оценке (№{ $number }): { $comment }
ev-sla-take = 🔔 <b>Обращение №{ $number } никто не взял</b> за { $minutes ->
        [one] { $minutes } рабочую минуту
        [few] { $minutes } рабочие минуты
        [other] { $minutes } рабочей минуты
       *[many] { $minutes } рабочих минут
    } (ждёт { $age }).
    { $category }: <i>{ $question }</i>
ev-open-topic = <a href="{ $link }">Открыть тему обращения</a>
ev-sla-response = ⚠️ По обращению №{ $number } нет первого ответа за { $hours ->
        [one] { $hours } рабочий час
        [few] { $hours } рабочих часа
        [other] { $hours } рабочего часа
       *[many] { $hours } рабочих часов
    }. Сообщено супервайзерам: { $supervisors }
sla-supervisor-dm =
    ⚠️ <b>Обращение №{ $number }</b>: нет первого ответа за { $hours ->
        [one] { $hours } рабочий час
        [few] { $hours } рабочих часа
        [other] { $hours } рабочего часа
       *[many] { $hours } рабочих часов
    }.
    Ответственный: { $owner }
    <i>{ $question }</i>
ev-kb-draft = 📚 Ответ по обращению №{ $number } сохранён как черновик для базы знаний №{ $draft } ({ $name }). Утверждает супервайзер: /drafts

## Группа консультантов: ответы консультанта
consultant-took = Вы взяли обращение №{ $number }.
consultant-already-yours = Обращение №{ $number } уже ваше.
consultant-taken-by = Обращение №{ $number } уже взял в работу другой консультант — { $owner }.
consultant-transfer-choose = Кому передать обращение №{ $number }?
consultant-transfer-nobody = Некому передать: других консультантов нет.
consultant-transferred = 🔀 Обращение №{ $number } передано: { $owner }.
consultant-action-failed = Не получилось — обращение изменилось. Обновите и попробуйте ещё раз.
consultant-not-owner-short = Это может сделать только ответственный консультант или супервайзер.
consultant-not-owner = Обращение №{ $number } ведёт { $owner }. Отвечать может только ответственный или супервайзер. Для заметки начните сообщение с «//».
consultant-take-first = Сначала возьмите обращение №{ $number } — тогда ответ уйдёт автору.
consultant-close-prompt = { $name }, напишите в этой теме итог по обращению №{ $number } одним сообщением (его получит автор). Отмена — /cancel
consultant-close-empty = Итог не может быть пустым.
consultant-ticket-closed = Обращение №{ $number } закрыто — сообщение не отправлено автору. Автор может открыть его снова.
consultant-outside-ticket = Это сообщение не относится ни к одному обращению, поэтому никому не передано. Отвечайте в теме обращения (или ответом на карточку обращения).
consultant-unsupported = Этот тип сообщения не передаётся. Можно: текст, фото, документ, голосовое, видео, аудио.
consultant-relay-retrying = ⏳ Телеграм пока не принял сообщение — бот повторит отправку сам, ничего не потеряется.
consultant-kb-saved = 📚 Черновик для базы знаний №{ $draft } сохранён. Его утвердит супервайзер (/drafts).
consultant-kb-updated = 📚 Черновик для базы знаний №{ $draft } обновлён.
consultant-kb-no-answer = Пока нечего сохранять: в обращении нет ответа консультанта.

queue-empty = ✨ Открытых обращений нет.
queue-header = 📥 <b>Открытые обращения: { $count }</b> (сначала старые)
queue-line = <b>№{ $number }</b> · { $age } · { $category } · { $status } · { $owner } { $sla }
queue-sla-not-taken = ⚠️ не взято вовремя
queue-sla-no-reply = ⚠️ нет ответа вовремя
ticket-usage = Напишите номер: /ticket 12

history-header = 🎫 <b>Обращение №{ $number }</b> · { $status } · { $category } · создано { $created }
history-asker = 👤 { $name } { $place }
history-question = ❓ { $question }
history-bot-offer = 🤖 Бот предлагал: { $offer }
history-bot = бот
history-in = { $when } 💬 <b>{ $name }</b>: { $text }
history-out = { $when } 👩‍💼 <b>{ $name }</b>: { $text }
history-note = { $when } 📝 <i>заметка</i> { $name }: { $text }
history-edited = (изменено)
history-file-photo = фото
history-file-document = документ
history-file-voice = голосовое
history-file-video = видео
history-file-audio = аудио
history-delivery-pending = ⏳ ждёт отправки
history-delivery-sending = ⏳ отправляется
history-delivery-failed = ⏳ повтор отправки
history-delivery-blocked = ⛔ не доставлено (бот заблокирован)
history-delivery-dead = ⚠️ не доставлено
history-delivery-none = —
history-event-taken = { $when } 🔒 в работе у: { $name }
history-event-transferred = { $when } 🔀 передано ({ $name })
history-event-closed = { $when } ✅ закрыто ({ $name })
history-event-reopened = { $when } 🔄 открыто снова
history-event-rated = { $when } ⭐ оценка { $rating }/5
history-event-sla-take = { $when } 🔔 не взято вовремя — напоминание в группе
history-event-sla-response = { $when } ⚠️ нет ответа вовремя — сообщено супервайзерам
history-rating = ⭐ Оценка: { $stars } { $comment }

canned-empty = Шаблонов пока нет. Добавить: <code>/canned add имя текст</code>
canned-header = 📋 <b>Шаблоны ответов</b> (вставить в теме: !имя или /canned имя)
canned-line = <code>!{ $name }</code> — { $text }
canned-usage =
    /canned — список
    <code>/canned add имя [ky|ru] текст</code> — сохранить
    <code>/canned del имя</code> — удалить
    В теме обращения: !имя — отправить автору.
canned-bad-name = Имя шаблона — одно слово: буквы, цифры, дефис (до 32 знаков).
canned-saved = 📋 Шаблон «{ $name }» сохранён.
canned-deleted = Шаблон «{ $name }» удалён.
canned-not-found = Шаблона «{ $name }» нет. Список: /canned

drafts-empty = Черновиков для базы знаний на утверждение нет.
drafts-item =
    📚 <b>Черновик №{ $draft }</b> (обращение №{ $number }, { $category }, { $language })
    ❓ { $question }
    💬 { $answer }
drafts-btn-approve = ✅ Утвердить
drafts-btn-reject = ❌ Отклонить
drafts-approved = ✅ Черновик №{ $draft } утверждён ({ $name }) и добавлен в базу знаний как { $faq }.
drafts-rejected = ❌ Черновик №{ $draft } отклонён ({ $name }).
drafts-already-reviewed = Этот черновик уже рассмотрен.

# --- Call-center under load (issue 11): combined relays, private chat, failed relays, media ---
relay-in-combined = { $count ->
    [one] 📨 <b>Обращение №{ $number }</b>: { $count } новое сообщение
    [few] 📨 <b>Обращение №{ $number }</b>: { $count } новых сообщения
   *[other] 📨 <b>Обращение №{ $number }</b>: { $count } новых сообщений
}
relay-in-combined-item = ▪️ <b>{ $name }</b>, { $time }:
relay-btn-retry = 🔁 Отправить ещё раз
relay-dead-alert-in =
    ⚠️ <b>Обращение №{ $number }</b>: сообщение автора не удалось передать консультантам после всех повторов.
    <i>{ $text }</i>
    Ошибка: { $error }
relay-dead-alert-out =
    ⚠️ <b>Обращение №{ $number }</b>: ответ консультанта не удалось доставить автору после всех повторов.
    <i>{ $text }</i>
    Ошибка: { $error }
relay-retry-queued = 🔁 Сообщение по обращению №{ $number } снова поставлено в отправку.
relay-retry-not-needed = Это сообщение по обращению №{ $number } уже отправлено или ждёт отправки.
queue-dead-header = ⚠️ <b>Не доставлено после всех повторов: { $count }</b>
queue-dead-line = №{ $number } · { $direction } · { $when } · <i>{ $text }</i> — { $error }
queue-dead-in = от автора консультантам
queue-dead-out = от консультанта автору
queue-dead-btn = 🔁 №{ $number }
inbox-on =
    📥 Теперь сообщения по вашим обращениям будут приходить сюда, в личный чат (так быстрее: здесь Телеграм разрешает сообщение в секунду, а в группе — 20 в минуту).
    Чтобы ответить, ответьте на сообщение автора (свайп влево). Если обращение у вас одно, можно писать просто так.
    Внутренняя заметка начинается с //. Закрыть: /close итог — ответом на сообщение обращения.
    Вернуться к работе в группе: <code>/inbox off</code>
inbox-off = 👥 Сообщения по вашим обращениям снова приходят в тему обращения в группе консультантов.
inbox-usage = <code>/inbox on</code> — работать с обращениями в личном чате, <code>/inbox off</code> — в группе консультантов.
inbox-which-ticket = У вас несколько обращений ({ $numbers }). Ответьте на сообщение нужного обращения (свайп влево), чтобы бот понял, кому отправить.
inbox-close-usage = Напишите итог после команды, например: /close Разъяснили порядок (обращение №{ $number }).
media-ticket-confirm = Отправить этот файл ({ $kind }) консультанту? Будет создано обращение, и консультант получит файл.
media-ticket-btn-go = 📨 Да, отправить консультанту
media-ticket-question = [{ $kind }]

## Call-center handlers (issue 12): an anonymous group admin
consultant-anonymous-admin = Вы пишете от имени группы (как анонимный администратор), поэтому бот не может проверить вашу роль. Отключите «Анонимность» в своих правах администратора группы или отправьте команду из личного чата с ботом.
