"""In-bot administration for admins: roles, working hours, holidays.

/admin                          — staff list and usage
/admin grant ID ROLE            — consultant | supervisor | admin
/admin revoke ID                — back to official
/admin hours 09:00-18:00        — working hours (several ranges: "09:00-12:30,13:30-18:00")
/admin days 1-5                 — working weekdays (1 = Monday)
/admin holiday add|del DATE [note]  — an extra day off (or remove one)
/admin workday add|del DATE [note]  — a weekend day worked (transferred day)
/admin calendar                 — hours and the days off of the next 60 days

Admins only: the router's HasRole filter; others fall through to handlers/fallback.py, which
refuses (naming the role) and audits.  Ids are parsed (ASCII digits, in range) before use.
"""

from __future__ import annotations

import datetime as dt
import logging

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.commands import set_user_commands
from bot.config import Settings
from bot.filters import HasRole
from bot.i18n import I18n, Translator
from db.repositories.users import Role, User, UserRepository
from handlers.common.wiring import Provide
from handlers.tickets.shared import Desk
from services.numbers import parse_id
from services.text import split_html
from services.tickets import TicketService
from services.worktime import parse_days, parse_hours

log = logging.getLogger(__name__)

GRANTABLE = ("consultant", "supervisor", "admin")

# Sub-commands and role names are accepted in English (as documented in the README) and in
# the words the Kyrgyz and Russian usage texts show.
VERBS = {
    "grant": "grant", "бер": "grant", "назначить": "grant",
    "revoke": "revoke", "ал": "revoke", "снять": "revoke",
    "list": "list", "тизме": "list", "список": "list",
    "help": "help", "жардам": "help", "помощь": "help",
    "hours": "hours", "саат": "hours", "часы": "hours",
    "days": "days", "күндөр": "days", "дни": "days",
    "holiday": "holiday", "майрам": "holiday", "праздник": "holiday",
    "workday": "workday", "иш-күнү": "workday", "рабочий": "workday",
    "calendar": "calendar", "календарь": "calendar",
}  # fmt: skip
DAY_ACTIONS = {
    "add": "add", "кош": "add", "добавить": "add",
    "del": "del", "өчүр": "del", "удалить": "del",
}  # fmt: skip
ROLE_WORDS = {
    "consultant": "consultant", "консультант": "consultant",
    "supervisor": "supervisor", "супервайзер": "supervisor",
    "admin": "admin", "администратор": "admin",
}  # fmt: skip


async def staff_text(i18n: I18n, users: UserRepository) -> str:
    staff = await users.staff()
    lines = [i18n("admin-staff-header")]
    if not staff:
        lines.append(i18n("admin-staff-empty"))
    for person in staff:
        lines.append(
            i18n(
                "admin-staff-line",
                id=str(person.id),
                name=person.display_name or "—",
                role=i18n(f"admin-role-{person.role.value}"),
            )
        )
    return "\n".join(lines)


def tz_label(i18n: I18n, tz: dt.tzinfo, day: dt.date) -> str:
    """ "Bishkek time" for Asia/Bishkek, else the UTC offset ("+05:00"): no Latin zone names."""
    if str(tz).endswith("Bishkek"):
        return i18n("admin-tz-bishkek")
    offset = dt.datetime.combine(day, dt.time(12), tzinfo=tz).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


async def calendar_text(i18n: I18n, tickets: TicketService) -> str:
    cal = await tickets.calendar()
    today = tickets.now().astimezone(cal.tz).date()
    hours = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in cal.hours)
    days = ", ".join(i18n(f"admin-weekday-{d}") for d in sorted(cal.workdays))
    ahead = [today + dt.timedelta(days=n) for n in range(61)]
    off = [d for d in ahead if not cal.is_workday(d) and d.isoweekday() in cal.workdays]
    worked = [d for d in sorted(cal.extra_workdays) if d >= today]
    lines = [
        i18n("admin-calendar-header"),
        i18n("admin-calendar-hours", hours=hours, days=days, tz=tz_label(i18n, cal.tz, today)),
        i18n("admin-calendar-off", dates=", ".join(d.strftime("%d.%m.%Y") for d in off) or "—"),
    ]
    if worked:
        lines.append(
            i18n("admin-calendar-worked", dates=", ".join(d.strftime("%d.%m.%Y") for d in worked))
        )
    return "\n".join(lines)


async def admin(
    message: Message,
    command: CommandObject,
    bot: Bot,
    desk: Desk,
    translator: Translator,
    settings: Settings,
) -> None:
    i18n, users = desk.i18n, desk.users
    args = (command.args or "").split()
    verb = VERBS.get(args[0].lower(), args[0].lower()) if args else ""
    if verb in ("", "list", "help"):
        text = await staff_text(i18n, users) + "\n\n" + i18n("admin-usage")
        for part in split_html(text):
            await message.answer(part)
    elif verb in ("grant", "revoke"):
        role = await _role_change(message, verb, args[1:], desk.user, i18n)
        if role is not None:
            target_id, new_role = role
            await users.set_role(target_id, new_role)
            await desk.audit(f"admin.{verb}", str(target_id), role=new_role.value)
            await _tell_role_set(
                message, bot, target_id, new_role, users, i18n, translator, settings
            )
    elif verb in ("hours", "days"):
        await _work_setting(message, verb, args[1:], desk)
    elif verb in ("holiday", "workday"):
        await _calendar_day(message, verb, args[1:], desk)
    elif verb == "calendar":
        await message.answer(await calendar_text(i18n, desk.tickets))
    else:
        await message.answer(i18n("admin-usage"))


def router() -> Router:
    r = Router(name="admin")
    r.message.filter(HasRole(Role.admin))
    r.message.middleware(Provide("desk", Desk.build))
    r.message.register(admin, Command("admin"))
    return r


async def _role_change(
    message: Message, verb: str, args: list[str], user: User, i18n: I18n
) -> tuple[int, Role] | None:
    """``ID [ROLE]`` of grant/revoke, checked (None: the admin was told what is wrong)."""
    target_id = parse_id(args[0]) if args else None
    if target_id is None:
        await message.answer(i18n("admin-usage"))
        return None
    role = Role.official
    if verb == "grant":
        role_name = ROLE_WORDS.get(args[1].lower()) if len(args) >= 2 else None
        if role_name not in GRANTABLE:
            roles = ", ".join(i18n(f"admin-role-{name}") for name in GRANTABLE)
            await message.answer(i18n("admin-bad-role", roles=roles))
            return None
        role = Role(role_name)
    if target_id == user.id and role != Role.admin:
        await message.answer(i18n("admin-not-self"))
        return None
    return target_id, role


async def _tell_role_set(
    message: Message,
    bot: Bot,
    target_id: int,
    role: Role,
    users: UserRepository,
    i18n: I18n,
    translator: Translator,
    settings: Settings,
) -> None:
    """The new role's command menu for the person, and the admin told who is what now."""
    target = await users.get(target_id)
    lang = (target.language if target else None) or settings.default_language
    await set_user_commands(bot, translator, target_id, lang, role)
    await message.answer(
        i18n(
            "admin-role-set",
            id=str(target_id),
            name=(target.display_name if target else "") or "—",
            role=i18n(f"admin-role-{role.value}"),
        )
    )


async def _work_setting(message: Message, verb: str, args: list[str], desk: Desk) -> None:
    value = " ".join(args).strip()
    try:
        (parse_hours if verb == "hours" else parse_days)(value)
    except ValueError:
        await message.answer(desk.i18n(f"admin-bad-{verb}"))
        return
    await desk.tickets.set_calendar_setting(verb, value, desk.user.id)
    await desk.audit(f"admin.{verb}", value)
    await message.answer(await calendar_text(desk.i18n, desk.tickets))


async def _calendar_day(message: Message, kind: str, args: list[str], desk: Desk) -> None:
    action = DAY_ACTIONS.get(args[0].lower()) if args else None
    if len(args) < 2 or action is None:
        await message.answer(desk.i18n("admin-usage"))
        return
    try:
        day = dt.date.fromisoformat(args[1])
    except ValueError:
        await message.answer(desk.i18n("admin-bad-date"))
        return
    note = " ".join(args[2:]) or None
    await desk.tickets.set_calendar_day(day, kind if action == "add" else None, note, desk.user.id)
    await desk.audit(f"admin.{kind}.{action}", day.isoformat(), note=note)
    await message.answer(await calendar_text(desk.i18n, desk.tickets))
