"""Custom filters: menu buttons in either language, async magic filters, roles — and the one
refusal path.

Roles.  A privileged router carries ``HasRole``::

    r.message.filter(HasRole(Role.supervisor))
    r.callback_query.filter(HasRole(Role.supervisor))

and has no role checks inside.  An update from someone without the role falls through every
router to ``handlers/fallback.py``, whose :class:`Refused` filter finds what the update asked
for and whose handler calls :func:`refuse`: the answer names the role that may do it and what to
do to get it, and the attempt is written to the audit log (``allowed = 0``).  What is privileged:

- commands: ``bot.commands.COMMANDS`` (their minimal role) with :data:`COMMAND_ROLES` on top;
- menu buttons: :data:`PRIVILEGED_BUTTONS` (translation key of the label → :class:`Privilege`);
- inline buttons: :data:`PRIVILEGED_CALLBACKS`, keyed by the start of the callback data up to a
  field boundary (``"tk"`` = every ``TicketCallback``, ``"tk:take"`` = its ``take`` action; the
  longer key wins).  A feature adds its buttons with :func:`privileged_callback`
  (``privileged_callback(TicketCallback, Role.consultant, "ticket.take", action="take")``).

A callback no handler took and no row matches (forged, outdated) gets the "outdated button"
answer; ownership refusals (someone else's ticket) stay in the handlers: they call
:func:`refuse` with ``Role.official`` ("not allowed", no role to name).
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message, TelegramObject
from magic_filter import MagicFilter

from bot.commands import COMMANDS
from bot.i18n import Html, I18n, Translator
from db.repositories.users import Role, User, UserRepository
from services.tickets import TicketService

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1024)
def menu_labels(translator: Translator, key: str) -> frozenset[str]:
    """The labels of a menu button in every language (a few per key; built once)."""
    return frozenset(translator.get(lang, key) for lang in translator.languages)


class MenuButton(Filter):
    """Matches a reply-keyboard button by its translation key, in any language."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, translator: Translator) -> bool:
        return message.text is not None and message.text in menu_labels(translator, self.key)


class Magic(Filter):
    """An async wrapper of a magic filter (``Magic(F.chat.type == "private")``).

    aiogram runs a bare ``F.…`` filter (a sync callable) through a worker thread on every update;
    resolving it here costs microseconds instead."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> bool:
        return bool(self.magic.resolve(event))


class PlainQuestion(Filter):
    """What only the search answers: a private plain-text message (no command) from an official
    who is in no form and did not press a menu button (``menu_keys``: every ``MenuButton`` of
    the router tree).  The dispatcher puts the search first behind this filter (and the open
    ticket check), so the common update skips the ~30 feature routers that would pass it by;
    anything else walks them as before and reaches the search's catch-all at the end."""

    def __init__(self, menu_keys: Iterable[str]) -> None:
        self.menu_keys = frozenset(menu_keys)

    def labels(self, translator: Translator) -> frozenset[str]:
        return _labels_of(translator, self.menu_keys)

    async def __call__(
        self,
        message: Message,
        user: User | None,
        translator: Translator,
        raw_state: str | None = None,
    ) -> bool:
        text = message.text
        return (
            bool(text)
            and raw_state is None
            and message.chat.type == "private"
            and user is not None
            and user.role == Role.official
            and not text.startswith("/")  # type: ignore[union-attr]
            and text not in self.labels(translator)
        )


@functools.lru_cache(maxsize=64)
def _labels_of(translator: Translator, keys: frozenset[str]) -> frozenset[str]:
    return frozenset(label for key in keys for label in menu_labels(translator, key))


class HasRole(Filter):
    """Passes users with at least ``role``; the others fall through to the fallback's refusal."""

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(
        self, event: Message | CallbackQuery, user: User | None
    ) -> bool | dict[str, Any]:
        return user is not None and user.has_role(self.role)


def has_role(user: User | None, role: Role) -> bool:
    return user is not None and user.has_role(role)


@dataclass(frozen=True)
class Privilege:
    """Who may do an action: the minimal ``role``, the audit log's ``action`` name, and the
    translation key naming the action in a refusal (``what``; messages only).

    ``callcenter``: the call-center's staff actions (its commands, the ticket card's buttons):
    whatever of them the role-filtered routers passed by is refused with the call-center's own
    "not allowed" (a reply; an alert for buttons), and an anonymous group admin is asked to
    write as themselves.  ``chat``: only there ("private", "consultants": the
    consultants' chats); elsewhere the general entry (if any) applies."""

    role: Role
    action: str
    what: str | None = None
    callcenter: bool = False
    chat: str | None = None


# Commands whose handler checks another role than the menu shows (supervisors may create
# events, though the command is in the admins' menu only).
COMMAND_ROLES: dict[str, Role] = {"event_new": Role.supervisor, "event_import": Role.supervisor}

PRIVILEGED_COMMANDS: dict[str, Privilege] = {
    command: Privilege(COMMAND_ROLES.get(command, role), command, key)
    for command, key, role in COMMANDS
    if role != Role.official
} | {"event_import": Privilege(Role.supervisor, "event_import", "cmd-event-new")}

PRIVILEGED_BUTTONS: dict[str, Privilege] = {
    "menu-queue": Privilege(Role.consultant, "ticket.queue", "cmd-queue"),
    "menu-stats": Privilege(Role.supervisor, "stats", "cmd-stats"),
}

# The call-center's commands and menu button (checked before the general entries above).
CALLCENTER_COMMANDS: dict[str, Privilege] = {
    "queue": Privilege(Role.consultant, "ticket.queue", callcenter=True),
    "canned": Privilege(Role.consultant, "canned", callcenter=True),
    "drafts": Privilege(Role.supervisor, "drafts", callcenter=True),
    "inbox": Privilege(Role.consultant, "ticket.inbox", callcenter=True, chat="private"),
    "close": Privilege(Role.consultant, "ticket.close", callcenter=True, chat="consultants"),
}
CALLCENTER_BUTTONS: dict[str, Privilege] = {
    "menu-queue": Privilege(Role.consultant, "ticket.queue", callcenter=True, chat="private"),
}

_CONSULTANT, _SUPERVISOR, _ADMIN = Role.consultant, Role.supervisor, Role.admin
PRIVILEGED_CALLBACKS: dict[str, Privilege] = {
    # tickets (bot.callbacks, bot.keyboards.tickets)
    "tk": Privilege(_CONSULTANT, "ticket.card"),
    "tk:take": Privilege(_CONSULTANT, "ticket.take", callcenter=True),
    "tk:transfer": Privilege(_CONSULTANT, "ticket.transfer", callcenter=True),
    "tk:close": Privilege(_CONSULTANT, "ticket.close", callcenter=True),
    "tk:kb": Privilege(_CONSULTANT, "ticket.kb", callcenter=True),
    "tkx": Privilege(_CONSULTANT, "ticket.transfer", callcenter=True),
    "rlr": Privilege(_CONSULTANT, "ticket.relay_retry", callcenter=True),
    "kbd": Privilege(_SUPERVISOR, "drafts.review"),
    "kbd:ok": Privilege(_SUPERVISOR, "drafts.review", callcenter=True),
    "kbd:no": Privilege(_SUPERVISOR, "drafts.review", callcenter=True),
    "prof:show_name": Privilege(_CONSULTANT, "profile.show_name"),
    # statistics (bot.keyboards.stats)
    "rpt": Privilege(_SUPERVISOR, "stats"),
    "rpt:gaps": Privilege(_SUPERVISOR, "gaps"),
    "rpt:export": Privilege(_SUPERVISOR, "export"),
    "gpd": Privilege(_SUPERVISOR, "gaps.draft"),
    "exp": Privilege(_SUPERVISOR, "export"),
    # events and broadcasts (bot.keyboards.events): the organisers' buttons
    **{
        f"ev:{action}": Privilege(_SUPERVISOR, f"event.{action}")
        for action in ("new", "parts", "edit", "field", "cancel", "cancel_yes", "announce_import")
    },
    "ev:announce": Privilege(_ADMIN, "event.announce"),
    "ev:announce_yes": Privilege(_ADMIN, "event.announce"),
    "evf": Privilege(_SUPERVISOR, "event.form"),
    "bc": Privilege(_ADMIN, "broadcast"),
}


def privileged_callback(
    prefix: str | type[CallbackData], role: Role, action: str, *, field: str | None = None
) -> None:
    """Declare the buttons of a ``CallbackData`` class (or a literal data prefix) as needing
    ``role``; with ``field``, only those whose first field is that value."""
    key = prefix if isinstance(prefix, str) else prefix.__prefix__
    PRIVILEGED_CALLBACKS[f"{key}:{field}" if field else key] = Privilege(role, action)


def callback_privilege(data: str | None) -> Privilege | None:
    """The privilege a callback's data needs (the longest matching key), if any."""
    if not data:
        return None
    parts = data.split(":", 2)
    if len(parts) > 1 and (found := PRIVILEGED_CALLBACKS.get(f"{parts[0]}:{parts[1]}")):
        return found
    return PRIVILEGED_CALLBACKS.get(parts[0])


def message_privilege(
    message: Message, translator: Translator, consultants_chats: Iterable[int] = ()
) -> Privilege | None:
    """The privilege a message needs: a privileged command, or a staff menu button (the
    call-center's entries first, where their ``chat`` allows)."""
    text = message.text or ""
    if text.startswith("/"):
        name = text.split(maxsplit=1)[0][1:].split("@")[0].lower()
        found = CALLCENTER_COMMANDS.get(name)
        if found is not None and _in_chat(found, message, consultants_chats):
            return found
        return PRIVILEGED_COMMANDS.get(name)
    for table in (CALLCENTER_BUTTONS, PRIVILEGED_BUTTONS):
        for key, privilege in table.items():
            if text in menu_labels(translator, key) and _in_chat(
                privilege, message, consultants_chats
            ):
                return privilege
    return None


def _in_chat(privilege: Privilege, message: Message, consultants_chats: Iterable[int]) -> bool:
    if privilege.chat == "private":
        return message.chat.type == "private"
    if privilege.chat == "consultants":
        return message.chat.id in consultants_chats
    return True


class Refused(Filter):
    """Matches an update asking for something privileged that the user's role does not allow;
    passes the :class:`Privilege` as ``privilege``."""

    async def __call__(
        self,
        event: Message | CallbackQuery,
        user: User | None,
        translator: Translator,
        tickets: TicketService,
    ) -> bool | dict[str, Any]:
        if isinstance(event, CallbackQuery):
            privilege = callback_privilege(event.data)
        else:
            privilege = message_privilege(event, translator, tickets.consultants_chats())
        if privilege is None or has_role(user, privilege.role):
            return False
        return {"privilege": privilege}


def refusal_text(i18n: I18n, role: Role, user_id: int | None, what: str | None = None) -> str:
    """ "<what> is only for <role and above>; ask your administrator, giving your id"."""
    if role == Role.official:  # nothing to name: ownership, not a role, was missing
        return i18n("not-allowed")
    return i18n(
        f"not-allowed-{role.value}",
        what=Html(what) if what else i18n("not-allowed-this"),
        id=str(user_id or "—"),
    )


async def refuse(
    event: Message | CallbackQuery,
    users: UserRepository,
    i18n: I18n,
    action: str,
    role: Role,
    *,
    what: str | None = None,
) -> None:
    """Answer that ``role`` (or higher) is needed for ``action`` and audit the attempt.

    ``what`` is the translated name of the action ("Statistics"), shown in the refusal."""
    actor = event.from_user.id if event.from_user else None
    detail = event.data if isinstance(event, CallbackQuery) else (event.text or "")
    log.warning("refused %s from %s: %r", action, actor, detail)
    await users.audit(actor, action, detail or "", allowed=False, role=role.value)
    if isinstance(event, CallbackQuery):
        await event.answer(refusal_alert(i18n, role), show_alert=True)
    else:
        await event.answer(refusal_text(i18n, role, actor, what))


def refusal_alert(i18n: I18n, role: Role) -> str:
    """The refusal as a callback alert (plain, ≤ 200 characters): who may, whom to ask."""
    if role == Role.official:
        return alert_text(i18n("not-allowed"))
    return alert_text(f"{i18n(f'not-allowed-alert-{role.value}')} {i18n('not-allowed-ask')}")


ALERT_LIMIT = 200  # answerCallbackQuery text: plain, 0-200 characters


def alert_text(text: str, short_advice: str = "") -> str:
    """Plain text for a callback alert: tags removed; over 200 characters, the first line and
    ``short_advice`` (who gives access)."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    if len(plain) > ALERT_LIMIT:
        plain = f"{plain.split(chr(10), 1)[0]} {short_advice}".strip()
    return plain[:ALERT_LIMIT]
