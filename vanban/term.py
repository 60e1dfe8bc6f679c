"""What the CLI prints for people: every line goes through here, so that text taken from
files (names, titles, issuers) can never move the cursor, recolour the terminal or start
a new line. JSON output does not: json.dump already escapes control characters.
"""
from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

# Format characters that reorder what is shown (bidi overrides and isolates): a file
# name could use them to display as something else.
_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _escape_char(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x100:
        return f"\\x{cp:02x}"
    return f"\\u{cp:04x}"


def shown(text: object) -> str:
    """`text` safe for a terminal: control characters (ESC, CR, LF, TAB, DEL, C1), bidi
    controls and lone surrogates (file-name bytes that are not UTF-8) become visible
    escapes; everything else, Vietnamese included, is kept.

    >>> shown("\\x1b[31mred.txt")
    '\\\\x1b[31mred.txt'
    >>> shown("Kế hoạch\\nsố 5")
    'Kế hoạch\\\\x0asố 5'
    """
    s = str(text)
    if s.isprintable():
        return s
    return "".join(_escape_char(ch) if (unicodedata.category(ch) in ("Cc", "Cs") or ord(ch) in _BIDI) else ch
                   for ch in s)


def echo(line: object = "", *, err: bool = False, file: TextIO | None = None) -> None:
    """Print one line for people, escaped (see :func:`shown`)."""
    out = file or (sys.stderr if err else sys.stdout)
    out.write(shown(line) + "\n")
