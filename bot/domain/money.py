"""Money kept: what using used to cost, times the days clean, formatted for its currency
with Babel (decimals, symbols and grouping are the currency's own, not hand-rolled)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import (
    format_currency,
    get_currency_precision,
    get_territory_currencies,
    is_currency,
)

MAX_AMOUNT = Decimal("100000")
_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB"}
_SPEND = re.compile(
    r"^(?P<before>[£$€¥₹₩₽])?\s*(?P<amount>\d{1,6}(?:[.,]\d{1,2})?)\s*(?P<after>[£$€¥₹₩₽])?"
    r"\s*(?P<code>(?!per\b)[a-z]{3}\b)?\s*(?:per|a|an|each|every|/)?\s*"
    r"(?P<period>day|daily|week|weekly)$",
    re.IGNORECASE | re.ASCII,
)


@dataclass(frozen=True)
class SpendPlan:
    """What using used to cost, per day or per week."""

    amount: Decimal
    currency: str
    period: str  # "day" or "week"


class SpendProblem(ValueError):
    """A /spend that cannot be read; nothing is stored."""


def default_currency(country: str | None) -> str:
    """The currency of a country (by its ISO code); US dollars when unknown."""
    if country:
        found = get_territory_currencies(country)
        if found:
            return str(found[0])
    return "USD"


def parse_spend(text: str, country: str | None) -> SpendPlan:
    """`20 per day`, `£20 a week`, `12.50 EUR per day`, `3000 JPY/week`."""
    match = _SPEND.match(" ".join(text.split()))
    if match is None:
        raise SpendProblem("unreadable")
    try:
        amount = Decimal(match["amount"].replace(",", "."))
    except InvalidOperation as error:
        raise SpendProblem("unreadable") from error
    if not Decimal(0) < amount <= MAX_AMOUNT:
        raise SpendProblem("out of range")
    symbol = match["before"] or match["after"]
    currency = (match["code"] or "").upper() or _SYMBOLS.get(symbol or "", "")
    currency = currency or default_currency(country)
    if not is_currency(currency):
        raise SpendProblem("unknown currency")
    period = "week" if match["period"].lower().startswith("week") else "day"
    return SpendPlan(amount, currency, period)


def kept(amount: Decimal, period: str, days: int) -> Decimal:
    """What `days` clean have kept."""
    per_day = amount / 7 if period == "week" else amount
    return per_day * max(days, 0)


def format_money(value: Decimal, currency: str, locale: str = "en") -> str:
    """`£1,234.50`, `€1,234.50`, `1.234,50 €` (de), `¥1,235` — the currency's own decimals,
    written the way the reader's locale writes money."""
    places = Decimal(1).scaleb(-get_currency_precision(currency))
    rounded = value.quantize(places, rounding=ROUND_HALF_UP)
    return str(format_currency(rounded, currency, locale=locale))
