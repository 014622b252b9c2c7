## Профиль и регистрация

profile-position-head = Глава айыл окмоту / мэр
profile-position-deputy = Заместитель главы
profile-position-specialist = Специалист
profile-position-deputy_kenesh = Депутат местного кенеша
profile-position-other = Другое

profile-intro = 👋 Давайте познакомимся — так консультантам будет проще помочь. Это займёт минуту; отменить можно командой /cancel.
profile-for-ticket = 📝 Чтобы консультант ответил точнее по обращению №{ $number }, расскажите о себе — не хватает: { $missing }.
profile-invite = 👤 Заполните, пожалуйста, профиль (имя, должность, район, муниципалитет) — консультантам так проще помочь. Вопросы можно задавать и до этого.
profile-btn-fill = 📝 Заполнить профиль
profile-field-name = имя
profile-field-position = должность
profile-field-region = область и район
profile-field-municipality = муниципалитет
profile-field-phone = телефон
profile-ask-name = Ваше полное имя (фамилия, имя, отчество)?
profile-ask-position = Ваша должность?
profile-ask-region = Область или город республиканского значения?
profile-ask-district = Район или город ({ $region })?
profile-ask-municipality = Название вашего айыл аймака или города (муниципалитета)?
profile-ask-phone = Телефон — по желанию: нажмите «Поделиться номером» или «Пропустить».
profile-btn-share-phone = 📱 Поделиться номером
profile-btn-skip = Пропустить
profile-chosen = ✔️ { $value }
profile-bad-name = Напишите имя полностью (от 3 до 100 знаков).
profile-bad-municipality = Напишите название муниципалитета (от 2 до 100 знаков).
profile-bad-phone = Не похоже на номер телефона. Нажмите «Поделиться номером», напишите номер в виде +996 555 123 456 или нажмите «Пропустить».
profile-foreign-contact = Пожалуйста, поделитесь своим номером кнопкой «Поделиться номером».
profile-text-please = Пожалуйста, ответьте текстом.
profile-use-buttons = Выберите вариант кнопкой выше.
profile-saved = ✅ Профиль сохранён.
profile-incomplete = ⚠️ Профиль заполнен не полностью. Нажмите кнопки ниже, чтобы дополнить.
profile-header = 👤 <b>Профиль</b>
profile-line-name = Имя: { $value }
profile-line-position = Должность: { $value }
profile-line-region = Область: { $value }
profile-line-district = Район: { $value }
profile-line-municipality = Муниципалитет: { $value }
profile-line-phone = Телефон: { $value }
profile-line-show-name-on = Имя в ответах авторам: показывается
profile-line-show-name-off = Имя в ответах авторам: скрыто (подпись — «Консультант»)
profile-btn-edit-name = ✏️ Имя
profile-btn-edit-position = ✏️ Должность
profile-btn-edit-place = ✏️ Область / район
profile-btn-edit-municipality = ✏️ Муниципалитет
profile-btn-edit-phone = ✏️ Телефон
profile-btn-show-name = 👁 Показывать моё имя
profile-btn-hide-name = 🙈 Скрывать моё имя
profile-show-name-on = Теперь авторы видят ваше имя.
profile-show-name-off = Теперь ответы подписаны «Консультант».

## Приглашение заполнить профиль — абзац приветствия (события/рассылки, issue 11)
profile-invite-menu = 👤 Заполните, пожалуйста, профиль (имя, должность, район, муниципалитет) — консультантам так проще помочь: кнопка «{ $button }» в меню ниже. Вопросы можно задавать и до этого.
