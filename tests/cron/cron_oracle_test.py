#!/usr/bin/env python3
"""Property test: driftwise's cron next-run times against an independent
reference written here in Python on the standard library's zoneinfo (which
reads the same system tzdata as Abseil, but is a separate implementation).

Random five-field expressions x 20 time zones chosen for their odd rules
(southern and half-hour DST, +5:45, Dublin's negative DST, Apia's skipped day,
midnight transitions), asked from random instants and from instants just
before daylight-saving transitions; each case compares the next three
firings, or that both sides refuse the expression.

Usage: cron_oracle_test.py CRON_EVAL [EXPRESSIONS] (default 10000, the
issue's figure). Exit 1 on any disagreement, printing the first ones.
"""
import bisect
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ZONES = [
    "UTC", "Europe/Berlin", "Europe/London", "Europe/Dublin",
    "America/New_York", "America/Los_Angeles", "America/Sao_Paulo",
    "America/Santiago", "America/St_Johns", "America/Havana",
    "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kathmandu",
    "Asia/Tehran", "Asia/Tokyo", "Pacific/Auckland", "Pacific/Chatham",
    "Pacific/Apia", "Africa/Casablanca", "Antarctica/Troll",
]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
          "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
FIELDS = [(0, 59, None), (0, 23, None), (1, 31, None), (1, 12, MONTHS),
          (0, 7, DAYS)]
MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
          "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
          "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
          "@hourly": "0 * * * *"}
DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
COUNT = 3


class Refused(Exception):
    pass


def value(text, lo, hi, names):
    if names and text[:1].isalpha():
        low = text.lower()
        if low not in names:
            raise Refused(text)
        return names.index(low) + (1 if names is MONTHS else 0)
    if not text.isdigit() or len(text) > 4:
        raise Refused(text)
    n = int(text)
    if not lo <= n <= hi:
        raise Refused(text)
    return n


def parse_field(text, lo, hi, names):
    allowed = set()
    for item in text.split(","):
        if not item:
            raise Refused("empty item")
        rng, slash, step_text = item.partition("/")
        if rng == "*":
            first, last = lo, hi
        elif "-" in rng:
            a, b = rng.split("-", 1)
            first, last = value(a, lo, hi, names), value(b, lo, hi, names)
            if last < first:
                raise Refused("backwards")
        else:
            first = last = value(rng, lo, hi, names)
            if slash:
                last = hi
        step = 1
        if slash:
            if not step_text.isdigit() or len(step_text) > 4:
                raise Refused("step")
            step = int(step_text)
            if not 1 <= step <= hi - lo + 1:
                raise Refused("step range")
        allowed.update(range(first, last + 1, step))
    return allowed


def parse(expr):
    body = expr.strip(" \t")
    if body.startswith("@"):
        if body.lower() not in MACROS:
            raise Refused("macro")
        body = MACROS[body.lower()]
    parts = body.split()
    if len(parts) != 5:
        raise Refused("fields")
    sets = [parse_field(p, *f) for p, f in zip(parts, FIELDS)]
    if 7 in sets[4]:
        sets[4].add(0)
    dom_star, dow_star = parts[2].startswith("*"), parts[4].startswith("*")
    if dom_star or dow_star:
        if not any(d <= DAYS_IN_MONTH[m] for m in sets[3] for d in sets[2]):
            raise Refused("never fires")
    return sets, dom_star, dow_star


def fires_on(spec, date):
    (_, _, doms, months, dows), dom_star, dow_star = spec
    if date.month not in months:
        return False
    dom = date.day in doms
    dow = (date.weekday() + 1) % 7 in dows  # Python: Monday = 0
    return (dom or dow) if not (dom_star or dow_star) else (dom and dow)


def instant_of(naive, zone):
    """The UTC instant a wall-clock time fires at: itself, its first
    occurrence when it repeats, the end of the gap when it is skipped."""
    first = naive.replace(tzinfo=zone, fold=0)
    ts = first.timestamp()
    back = datetime.fromtimestamp(ts, zone).replace(tzinfo=None)
    if back == naive:
        return int(ts)
    # Skipped: PEP 495 maps fold=1 with the offset after the change (the
    # earlier instant); the change lies between the two readings.
    lo = int(naive.replace(tzinfo=zone, fold=1).timestamp())
    hi = int(ts)
    after_offset = datetime.fromtimestamp(hi, zone).utcoffset()
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, zone).utcoffset() == after_offset:
            hi = mid
        else:
            lo = mid
    return hi


def next_fire(spec, zone, after):
    minutes, hours = sorted(spec[0][0]), sorted(spec[0][1])
    start = datetime.fromtimestamp(after, zone).replace(
        tzinfo=None, second=0, microsecond=0)
    day = start.date()
    for _ in range(12 * 366):
        if fires_on(spec, day):
            for h in hours:
                if day == start.date() and h < start.hour:
                    continue
                for m in minutes:
                    naive = datetime(day.year, day.month, day.day, h, m)
                    if naive < start:
                        continue
                    t = instant_of(naive, zone)
                    if t > after:
                        return t
        day += timedelta(days=1)
    raise RuntimeError("no firing within 12 years")


def random_item(rng, lo, hi, names):
    def val():
        v = rng.randint(lo, hi)
        if names and rng.random() < 0.3:
            return names[(v - (1 if names is MONTHS else 0)) % len(names)]
        return str(v)
    kind = rng.random()
    if kind < 0.15:
        return "*"
    if kind < 0.3:
        return "*/" + str(rng.randint(1, hi - lo + 1))
    if kind < 0.6:
        return val()
    a, b = sorted((rng.randint(lo, hi), rng.randint(lo, hi)))
    if kind < 0.8:
        return f"{a}-{b}"
    if kind < 0.9:
        return f"{a}-{b}/{rng.randint(1, 12)}"
    return f"{a}/{rng.randint(1, 30)}"


def random_expression(rng):
    if rng.random() < 0.03:
        return rng.choice(list(MACROS))
    fields = []
    for i, (lo, hi, names) in enumerate(FIELDS):
        # Keep days and months mostly open so most cases fire often, and
        # restrict them sometimes to reach the rare corners.
        if i >= 2 and rng.random() < 0.55:
            fields.append("*")
            continue
        n = 1 if rng.random() < 0.7 else rng.randint(2, 4)
        fields.append(",".join(random_item(rng, lo, hi, names)
                               for _ in range(n)))
    return " ".join(fields)


def transitions(zone, start_year=2000, end_year=2035):
    """UTC seconds of every offset change in the span, found day by day."""
    out = []
    t = int(datetime(start_year, 1, 1, tzinfo=timezone.utc).timestamp())
    end = int(datetime(end_year, 1, 1, tzinfo=timezone.utc).timestamp())
    prev = datetime.fromtimestamp(t, zone).utcoffset()
    while t < end:
        nxt = t + 86400
        off = datetime.fromtimestamp(nxt, zone).utcoffset()
        if off != prev:
            lo, hi = t, nxt
            while lo + 1 < hi:
                mid = (lo + hi) // 2
                if datetime.fromtimestamp(mid, zone).utcoffset() == prev:
                    lo = mid
                else:
                    hi = mid
            out.append(hi)
            prev = off
        t = nxt
    return out


def main():
    driver = sys.argv[1]
    n_expr = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(20261207)
    zones = {name: ZoneInfo(name) for name in ZONES}
    changes = {name: transitions(z) for name, z in zones.items()}
    lo_t = int(datetime(1971, 1, 1, tzinfo=timezone.utc).timestamp())
    hi_t = int(datetime(2099, 1, 1, tzinfo=timezone.utc).timestamp())

    cases = []
    for _ in range(n_expr):
        expr = random_expression(rng)
        for name in ZONES:
            if changes[name] and rng.random() < 0.6:
                # Just before (up to a day) or inside the hour after a change.
                t = rng.choice(changes[name]) + rng.randint(-86400, 3600)
            else:
                t = rng.randint(lo_t, hi_t)
            cases.append((expr, name, t))

    lines = "".join(f"{e}\t{z}\t{t}\t{COUNT}\n" for e, z, t in cases)
    got = subprocess.run([driver], input=lines, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert len(got) == len(cases), (len(got), len(cases))

    specs = {}
    bad = []
    compared = refused = near_change = 0
    for (expr, name, t), answer in zip(cases, got):
        if expr not in specs:
            try:
                specs[expr] = parse(expr)
            except Refused:
                specs[expr] = None
        spec = specs[expr]
        if spec is None:
            refused += 1
            if not answer.startswith("ERR INVALID_ARGUMENT"):
                bad.append(f"{expr!r} refused by the reference, driftwise: {answer}")
            continue
        expected, after = [], t
        for _ in range(COUNT):
            after = next_fire(spec, zones[name], after)
            expected.append(after)
        want = " ".join(map(str, expected))
        compared += 1
        ch = changes[name]
        i = bisect.bisect_left(ch, t)
        if i < len(ch) and ch[i] - t <= 86400:
            near_change += 1
        if answer != want:
            bad.append(f"{expr!r} in {name} after {t}: driftwise {answer}, "
                       f"reference {want}")
    print(f"{len(cases)} cases ({n_expr} expressions x {len(ZONES)} zones): "
          f"{compared} compared ({near_change} within a day before a "
          f"daylight-saving change), {refused} refused by both; "
          f"{len(bad)} disagreements")
    for line in bad[:20]:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
