"""Schemathesis hooks for worker/openapi.json: generators for the document's two custom string formats, and the one
rule a schema cannot state (a period's tilOgMed at most a year after its fraOgMed), applied to positive cases only;
and, when KRAVKIT_DEMO_SESSION_URL is set, a demo session on every request.

Loaded with SCHEMATHESIS_HOOKS=kravkit_hooks (e2e/schema-attack.mjs sets it and PYTHONPATH).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os

import requests
import schemathesis
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode

# The simulator's test parties (a demo session names them): generated ids include them, so that requests get past
# the party check to the consent, period and data logic.
TEST_PARTIES = ["313367002", "311851381", "314961900", "314055403", "212201782"]


def _mod11(digits: list[int], weights: list[int]) -> int | None:
    k = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return {11: 0, 10: None}.get(k, k)


def _orgnr(first8: list[int]) -> str | None:
    k = _mod11(first8, [3, 2, 7, 6, 5, 4, 3, 2])
    return None if k is None else "".join(map(str, first8 + [k]))


def _fnr(born: dt.date, individual: int) -> str | None:
    digits = [int(c) for c in born.strftime("%d%m%y") + f"{individual:03d}"]
    k1 = _mod11(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2])
    if k1 is None:
        return None
    k2 = _mod11(digits + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
    return None if k2 is None else "".join(map(str, digits + [k1, k2]))


ORGANISASJONSNUMMER = st.one_of(
    st.sampled_from(TEST_PARTIES),
    st.lists(st.integers(0, 9), min_size=8, max_size=8).map(_orgnr).filter(lambda s: s is not None),
)
# Born 1900-1999: individual numbers 000-499 say so.
FODSELSNUMMER = st.builds(
    _fnr, st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)), st.integers(0, 499)
).filter(lambda s: s is not None)

schemathesis.openapi.format("organisasjonsnummer", ORGANISASJONSNUMMER)
schemathesis.openapi.format("fodselsnummer", FODSELSNUMMER)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _a_year_after(day: dt.date) -> dt.date:
    """The core's rule: the same day a year later, the last day of the month when that day does not exist."""
    if day.year == 9999:
        return dt.date.max
    last = calendar.monthrange(day.year + 1, day.month)[1]
    return day.replace(year=day.year + 1, day=min(day.day, last))


def _positive(case, location) -> bool:
    component = case.meta.components.get(location)
    return (component.mode if component is not None else case.meta.generation.mode) == GenerationMode.POSITIVE


def _is_fnr(value: str) -> bool:
    """The Worker's fødselsnummer check (D-, H- and synthetic test numbers too)."""
    d = [int(c) for c in value]
    day, month, yy, individual = d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5], int(value[6:9])
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    if individual <= 499 or (individual >= 900 and yy >= 40):
        year = 1900 + yy
    elif 500 <= individual <= 749 and yy >= 54:
        year = 1800 + yy
    elif individual >= 500 and yy <= 39:
        year = 2000 + yy
    else:
        year = 2000
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return _mod11(d[:9], [3, 7, 6, 1, 8, 9, 4, 5, 2]) == d[9] and _mod11(d[:10], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == d[10]


def _valid_party(value: object) -> object:
    """A party id with the shape of one but wrong check digits or birth date, made valid; anything else as it is."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return value
    if len(value) == 9:
        return _orgnr([int(c) for c in value[:8]]) or TEST_PARTIES[0]
    if len(value) == 11 and not _is_fnr(value):
        return "21818297804"
    return value


@schemathesis.hook
def map_case(context, case):
    """Positive cases keep the rules a pattern cannot state. The coverage phase builds strings from patterns and
    ignores custom formats, so a party id there gets valid check digits; and a period that breaks the one-year rule
    gets a tilOgMed that keeps it."""
    if case.meta is None:
        return case
    if _positive(case, ParameterLocation.PATH) and case.path_parameters and "party" in case.path_parameters:
        case.path_parameters["party"] = _valid_party(case.path_parameters["party"])
    if _positive(case, ParameterLocation.HEADER) and case.headers and "Kravkit-Party" in case.headers:
        case.headers["Kravkit-Party"] = _valid_party(case.headers["Kravkit-Party"])
    if _positive(case, ParameterLocation.BODY) and isinstance(case.body, dict) and "party" in case.body:
        case.body["party"] = _valid_party(case.body["party"])
    query = case.query
    if not query or "fraOgMed" not in query or "tilOgMed" not in query or not _positive(case, ParameterLocation.QUERY):
        return case
    fra, til = _date(query["fraOgMed"]), _date(query["tilOgMed"])
    if fra is None or til is None:
        return case
    latest = _a_year_after(fra)
    if til < fra or til > latest:
        query["tilOgMed"] = (fra + (til - fra) % (latest - fra + dt.timedelta(days=1))).isoformat()
    return case


if os.environ.get("KRAVKIT_DEMO_SESSION_URL"):

    @schemathesis.auth(refresh_interval=300)
    class DemoSession:
        """A demo session from the Worker itself (`POST /demo/session`), renewed well within its 15 minutes."""

        def get(self, case, context):
            answer = requests.post(os.environ["KRAVKIT_DEMO_SESSION_URL"], json={}, timeout=30)
            answer.raise_for_status()
            return answer.json()["token"]

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
