## Мероприятия: список, карточка, регистрация, лист ожидания, напоминания, форма администратора

event-list-header = <b>📅 Ближайшие мероприятия</b>
event-list-line = • { $when } — <b>{ $title }</b>{ $places }
event-list-empty = Ближайших мероприятий для вас пока нет. Мы сообщим, когда появятся (настройки: /subscribe).
event-not-found = Мероприятие не найдено или недоступно.

event-card-title = <b>{ $title }</b>
event-card-cancelled = ❌ <b>Мероприятие отменено.</b>
event-card-when = 🗓 { $when } (время Бишкека)
event-card-place = 📍 { $place }
event-card-online = 🔗 Онлайн: { $url }
event-card-description = { $text }
event-card-audience = 👥 Для кого: { $audience }
event-card-places = 🎫 Свободных мест: { $free } из { $capacity }
event-card-registered = 🎫 Зарегистрировано: { $count }
event-card-waiting = ⏳ В листе ожидания: { $count }
event-card-deadline = ⏰ Регистрация до { $when }
event-card-closed = 🔒 Регистрация закрыта.
event-card-you-registered = ✅ <b>Вы зарегистрированы.</b>
event-card-you-waiting = ⏳ <b>Вы в листе ожидания</b> (место в очереди: { $position }). Когда место освободится, мы зарегистрируем вас автоматически и сообщим.

event-audience-everyone = все
event-pos-head = главы айыл окмоту и мэры
event-pos-deputy = заместители глав
event-pos-specialist = специалисты
event-pos-kenesh-deputy = депутаты кенешей
event-pos-other = другие

event-btn-register = ✅ Зарегистрироваться
event-btn-waitlist = ⏳ Встать в лист ожидания
event-btn-unregister = ✖️ Отменить регистрацию
event-btn-leave-waitlist = ✖️ Выйти из листа ожидания
event-btn-ics = 📆 В календарь (.ics)
event-btn-mine = 📋 Мои регистрации
event-btn-new = ➕ Новое мероприятие
event-btn-back = ⬅️ Назад
event-btn-details = 📅 Подробнее
event-btn-participants = 👥 Участники
event-btn-edit = ✏️ Изменить
event-btn-announce = 📣 Объявить подписчикам
event-btn-cancel-event = ❌ Отменить мероприятие
event-btn-cancel-yes = ❌ Да, отменить и сообщить участникам
event-btn-everyone = 🌐 Для всех
event-btn-next = ➡️ Далее
event-btn-publish = ✅ Опубликовать
event-btn-restart = 🔄 Заполнить заново

event-reg-registered = ✅ Вы зарегистрированы. Напомним заранее.
event-reg-waitlist = ⏳ Мест нет — вы в листе ожидания. Сообщим, если место освободится.
event-reg-already-registered = Вы уже зарегистрированы.
event-reg-already-waiting = Вы уже в листе ожидания.
event-reg-closed = Регистрация на это мероприятие закрыта.
event-reg-cancelled = Мероприятие отменено.
event-reg-not-eligible = Это мероприятие для другой аудитории (область, район или должность). Проверьте профиль: /profile
event-unreg-done = Регистрация отменена.
event-unreg-none = Вы не были зарегистрированы.
event-ics-caption = Файл календаря: «{ $title }». Откройте его, чтобы добавить в календарь телефона.

event-mine-header = <b>📋 Мои мероприятия</b>
event-mine-registered = ✅ { $when } — <b>{ $title }</b>
event-mine-waiting = ⏳ { $when } — <b>{ $title }</b> (лист ожидания)
event-mine-empty = Вы пока не зарегистрированы ни на одно мероприятие. Список: /events
event-mine-reminders = Напоминания приходят за { $offsets } до начала.

event-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[many] { $n } дней
}
event-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
   *[many] { $n } часов
}
event-minutes = { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[many] { $n } минут
}

event-reminder =
    ⏰ <b>Напоминание:</b> через { $left } начнётся «<b>{ $title }</b>».
    🗓 { $when } (время Бишкека)
event-reminder-late = <i>(напоминание отправлено с опозданием)</i>

event-notice-changed = ✏️ <b>Изменения в мероприятии «{ $title }»</b>: { $fields }.
event-notice-cancelled = ❌ <b>Мероприятие «{ $title }» ({ $when }) отменено.</b> Извините за неудобства.
event-notice-promoted = 🎉 <b>Освободилось место!</b> Вы зарегистрированы на «<b>{ $title }</b>» ({ $when }).
event-notice-new = 📣 <b>Новое мероприятие</b>

event-field-title-ky = название (кырг.)
event-field-title-ru = название (рус.)
event-field-description-ky = описание (кырг.)
event-field-description-ru = описание (рус.)
event-field-starts = начало
event-field-ends = окончание
event-field-place = место
event-field-url = ссылка
event-field-capacity = число мест
event-field-deadline = срок регистрации
event-field-audience = аудитория

## Форма (администраторы и супервайзеры)
event-form-start =
    <b>Новое мероприятие</b> — шаг 1 из 10. Отменить: /cancel
    Напишите <b>название на кыргызском</b>.
    Или отправьте файл YAML/CSV, чтобы загрузить сразу несколько мероприятий.
event-form-title-ru = Шаг 2: <b>название на русском</b>.
event-form-description-ky = Шаг 3: <b>описание на кыргызском</b> (или «-», чтобы пропустить).
event-form-description-ru = Шаг 4: <b>описание на русском</b> (или «-»).
event-form-starts = Шаг 5: <b>дата и время начала</b> по Бишкеку, например <code>10.03.2026 10:00</code>.
event-form-ends = Шаг 6: <b>окончание</b>: время того же дня (<code>17:00</code>) или дата и время (<code>12.03.2026 17:00</code>).
event-form-place =
    Шаг 7: <b>место</b> — адрес, или ссылка для онлайн-участия (https://…), или оба: адрес и ссылка на отдельных строках.
event-form-audience =
    Шаг 8: <b>для кого</b> мероприятие? Выберите области и/или должности (ничего не выбрано = для всех). Районы можно написать сообщением через запятую.
    Сейчас: { $chosen }
event-form-capacity = Шаг 9: <b>число мест</b> (например, 80) или «-», если без ограничения.
event-form-deadline = Шаг 10: <b>срок регистрации</b> (<code>09.03.2026 18:00</code>) или «-» — до начала.
event-form-text-please = Пожалуйста, ответьте текстом (или /cancel).
event-preview-header = <b>Предпросмотр</b> — так увидят участники:
event-preview-other-title = Название на другом языке: { $title }
event-preview-capacity = Мест: { $capacity ->
    [0] без ограничения
   *[other] { $capacity }
}
event-created = ✅ Мероприятие №{ $id } опубликовано.

## Загрузка файлом
event-import-hint =
    Отправьте файл <b>.yaml</b> или <b>.csv</b>. Поля: <code>title_ky, title_ru, description_ky, description_ru, starts_at, ends_at</code> (время Бишкека, <code>2026-03-10 10:00</code>), <code>place, online_url, oblasts, districts, positions</code> (списки через «;»), <code>capacity, registration_deadline</code>.
event-import-done = ✅ Загружено мероприятий: { $count }.
event-import-failed = ❌ Файл не загружен{ $where }: { $error } Ничего не сохранено — исправьте файл и отправьте снова.
event-import-row = { " " }(запись { $row })

## Изменение и отмена
event-edit-choose = Что изменить?
event-edit-prompt-title-ky = Новое название на кыргызском:
event-edit-prompt-title-ru = Новое название на русском:
event-edit-prompt-description-ky = Новое описание на кыргызском (или «-», чтобы убрать):
event-edit-prompt-description-ru = Новое описание на русском (или «-»):
event-edit-prompt-starts-at = Новые дата и время начала (<code>10.03.2026 10:00</code>). Продолжительность сохранится.
event-edit-prompt-ends-at = Новое окончание (<code>17:00</code> или <code>12.03.2026 17:00</code>):
event-edit-prompt-place = Новое место (адрес и/или ссылка на отдельных строках):
event-edit-prompt-capacity = Новое число мест (или «-» — без ограничения). Если мест станет больше, лист ожидания продвинется автоматически.
event-edit-prompt-registration-deadline = Новый срок регистрации (<code>09.03.2026 18:00</code>) или «-»:
event-edit-saved = ✅ Сохранено. Уведомлено участников: { $notified }.
event-cancel-confirm = Отменить мероприятие? Все участники и лист ожидания получат уведомление.
event-cancelled-done = Мероприятие отменено. Уведомлений: { $count }.

event-parts-header = <b>👥 Участники: { $title }</b>
event-parts-registered = <b>Зарегистрированы: { $count }</b>
event-parts-waiting = <b>Лист ожидания: { $count }</b>

## Ошибки
event-err-datetime = Не понимаю дату и время «{ $value }». Пример: <code>10.03.2026 10:00</code>.
event-err-capacity = Число мест должно быть целым числом (например, 80) или «-»; получено «{ $value }».
event-err-title-missing = Нужны названия на кыргызском и русском.
event-err-too-long = Слишком длинно: не больше { $limit } знаков.
event-err-time-missing = Нужны начало и окончание.
event-err-end-before-start = Окончание должно быть позже начала.
event-err-too-long-event = Мероприятие не может длиться больше 31 дня.
event-err-in-past = Это время уже прошло — укажите будущее время.
event-err-place-missing = Укажите место или ссылку для онлайн-участия.
event-err-url = Ссылка должна начинаться с http:// или https://: «{ $value }».
event-err-deadline-after-start = Срок регистрации должен быть не позже начала.
event-err-unknown-region = Неизвестная область «{ $value }».
event-err-unknown-district = Неизвестный район «{ $value }». Напишите название района, например «Кемин», или код.
event-err-unknown-position = Неизвестная должность «{ $value }» (возможны: <code>head, deputy, specialist, deputy_kenesh, other</code>).
event-err-not-found = Мероприятие не найдено или уже отменено.
event-err-finished = Мероприятие уже прошло.
event-err-import-size = Файл слишком большой (больше { $limit } КБ).
event-err-import-encoding = Файл должен быть в кодировке UTF-8.
event-err-import-yaml = Ошибка синтаксиса YAML.
event-err-import-shape = Ожидается список мероприятий.
event-err-import-type = Поддерживаются только файлы .yaml, .yml и .csv.
event-err-import-empty = В файле нет мероприятий.
event-err-import-count = Не больше { $limit } мероприятий в одном файле.
event-err-import-missing = Не хватает столбцов: { $value }.
event-err-import-column = Неизвестные поля: { $value }.

## Issue 11/10: отметки в списке, .ics с подтверждением, подтверждения, место на двух языках
event-list-places = { " " }· свободно { $free } из { $capacity }
event-list-you-registered = { " " }· ✅ вы зарегистрированы
event-list-you-waiting = { " " }· ⏳ вы в листе ожидания ({ $position }-й)
event-ics-registered = ✅ Вы зарегистрированы на «{ $title }». Откройте файл, чтобы добавить мероприятие в календарь телефона; напомним заранее.
event-unreg-confirm = Отменить регистрацию на «{ $title }»? Ваше место перейдёт следующему в листе ожидания.
event-unreg-confirm-waiting = Выйти из листа ожидания на «{ $title }»?
event-btn-unreg-yes = ✖️ Да, отменить
event-announce-confirm = { $count ->
    [0] Объявить «{ $title }» некому: ни один подписчик темы «Обучения и мероприятия» не входит в аудиторию.
    [one] Объявить «{ $title }»? Сообщение получит { $count } подписчик темы «Обучения и мероприятия».
    [few] Объявить «{ $title }»? Сообщение получат { $count } подписчика темы «Обучения и мероприятия».
   *[many] Объявить «{ $title }»? Сообщение получат { $count } подписчиков темы «Обучения и мероприятия».
}
event-btn-announce-yes = 📣 Да, отправить ({ $count })
event-preview-other-place = Место на другом языке: { $place }
event-preview-announce = 📣 После публикации о мероприятии узнают подписчики темы «Обучения и мероприятия»: { $count }.
event-form-place-ru = Шаг 7а: <b>место на русском</b> (или «-», если то же самое).
event-field-place-ru = место (рус.)
event-edit-prompt-place-ru = Место на русском (или «-» — как на кыргызском):
event-reminder-late-by = <i>(напоминание опоздало на { $delay }: бот был недоступен)</i>
event-import-announce = { $count ->
    [0] Подписчиков в аудитории этих мероприятий нет — объявлять некому.
   *[other] Объявить загруженные мероприятия подписчикам? Сообщений: { $count }.
}
event-btn-import-announce = 📣 Объявить ({ $count })
