"""The bytes of an icalendar component, as `Component.to_ical()` writes them, folded faster.

icalendar folds each content line one character at a time (`_foldline`), which was half the time
of writing the calendars. This folds the UTF-8 bytes in 74-byte steps with the same rules, so the
output is byte-identical (tests/test_icsbytes.py checks it against icalendar itself).
"""
from __future__ import annotations

from icalendar import Component

_WIDTH = 74  # icalendar folds before a character that would bring a line to 75 octets
_FOLD = b"\r\n "
_ESCAPES = b"\\^"  # a TEXT or RFC 6868 escape is never split from the character it escapes


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded as RFC 5545 asks and as icalendar does."""
    data = line.encode("utf-8")
    if len(data) <= _WIDTH:
        return data
    parts = []
    start = 0
    while len(data) - start > _WIDTH:
        end = start + _WIDTH
        while data[end] & 0xC0 == 0x80:  # never cut inside a multi-byte character
            end -= 1
        if data[end - 1] in _ESCAPES and end - 1 > start:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return _FOLD.join(parts)


def component_bytes(component: Component) -> bytes:
    """`component.to_ical()` with the faster folding."""
    return b"\r\n".join(fold(line) for line in component.content_lines() if line) + b"\r\n"
