"""Typed text as the product keeps it.

Text pasted from a word processor or a PDF brings invisible control characters: Word's manual line
break is a vertical tab (U+000B), a page break a form feed (U+000C), and others come along unseen. XML
forbids them, so a document generated from such a text (a DOCX) could not be written. Every text a
form or the API receives goes through ``clean_text``, and the DOCX writer puts what was stored before
through it too.
"""

import re

# C0 controls and DEL, except tab, line feed and carriage return (the NUL is refused with a message by
# the forms and the API before this runs: PostgreSQL cannot store it).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"[\x0b\x0c]")


def clean_text(value: str) -> str:
    """The text with line and page breaks as line feeds and the other control characters removed."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", value))
