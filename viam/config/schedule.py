"""Job schedules as the reference reads them: a Go duration, a cron expression, or "continuous".

A duration ("5s", "1m30s", "250ms") runs the job that long after it was scheduled and then
every that long. A cron expression has five fields (minute hour day-of-month month day-of-week)
or six with seconds first, as robfig/cron (behind the reference's gocron) parses them: ``*``,
``?``, numbers, ranges ``a-b``, steps ``*/n`` and ``a-b/n``, lists ``a,b``, month and weekday
names (JAN, MON), and the descriptors ``@yearly`` ``@monthly`` ``@weekly`` ``@daily``
``@hourly`` and ``@every <duration>``. A day matches when day-of-month or day-of-week matches
if both are restricted, as in cron. Times are local.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

CONTINUOUS = "continuous"
_GO_DURATION = re.compile(r"([0-9]*\.?[0-9]+)(ns|us|µs|μs|ms|s|m|h)")
_UNIT_S = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_MONTHS = {name: i + 1 for i, name in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
_DAYS = {name: i for i, name in enumerate("SUN MON TUE WED THU FRI SAT".split())}
_DESCRIPTORS = {"@yearly": "0 0 0 1 1 *", "@annually": "0 0 0 1 1 *", "@monthly": "0 0 0 1 * *",
                "@weekly": "0 0 0 * * 0", "@daily": "0 0 0 * * *", "@midnight": "0 0 0 * * *",
                "@hourly": "0 0 * * * *"}
SEARCH_YEARS = 5  # a cron expression that matches no time within this many years is refused


class ScheduleError(ValueError):
    pass


def parse_go_duration(text: str) -> float | None:
    """Seconds in a Go duration string ("1h30m", "2.5s"), or None when ``text`` is not one."""
    body = text.strip()
    sign = -1.0 if body.startswith("-") else 1.0
    body = body.lstrip("+-")
    if body == "0":
        return 0.0
    if not body or _GO_DURATION.sub("", body):
        return None
    return sign * sum(float(number) * _UNIT_S[unit] for number, unit in _GO_DURATION.findall(body))


@dataclass(frozen=True)
class Cron:
    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool  # day-of-month is "*"
    any_weekday: bool

    def _day_matches(self, when: datetime) -> bool:
        in_month = when.day in self.days
        in_week = (when.isoweekday() % 7) in self.weekdays
        if self.any_day or self.any_weekday:
            return in_month and in_week
        return in_month or in_week

    def next_after(self, when: datetime) -> datetime:
        """The first matching time strictly after ``when`` (whole seconds)."""
        at = when.replace(microsecond=0) + timedelta(seconds=1)
        limit = when + timedelta(days=366 * SEARCH_YEARS)
        while at <= limit:
            if at.month not in self.months:
                at = (at.replace(day=1, hour=0, minute=0, second=0) + timedelta(days=32)).replace(day=1)
            elif not self._day_matches(at):
                at = at.replace(hour=0, minute=0, second=0) + timedelta(days=1)
            elif at.hour not in self.hours:
                at = at.replace(minute=0, second=0) + timedelta(hours=1)
            elif at.minute not in self.minutes:
                at = at.replace(second=0) + timedelta(minutes=1)
            elif at.second not in self.seconds:
                at += timedelta(seconds=1)
            else:
                return at
        raise ScheduleError(f"no time matches within {SEARCH_YEARS} years")


@dataclass(frozen=True)
class Schedule:
    """``every_s`` for a duration, ``cron`` for a cron expression, neither for continuous."""

    text: str
    every_s: float | None = None
    cron: Cron | None = None

    @property
    def continuous(self) -> bool:
        return self.every_s is None and self.cron is None


def parse_schedule(text: str) -> Schedule:
    """Read a job's ``schedule``; ScheduleError says what is wrong with it."""
    stripped = text.strip()
    if stripped.lower() == CONTINUOUS:
        return Schedule(text)
    seconds = parse_go_duration(stripped)
    if seconds is not None:
        if seconds <= 0:
            raise ScheduleError(f"a duration schedule must be positive, got {text!r}")
        return Schedule(text, every_s=seconds)
    if stripped.lower().startswith("@every"):
        every = parse_go_duration(stripped[len("@every"):])
        if every is None or every <= 0:
            raise ScheduleError(f"@every takes a positive duration such as \"5s\", got {text!r}")
        return Schedule(text, every_s=every)
    expression = _DESCRIPTORS.get(stripped.lower(), stripped)
    fields = expression.split()
    if len(fields) == 5:
        fields = ["0", *fields]
    if len(fields) != 6:
        raise ScheduleError(f"expected a duration such as \"5s\", \"continuous\" or a cron expression with 5 or 6 "
                            f"fields, got {text!r}")
    names = ("seconds", "minutes", "hours", "day of month", "month", "day of week")
    bounds = ((0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
    aliases: tuple[dict[str, int], ...] = ({}, {}, {}, {}, _MONTHS, _DAYS)
    sets = [_field(f, lo, hi, alias, name)
            for f, (lo, hi), alias, name in zip(fields, bounds, aliases, names, strict=True)]
    weekdays = frozenset(d % 7 for d in sets[5])
    cron = Cron(*sets[:5], weekdays, any_day=fields[3] in ("*", "?"), any_weekday=fields[5] in ("*", "?"))
    cron.next_after(datetime.now())  # refuses one that never fires (e.g. 30 February)
    return Schedule(text, cron=cron)


def _field(text: str, low: int, high: int, aliases: dict[str, int], name: str) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        step = _number(step_text, aliases, name) if step_text else 1
        if step <= 0:
            raise ScheduleError(f"{name}: step must be positive in {part!r}")
        if body in ("*", "?"):
            start, end = low, high
        elif "-" in body:
            first, _, last = body.partition("-")
            start, end = _number(first, aliases, name), _number(last, aliases, name)
        else:
            start = _number(body, aliases, name)
            end = high if step_text else start
        if not low <= start <= end <= high:
            raise ScheduleError(f"{name}: {part!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _number(text: str, aliases: dict[str, int], name: str) -> int:
    upper = text.strip().upper()
    if upper in aliases:
        return aliases[upper]
    if not upper.isdigit():
        raise ScheduleError(f"{name}: {text!r} is not a number")
    return int(upper)
