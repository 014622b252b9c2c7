## Администрирование: роли, рабочее время, праздники

admin-role-official = пользователь
admin-role-consultant = консультант
admin-role-supervisor = супервайзер
admin-role-admin = администратор
admin-staff-header = 👥 <b>Сотрудники</b>
admin-staff-empty = Пока никого.
admin-staff-line = <code>{ $id }</code> · { $name } · { $role }
admin-usage =
    <b>Команды администратора</b>
    /admin grant ID роль — роль: consultant, supervisor, admin
    /admin revoke ID — снять роль
    /admin list — сотрудники
    /admin hours 09:00-18:00 — рабочие часы (можно с перерывом: 09:00-12:30,13:30-18:00)
    /admin days 1-5 — рабочие дни недели (1 — понедельник)
    /admin holiday add 2026-03-20 Орозо айт — выходной день (del — убрать)
    /admin workday add 2026-03-28 — рабочая суббота (del — убрать)
    /admin calendar — часы и выходные на 60 дней
admin-bad-role = Неизвестная роль. Можно: { $roles }
admin-not-self = Снять роль администратора с себя нельзя — попросите другого администратора.
admin-role-set = ✅ <code>{ $id }</code> ({ $name }) — теперь { $role }.
admin-bad-hours = Рабочие часы пишутся так: 09:00-18:00 или 09:00-12:30,13:30-18:00.
admin-bad-days = Рабочие дни пишутся так: 1-5 (1 — понедельник, 7 — воскресенье).
admin-bad-date = Дата пишется так: 2026-03-20.
admin-calendar-header = 🗓 <b>Рабочее время колл-центра</b>
admin-calendar-hours = Часы: { $hours } ({ $tz }); дни: { $days }
admin-calendar-off = Выходные и праздники в рабочие дни на 60 дней: { $dates }
admin-calendar-worked = Рабочие выходные дни: { $dates }
admin-weekday-1 = пн
admin-weekday-2 = вт
admin-weekday-3 = ср
admin-weekday-4 = чт
admin-weekday-5 = пт
admin-weekday-6 = сб
admin-weekday-7 = вс
