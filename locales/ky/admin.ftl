## Администрациялоо: ролдор, иш убактысы, майрамдар

admin-role-official = колдонуучу
admin-role-consultant = консультант
admin-role-supervisor = супервайзер
admin-role-admin = администратор
admin-staff-header = 👥 <b>Кызматкерлер</b>
admin-staff-empty = Азырынча эч ким жок.
admin-staff-line = <code>{ $id }</code> · { $name } · { $role }
admin-usage =
    <b>Администратордун буйруктары</b>
    /admin grant ID роль — роль: consultant, supervisor, admin
    /admin revoke ID — ролду алып салуу
    /admin list — кызматкерлер
    /admin hours 09:00-18:00 — иш сааттары (тыныгуу менен болот: 09:00-12:30,13:30-18:00)
    /admin days 1-5 — жуманын иш күндөрү (1 — дүйшөмбү)
    /admin holiday add 2026-03-20 Орозо айт — дем алыш күн (del — алып салуу)
    /admin workday add 2026-03-28 — иш ишемби (del — алып салуу)
    /admin calendar — 60 күнгө иш сааттары жана дем алыштар
admin-bad-role = Мындай роль жок. Болот: { $roles }
admin-not-self = Өзүңүздөн администратор ролун ала албайсыз — башка администратордон сураныңыз.
admin-role-set = ✅ <code>{ $id }</code> ({ $name }) — эми { $role }.
admin-bad-hours = Иш сааттары мындай жазылат: 09:00-18:00 же 09:00-12:30,13:30-18:00.
admin-bad-days = Иш күндөрү мындай жазылат: 1-5 (1 — дүйшөмбү, 7 — жекшемби).
admin-bad-date = Дата мындай жазылат: 2026-03-20.
admin-calendar-header = 🗓 <b>Колл-борбордун иш убактысы</b>
admin-calendar-hours = Сааттар: { $hours } ({ $tz }); күндөр: { $days }
admin-calendar-off = 60 күндүн ичиндеги иш күндөрүнө туш келген дем алыштар жана майрамдар: { $dates }
admin-calendar-worked = Иштелүүчү дем алыш күндөрү: { $dates }
admin-weekday-1 = дш
admin-weekday-2 = шш
admin-weekday-3 = шр
admin-weekday-4 = бш
admin-weekday-5 = жм
admin-weekday-6 = иш
admin-weekday-7 = жк
