#!/usr/bin/python3
"""Expand iCalendar feeds with libical (Evolution/GNOME) and run its RFC 5546 restriction check.

Run with Debian's /usr/bin/python3 (GObject bindings): libical_expand.py UNTIL FILE.ics…
Prints JSON {"feeds": {file: {uid: [YYYY-MM-DD, …]}}, "errors": {file: [message, …]}};
exits 2 when libical or its bindings are missing.
"""
import json
import sys

try:
    import gi

    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib
except (ImportError, ValueError) as exc:  # missing python3-gi or gir1.2-ical-3.0
    print(f"libical: {exc}", file=sys.stderr)
    sys.exit(2)

LIMIT = 5000  # occurrences per event: more means a runaway rule


def components(parent, kind):
    """Child components of one kind."""
    child = parent.get_first_component(kind)
    while child is not None:
        yield child
        child = parent.get_next_component(kind)


def properties(component, kind):
    """Properties of one kind."""
    prop = component.get_first_property(kind)
    while prop is not None:
        yield prop
        prop = component.get_next_property(kind)


def lic_errors(component):
    """Messages of X-LIC-ERROR properties libical added while parsing or checking, at any depth."""
    found = [p.get_xlicerror() for p in properties(component, ICalGLib.PropertyKind.XLICERROR_PROPERTY)]
    for child in components(component, ICalGLib.ComponentKind.ANY_COMPONENT):
        found += lic_errors(child)
    return found


def iso(t):
    """A DATE value as YYYY-MM-DD."""
    return f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}"


def expand(event, until):
    """Occurrence dates of one VEVENT up to `until` (YYYY-MM-DD), RRULE and RDATE included."""
    start = event.get_dtstart()
    if not start.is_date():
        raise ValueError(f"{event.get_uid()}: DTSTART is not a DATE")
    dates = {iso(start)}
    for prop in properties(event, ICalGLib.PropertyKind.RRULE_PROPERTY):
        iterator = ICalGLib.RecurIterator.new(prop.get_rrule(), start)
        t = iterator.next()
        while t is not None and not t.is_null_time() and iso(t) <= until:
            dates.add(iso(t))
            if len(dates) > LIMIT:
                raise ValueError(f"{event.get_uid()}: more than {LIMIT} occurrences")
            t = iterator.next()
    for prop in properties(event, ICalGLib.PropertyKind.RDATE_PROPERTY):
        dates.add(iso(prop.get_rdate().get_time()))
    for prop in properties(event, ICalGLib.PropertyKind.EXDATE_PROPERTY):
        dates.discard(iso(prop.get_exdate()))
    return sorted(d for d in dates if d <= until)


def feed(path, until):
    """(uid → dates, error messages) for one file."""
    with open(path, encoding="utf-8") as handle:
        root = ICalGLib.Parser.parse_string(handle.read())
    if root is None or root.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
        return {}, [f"{path}: not a VCALENDAR"]
    errors = lic_errors(root)  # parse errors
    if not ICalGLib.restriction_check(root):
        errors.append("restriction check failed")
    errors += [e for e in lic_errors(root) if e not in errors]  # restriction findings
    result = {}
    for event in components(root, ICalGLib.ComponentKind.VEVENT_COMPONENT):
        uid = event.get_uid()
        if uid in result:
            errors.append(f"duplicate UID {uid}")
        result[uid] = expand(event, until)
    return result, errors


def main(argv):
    until, files = argv[1], argv[2:]
    out = {"feeds": {}, "errors": {}}
    for path in files:
        out["feeds"][path], errors = feed(path, until)
        if errors:
            out["errors"][path] = errors
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
