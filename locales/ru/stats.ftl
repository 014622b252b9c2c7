## Супервайзер: /stats, /gaps, /export; /forget_me для всех

stats-choose =
    📊 <b>Статистика</b>
    Выберите период или напишите свой, например: <code>/stats 2026-11-01..2026-11-15</code>, <code>/stats 2026-11</code>, <code>/stats 30 дней</code>.
stats-period-today = Сегодня
stats-period-yesterday = Вчера
stats-period-week = Эта неделя
stats-period-month = Этот месяц
stats-period-last-week = Прошлая неделя
stats-period-last-month = Прошлый месяц
stats-period-7d = 7 дней
stats-period-30d = 30 дней
stats-period-90d = 90 дней
stats-period-all = Всё время
stats-period-error-unknown = Не понял период «{ $spec }». Можно так: сегодня, вчера, неделя, месяц, прошлая неделя, прошлый месяц, 30 дней, 2026-11 или 2026-11-01..2026-11-15.
stats-period-error-reversed = В периоде «{ $spec }» начало позже конца.
stats-period-error-too-long = Период «{ $spec }» слишком длинный: не больше 10 лет.

stats-header = 📊 <b>Статистика за { $period }</b>
stats-empty = За этот период данных нет: ни вопросов, ни обращений.
stats-questions = Вопросов: <b>{ $count }</b>
stats-outcome-answered = • бот ответил сам: { $count } ({ $share })
stats-outcome-suggest = • предложил варианты: { $count } ({ $share })
stats-outcome-escalate = • не нашёл ответа: { $count } ({ $share })
stats-helped = «Помогло»: { $helped } из { $feedback ->
        [one] { $feedback } отзыва
       *[other] { $feedback } отзывов
    } ({ $rate })
stats-helped-none = Отзывов «помогло / не помогло» нет.
stats-tickets = Обращений открыто: <b>{ $opened }</b>, закрыто: <b>{ $closed }</b> (из них закрыто ботом, потому что автор не ответил: { $auto })
stats-tickets-unavailable = Обращения: колл-центр не подключён.
stats-first-response =
    До первого ответа консультанта (обращений: { $count }):
      • в рабочем времени — медиана <b>{ $median }</b>, 90% — { $p90 }
      • по календарю — медиана { $median_wall }, 90% — { $p90_wall }
stats-resolution =
    До решения (закрытых обращений: { $count }):
      • в рабочем времени — медиана <b>{ $median }</b>, 90% — { $p90 }
      • по календарю — медиана { $median_wall }, 90% — { $p90_wall }
stats-csat = Средняя оценка ответов: <b>{ $avg }</b> из 5 (оценок: { $count }; { $dist })
stats-csat-none = Оценок за период нет.
stats-consultants = <b>Консультанты</b>
stats-consultant-line = • { $name }: взято { $taken }, закрыто { $closed }, первый ответ (медиана, рабочее время) { $median }, средняя оценка { $csat }
stats-oblasts = <b>По областям</b>
stats-categories = <b>По темам</b>
stats-group-line = • { $name }: вопросов { $questions } (без ответа { $escalated }), обращений { $tickets }
stats-unknown = не указано
stats-more = … и ещё { $count }

stats-chart-caption = 📈 { $period }
stats-chart-title = Вопросы по дням
stats-chart-answered = бот ответил
stats-chart-suggest = варианты
stats-chart-escalate = нет ответа
stats-chart-questions-axis = вопросов
stats-chart-response-title = Время до первого ответа консультанта (рабочие часы)
stats-chart-median = медиана
stats-chart-p90 = 90-й процентиль
stats-chart-hours-axis = часы
stats-chart-no-data = Нет данных за этот период
stats-chart-no-tickets = Нет обращений с ответом за этот период

gaps-header =
    🕳 <b>Пробелы в базе знаний за { $period }</b>
    Вопросы, на которые бот не нашёл ответа или получил «не помогло», сгруппированы по сходству (всего вопросов: { $questions }). Крупнейшие группы ({ $groups }):
gaps-none = За { $period } вопросов без ответа нет. 🎉
gaps-group = <b>{ $n }.</b> Спрашивали { $count ->
        [one] { $count } раз
        [few] { $count } раза
       *[other] { $count } раз
    } ({ $askers ->
        [one] { $askers } человек
        [few] { $askers } человека
       *[other] { $askers } человек
    }); без ответа — { $escalated }, «не помогло» — { $not_helped }
gaps-example = — «{ $text }»
gaps-btn-draft = ✍️ Ответ для группы { $n }
gaps-draft-prompt =
    ✍️ <b>Новый ответ для базы знаний</b> ({ $count ->
        [one] { $count } похожий вопрос
        [few] { $count } похожих вопроса
       *[other] { $count } похожих вопросов
    })
    Вопрос: «{ $question }»
    Другие формулировки:
    { $others }

    Напишите ответ одним сообщением (/cancel — отмена). Черновик попадёт в /drafts на утверждение.
gaps-draft-saved = ✅ Черновик ответа №{ $id } сохранён. Утвердить: /drafts
gaps-draft-gone = Эта группа уже изменилась — откройте /gaps заново.
gaps-draft-not-text = Нужен текст ответа одним сообщением (или /cancel).

export-usage =
    📤 <b>Выгрузка</b>
    <code>/export ВИД ПЕРИОД [csv|xlsx]</code>
    Виды: обращения, вопросы, подписчики, мероприятия. Период: месяц, прошлый месяц, всё, 2026-11 или 2026-11-01..2026-11-15.
    Или выберите ниже:
export-choose-period = Выгрузка «{ $kind }»: выберите период и формат.
export-kind-tickets = Обращения
export-kind-questions = Вопросы
export-kind-subscribers = Подписчики
export-kind-events = Мероприятия
export-unknown-kind = Не знаю такой выгрузки: «{ $kind }». Есть: обращения, вопросы, подписчики, мероприятия.
export-unknown-format = Формат «{ $fmt }» не поддерживается. Можно: <code>csv</code> или <code>xlsx</code>.
export-unavailable = Эта выгрузка пока недоступна (нет таблиц: { $detail }).
export-caption = 📤 { $kind } · { $period } · строк: { $rows }
export-too-big = Файл слишком большой для Телеграма ({ $size } МБ). Выгрузите его на сервере: <code>python main.py export { $kind } { $period }</code>

export-col-id = №
export-col-number = № обращения
export-col-asked-at = Время вопроса
export-col-created-at = Создано
export-col-lang = Язык
export-col-language = Язык
export-col-oblast = Область
export-col-district = Район
export-col-municipality = Муниципалитет
export-col-position = Должность
export-col-status = Статус
export-col-category = Тема
export-col-question = Вопрос
export-col-top-result = Лучший результат
export-col-top-score = Оценка поиска
export-col-chosen-result = Выбранный результат
export-col-helped = Помогло (1/0)
export-col-ticket-id = № обращения
export-col-source = Источник
export-col-consultant = Консультант
export-col-taken-at = Взято
export-col-first-response-at = Первый ответ
export-col-first-response-hours = До первого ответа, рабочих часов
export-col-closed-at = Закрыто
export-col-close-reason = Причина закрытия
export-col-resolution-hours = До решения, рабочих часов
export-col-rating = Оценка
export-col-reopened = Сколько раз открыто снова
export-col-user-id = Номер в Телеграме
export-col-since = Подписан с
export-col-full-name = ФИО
export-col-topics = Темы
export-col-regions = Регионы
export-col-active = Активен
export-col-starts-at = Начало
export-col-ends-at = Окончание
export-col-title-ky = Название (кырг.)
export-col-title-ru = Название (рус.)
export-col-place = Место
export-col-online-url = Ссылка
export-col-capacity = Мест
export-col-registered = Записано
export-col-waitlist = В листе ожидания
export-col-cancelled = Отменили запись

forget-confirm =
    🗑 <b>Удалить мои личные данные?</b>
    Будут стёрты: имя, телефон, район и муниципалитет, тексты ваших вопросов и переписка в ваших обращениях. Останутся только обезличенные счётчики (сколько было вопросов и обращений, оценки). Отменить это нельзя.
forget-btn-yes = 🗑 Да, удалить
forget-btn-no = Отмена
forget-done = ✅ Готово: ваши личные данные удалены (изменено записей: { $rows }). Если вы снова напишете боту, Телеграм передаст ваше имя заново — как у нового пользователя.
forget-cancelled = Хорошо, ничего не удалено.

## Статистика: вопросы не по теме, рабочее и календарное время (задача 10)
stats-outcome-off-topic = • не по теме МСУ: { $count } ({ $share })
stats-answered-in-scope = Из вопросов по теме МСУ бот сам ответил на { $share }.
stats-worktime-note = <i>Рабочее время — только часы работы колл-центра (без вечеров, ночей, выходных и праздников): ответ, данный в воскресенье вечером, считается как 0 минут рабочего времени. Время по календарю — сколько прошло на самом деле.</i>
stats-duration = { $h ->
    [0] { $m } мин
   *[other] { $m ->
        [0] { $h } ч
       *[other] { $h } ч { $m } мин
    }
}
stats-duration-days = { $d } дн. { $h } ч
stats-chart-off-topic = не по теме
gaps-off-topic = { $count ->
    [one] { $count } вопрос не по теме МСУ сюда не вошёл
    [few] { $count } вопроса не по теме МСУ сюда не вошли
   *[other] { $count } вопросов не по теме МСУ сюда не вошли
} — они посчитаны отдельно в /stats.
stats-first-response-none = Время до первого ответа консультанта: за период нет обращений с ответом.
stats-resolution-none = Время до решения: за период нет обращений, закрытых консультантом.
