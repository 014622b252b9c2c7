"""The registration form's steps: which to ask, asking one, going on, finishing.

Each answer is saved at once, so a half-finished form loses nothing.  A :class:`ProfileFlow`
is built per update (``Provide("flow", ProfileFlow.build)``) from what the dispatcher
injects (the FSM context, the user, the repositories and services), so the form's handlers
take two or three parameters.  Finishing refreshes the card of the user's ticket in the
consultants' chat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup, Message, ReplyKeyboardMarkup

from bot.i18n import I18n
from bot.keyboards.common import main_menu
from bot.keyboards.profile import (
    district_keyboard,
    phone_keyboard,
    position_keyboard,
    region_keyboard,
)
from bot.workers.relay import Relay
from db.repositories.users import Role, User
from handlers.common.wiring import UpdateContext
from services import geo
from services.tickets import TicketError, TicketService

log = logging.getLogger(__name__)

STEPS = ("full_name", "position", "region", "district", "municipality", "phone")
ALL_STEPS = ["full_name", "position", "region", "municipality", "phone"]  # district follows region


class ProfileForm(StatesGroup):
    full_name = State()
    position = State()
    region = State()
    district = State()
    municipality = State()
    phone = State()


FIELD_KEYS = {
    "full_name": "profile-field-name",
    "position": "profile-field-position",
    "region": "profile-field-region",
    "municipality": "profile-field-municipality",
    "phone": "profile-field-phone",
}


def missing(user: User) -> list[str]:
    """The steps whose answer the profile lacks, in form order."""
    have = {
        "full_name": user.full_name,
        "position": user.position,
        "region": user.oblast,
        "municipality": user.municipality,
        "phone": user.phone,
    }
    return [step for step in ALL_STEPS if not have[step]]


def profile_text(i18n: I18n, user: User) -> str:
    dash = "—"
    position = i18n(f"profile-position-{user.position}") if user.position else dash
    district = geo.district_name(user.oblast, user.district, i18n.lang)
    lines = [
        i18n("profile-header"),
        i18n("profile-line-name", value=user.full_name or dash),
        i18n("profile-line-position", value=position),
        i18n("profile-line-region", value=geo.region_name(user.oblast, i18n.lang) or dash),
        i18n("profile-line-district", value=district or dash),
        i18n("profile-line-municipality", value=user.municipality or dash),
        i18n("profile-line-phone", value=user.phone or dash),
    ]
    if user.has_role(Role.consultant):
        on = "profile-line-show-name-on" if user.show_name else "profile-line-show-name-off"
        lines.append(i18n(on))
    if not user.is_registered:
        lines += ["", i18n("profile-incomplete")]
    return "\n".join(lines)


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None
# step → (state, question key, keyboard); "district" depends on the region chosen
QUESTIONS: dict[str, tuple[State, str, Callable[[I18n], Markup] | None]] = {
    "full_name": (ProfileForm.full_name, "profile-ask-name", None),
    "position": (ProfileForm.position, "profile-ask-position", position_keyboard),
    "region": (ProfileForm.region, "profile-ask-region", region_keyboard),
    "municipality": (ProfileForm.municipality, "profile-ask-municipality", None),
    "phone": (ProfileForm.phone, "profile-ask-phone", phone_keyboard),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileFlow(UpdateContext):
    """The form's steps for the update's user, with the ticket service and the relay (the card
    of their ticket is refreshed when the profile changes)."""

    tickets: TicketService
    relay: Relay

    async def save(self, **fields: Any) -> None:
        await self.users.update_profile(self.user.id, **fields)

    async def start(
        self,
        message: Message,
        *,
        missing_only: bool = False,
        ticket_id: int | None = None,
        only: str | None = None,
    ) -> None:
        """Start the form: every step, only the missing ones, or one field (``only``)."""
        queue = [only] if only is not None else missing(self.user) if missing_only else ALL_STEPS
        if not queue:
            return
        await self.state.set_data({"profile_queue": queue, "profile_ticket": ticket_id})
        # the introduction and the first question are one message (one a second per chat)
        intro = not self.user.is_registered and only is None
        await self.ask(message, queue[0], lead=self.i18n("profile-intro") + "\n\n" if intro else "")

    async def _question(self, step: str) -> tuple[State, str, Markup] | None:
        i18n = self.i18n
        if step != "district":
            state, key, keyboard = QUESTIONS[step]
            return state, i18n(key), keyboard(i18n) if keyboard else None
        region = geo.region((await self.state.get_data()).get("profile_region"))
        if region is None or not region.districts:
            return None
        text = i18n("profile-ask-district", region=region.name(i18n.lang))
        return ProfileForm.district, text, district_keyboard(i18n, region)

    async def ask(self, message: Message, step: str, *, lead: str = "") -> None:
        question = await self._question(step) if step in STEPS else None
        if question is None:  # a region without districts: nothing to ask
            if step == "district":
                await self.next(message)
            return
        state, text, markup = question
        await self.state.set_state(state)
        await message.answer(lead + text, reply_markup=markup)

    async def next(self, message: Message) -> None:
        """Drop the finished step from the queue and ask the next one, or finish."""
        data = await self.state.get_data()
        queue: list[str] = list(data.get("profile_queue") or [])
        if queue and queue.pop(0) == "region":
            queue.insert(0, "district")
        await self.state.update_data(profile_queue=queue)
        if queue:
            await self.ask(message, queue[0])
            return
        await self.state.clear()
        fresh = await self.users.get(self.user.id) or self.user
        await message.answer(
            self.i18n("profile-saved") + "\n\n" + profile_text(self.i18n, fresh),
            reply_markup=main_menu(self.i18n, fresh.role),
        )
        await self.refresh_card(data.get("profile_ticket"))

    async def refresh_card(self, ticket_id: Any) -> None:
        """The card of the user's ticket shows the profile: refresh it (a convenience)."""
        ticket = await self.tickets.open_for(self.user.id)
        try:
            if ticket is None and isinstance(ticket_id, int) and ticket_id > 0:
                ticket = await self.tickets.get(ticket_id)
            if ticket is not None:
                await self.relay.refresh_card(ticket)
        except TicketError:
            return
        except Exception:  # the card is a convenience; the profile is saved
            log.warning("could not refresh the card of ticket %s", ticket_id, exc_info=True)
