"""What using used to cost, and what the days clean have kept."""

from __future__ import annotations

from decimal import Decimal

from bot import i18n
from bot.domain.money import SpendPlan, format_money, kept, parse_spend
from bot.domain.places import zone_countries
from bot.services.people import Person
from bot.storage import wellbeing
from bot.storage.database import Database
from bot.storage.wellbeing import Spend


class MoneyKept:
    """/spend and the money kept since the clean date (a reset starts it again)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(self, person: Person, text: str) -> SpendPlan:
        """Store what using cost. Raises SpendProblem (nothing stored)."""
        plan = parse_spend(text, zone_countries().get(person.zone))
        async with self._db.transaction() as tx:
            await wellbeing.set_spend(
                tx, person.user_id, Spend(str(plan.amount), plan.currency, plan.period)
            )
        return plan

    async def clear(self, person: Person) -> None:
        """/spend off."""
        async with self._db.transaction() as tx:
            await wellbeing.set_spend(tx, person.user_id, None)

    async def kept_text(self, user_id: int, days: int) -> str | None:
        """ "£1,234.50" kept over `days` clean, or None when /spend was never set."""
        spend = await wellbeing.spend_of(self._db.reader, user_id)
        if spend is None:
            return None
        amount = kept(Decimal(spend.amount), spend.period, days)
        return format_money(amount, spend.currency, i18n.current())
