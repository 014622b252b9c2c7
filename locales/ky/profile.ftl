## Профиль жана каттоо

profile-position-head = Айыл өкмөтүнүн башчысы / мэр
profile-position-deputy = Башчынын орун басары
profile-position-specialist = Адис
profile-position-deputy_kenesh = Жергиликтүү кеңештин депутаты
profile-position-other = Башка

profile-intro = 👋 Келиңиз, таанышып алалы — ошондо консультанттар сизге жакшыраак жардам бере алышат. Бир мүнөттөй убакыт кетет; токтотуу үчүн — /cancel.
profile-for-ticket = 📝 Консультант №{ $number } кайрылууңузга так жооп бериши үчүн өзүңүз жөнүндө айтып бериңиз. Азырынча жетишпегени: { $missing }.
profile-invite = 👤 Профилиңизди толтуруп коюңуз (аты-жөнү, кызмат орду, район, муниципалитет) — ошондо консультанттар сизге тезирээк жана так жардам бере алышат. Ага чейин да суроо бере берсеңиз болот.
profile-btn-fill = 📝 Профилди толтуруу
profile-field-name = аты-жөнү
profile-field-position = кызмат орду
profile-field-region = облус жана район
profile-field-municipality = муниципалитет
profile-field-phone = телефон
profile-ask-name = Толук аты-жөнүңүз (фамилиясы, аты, атасынын аты)?
profile-ask-position = Кызмат ордуңуз?
profile-ask-region = Облус же республикалык маанидеги шаар?
profile-ask-district = Район же шаар ({ $region })?
profile-ask-municipality = Айыл аймагыңыздын же шаарыңыздын (муниципалитеттин) аталышы кандай?
profile-ask-phone = Телефон номериңиз — каалоосуз: «Номерди бөлүшүү» же «Өткөрүп жиберүү» баскычын басыңыз.
profile-btn-share-phone = 📱 Номерди бөлүшүү
profile-btn-skip = Өткөрүп жиберүү
profile-chosen = ✔️ { $value }
profile-bad-name = Аты-жөнүңүздү толук жазыңыз (3төн 100 белгиге чейин).
profile-bad-municipality = Муниципалитеттин аталышын жазыңыз (2ден 100 белгиге чейин).
profile-bad-phone = Бул телефон номерине окшобойт. «Номерди бөлүшүү» баскычын басыңыз, номерди +996 555 123 456 түрүндө жазыңыз же «Өткөрүп жиберүү» баскычын басыңыз.
profile-foreign-contact = Сураныч, «Номерди бөлүшүү» баскычы менен өз номериңизди бөлүшүңүз.
profile-text-please = Сураныч, текст менен жооп бериңиз.
profile-use-buttons = Жогорудагы баскычтардын бирин тандаңыз.
profile-saved = ✅ Профиль сакталды.
profile-incomplete = ⚠️ Профиль толук эмес. Толуктоо үчүн төмөнкү баскычтарды басыңыз.
profile-header = 👤 <b>Профиль</b>
profile-line-name = Аты-жөнү: { $value }
profile-line-position = Кызмат орду: { $value }
profile-line-region = Облус: { $value }
profile-line-district = Район: { $value }
profile-line-municipality = Муниципалитет: { $value }
profile-line-phone = Телефон: { $value }
profile-line-show-name-on = Авторлорго жооп бергенде атыңыз: көрсөтүлөт
profile-line-show-name-off = Авторлорго жооп бергенде атыңыз: жашырылат (жооп «Консультант» деп кол коюлат)
profile-btn-edit-name = ✏️ Аты-жөнү
profile-btn-edit-position = ✏️ Кызмат орду
profile-btn-edit-place = ✏️ Облус / район
profile-btn-edit-municipality = ✏️ Муниципалитет
profile-btn-edit-phone = ✏️ Телефон
profile-btn-show-name = 👁 Атымды көрсөтүү
profile-btn-hide-name = 🙈 Атымды жашыруу
profile-show-name-on = Эми авторлор атыңызды көрүшөт.
profile-show-name-off = Эми жооптор «Консультант» деп кол коюлат.

## Профилди толтурууга чакыруу — саламдашуунун бир абзацы (issue 11)
profile-invite-menu = 👤 Профилиңизди толтуруп коюңуз (аты-жөнү, кызмат орду, район, муниципалитет) — ошондо консультанттар тезирээк жардам бере алышат: төмөнкү менюдагы «{ $button }» баскычы. Суроолорду ага чейин деле бере берсеңиз болот.
