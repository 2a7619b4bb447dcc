"""Finding quotation-mark spans in plain text.

Pure text, no parser: quotation marks are the one signal in news that needs no model, and
everything downstream (direct vs. mixed quotes, floating quotes, scare quotes) leans on
getting them right even when the typography is sloppy.  Rules worth knowing:

* a quotation never crosses a line break unless the next paragraph re-opens it (the
  newspaper convention for multi-paragraph quotes: an opening mark per paragraph, a closing
  mark only at the end) with a mark of the same kind, straight or typographic; then one
  quotation with one content span per paragraph results;
* an opening mark that is never closed yields a quotation flagged ``closed=False`` that ends
  at its paragraph, so a stray mark cannot swallow the rest of the article;
* single marks nest inside double ones and are reported only at top level (British style),
  and only where they cannot be apostrophes (``Putin’s``, ``don’t``);
* two straight apostrophes (``''…''``, the convention of the New York Times' archive text)
  are one double mark, not two single ones;
* the same convention survives text whose paragraphs were joined into one line (scrapers
  that join ``<p>`` elements with a space; the BBC News corpus): an opening mark of the
  quotation's own kind right after a sentence end inside it (``…line. "It's …``) starts
  the quotation's next part instead of a nested quotation that swallows the closing mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Span = tuple[int, int]
QuoteStyle = Literal["double", "single"]

# For each opening mark, the marks that may close it.  Sloppy typography shows up here:
# “…“ and „…” are both common in scraped news, and so are "…” and “…" where an editor
# retyped one end of a quotation.
_DOUBLE_CLOSERS: dict[str, str] = {
    "“": '”“"',
    "„": "“”",
    "«": "»",
    '"': '"”',
    "”": "”",
    "»": "«",
    "''": "''",
}
DOUBLE_MARKS = frozenset(_DOUBLE_CLOSERS)
# Marks with no direction: a quotation opened with one is continued in the next paragraph
# only by another (see ``_reopens``).
_STRAIGHT_DOUBLE = frozenset({'"', "''"})
_SINGLE_OPEN = frozenset("‘'‚‹")
_SINGLE_CLOSE: dict[str, str] = {"‘": "’'", "'": "'’", "‚": "‘’", "‹": "›"}
_SINGLE_MARKS = frozenset("‘’'‚‹›")
_OPEN_CONTEXT = " \t([{—–-/\u00a0"
ALL_MARKS = DOUBLE_MARKS | _SINGLE_MARKS
_MAX_DEPTH = 6


@dataclass(frozen=True, slots=True)
class Quotation:
    """One quotation: content spans (inside the marks), and the marked-up outer spans."""

    spans: tuple[Span, ...]
    outer: tuple[Span, ...]
    style: QuoteStyle
    closed: bool

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def outer_start(self) -> int:
        return self.outer[0][0]

    @property
    def outer_end(self) -> int:
        return self.outer[-1][1]

    def text(self, source: str, joiner: str = " ") -> str:
        """The quoted words; the parts of a multi-paragraph quote joined by ``joiner``."""
        return joiner.join(source[s:e].strip() for s, e in self.spans)


@dataclass(slots=True)
class _Open:
    mark: str
    pos: int
    style: QuoteStyle
    # Content spans of earlier paragraphs of a multi-paragraph quotation.
    done_spans: list[Span]
    done_outer: list[Span]
    content_start: int

    def end_part(self, span: Span, outer_end: int) -> None:
        """Keep the words of one part (a paragraph, or the whole quotation when it
        closes), with its marked-up extent from the opening mark to ``outer_end``."""
        self.done_spans.append(span)
        self.done_outer.append((self.pos, outer_end))


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _mark_at(text: str, i: int) -> str:
    """The quotation mark starting at i: ``''`` where two apostrophes stand for a double mark.

    Of three apostrophes the first closes a single quotation nested in a ``''`` one
    (``'China bad.'`` then ``''``), so only the last two make the double mark.
    """
    if text.startswith("''", i) and not text.startswith("'''", i):
        return "''"
    return text[i]


def _opens_here(text: str, i: int, width: int = 1) -> bool:
    """Context of an opening mark: line start or a space/bracket/dash before, a non-space after."""
    before_ok = i == 0 or text[i - 1] in _OPEN_CONTEXT or text[i - 1] in "\n\r"
    before_ok = before_ok or text[i - 1] in ALL_MARKS
    after_ok = i + width < len(text) and not _is_space(text[i + width])
    return before_ok and after_ok


def _closes_here(text: str, i: int, width: int = 1) -> bool:
    """Context of a closing mark: a non-space before, and no letter or digit right after."""
    before_ok = i > 0 and not _is_space(text[i - 1])
    after_ok = i + width >= len(text) or not text[i + width].isalnum()
    return before_ok and after_ok


def _line_bounds(text: str) -> list[Span]:
    bounds: list[Span] = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            bounds.append((start, i))
            start = i + 1
    bounds.append((start, len(text)))
    return bounds


def _strip_span(text: str, start: int, end: int) -> Span:
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return (start, end)


def _first_nonspace(text: str, start: int, end: int) -> int:
    while start < end and _is_space(text[start]):
        start += 1
    return start


def find_quotations(text: str) -> list[Quotation]:
    """All top-level quotations in ``text``, in order of their opening marks."""
    found: list[Quotation] = []
    lines = _line_bounds(text)
    carried: _Open | None = None  # a double quotation left open at the end of a paragraph
    for line_no, (lstart, lend) in enumerate(lines):
        if lstart == lend or text[lstart:lend].isspace():
            continue  # blank lines between paragraphs do not end a continued quotation
        stack: list[_Open] = []
        i = lstart
        if carried is not None:
            first = _first_nonspace(text, lstart, lend)
            if first < lend and _reopens(text, first, carried.mark):
                carried.pos = first
                carried.content_start = first + len(_mark_at(text, first))
                stack.append(carried)
                i = carried.content_start
            else:  # the previous paragraph's quotation never closed
                found.append(_finish(carried, closed=False))
            carried = None
        while i < lend:
            ch = _mark_at(text, i)
            if ch in DOUBLE_MARKS:
                _handle_double(text, i, ch, stack, found)
            elif ch in _SINGLE_MARKS:
                _handle_single(text, i, ch, stack, found)
            i += len(ch)
        # End of paragraph: the outermost double quotation may continue in the next one.
        outer = stack[0] if stack else None
        if outer is not None:
            span = _strip_span(text, outer.content_start, lend)
            if (
                outer.style == "double"
                and span[0] < span[1]
                and _next_line_reopens(text, lines, line_no, outer.mark)
            ):
                outer.end_part(span, span[1])
                carried = outer
            elif span[0] < span[1] and outer.style == "double":
                # An unclosed single mark is far more often a stray apostrophe than speech.
                outer.end_part(span, span[1])
                found.append(_finish(outer, closed=False))
    if carried is not None:
        found.append(_finish(carried, closed=False))
    found.sort(key=lambda q: q.outer_start)
    return found


def _next_line_reopens(text: str, lines: list[Span], line_no: int, mark: str) -> bool:
    for lstart, lend in lines[line_no + 1 :]:
        first = _first_nonspace(text, lstart, lend)
        if first >= lend:
            continue
        return _reopens(text, first, mark)
    return False


def _reopens(text: str, i: int, mark: str) -> bool:
    """Whether the mark at i continues a quotation opened with ``mark`` a paragraph earlier.

    Straight and typographic marks do not continue each other: scraped text mixes the two
    kinds, and a stray straight mark before a paragraph (‘"Kevin was snoring.’) would
    otherwise carry on through every “…” paragraph after it.
    """
    ch = _mark_at(text, i)
    if ch not in DOUBLE_MARKS or not _opens_here(text, i, len(ch)):
        return False
    return (ch in _STRAIGHT_DOUBLE) == (mark in _STRAIGHT_DOUBLE)


def _finish(entry: _Open, *, closed: bool) -> Quotation:
    return Quotation(
        spans=tuple(entry.done_spans),
        outer=tuple(entry.done_outer),
        style=entry.style,
        closed=closed,
    )


def _close(
    text: str, stack: list[_Open], depth: int, i: int, found: list[Quotation], width: int = 1
) -> None:
    """Close the entry at ``depth`` (and anything left open inside it) at mark position i."""
    entry = stack[depth]
    if depth > 0 and entry.style == "double" and all(e.style == "single" for e in stack[:depth]):
        # Only single marks below a double one: they were apostrophes ("in ‘08"), not quotes.
        depth = 0
    del stack[depth:]
    if depth > 0:
        return  # nested quotations are part of their parent's content
    span = _strip_span(text, entry.content_start, i)
    if span[0] >= span[1]:
        return
    entry.end_part(span, i + width)
    found.append(_finish(entry, closed=True))


def _handle_double(text: str, i: int, ch: str, stack: list[_Open], found: list[Quotation]) -> None:
    open_depth = next(
        (d for d in range(len(stack) - 1, -1, -1) if stack[d].style == "double"), None
    )
    width = len(ch)
    if open_depth is not None and ch in _DOUBLE_CLOSERS[stack[open_depth].mark]:
        ambiguous = (
            ch in ('"', "“", "”", "''")
            and _opens_here(text, i, width)
            and not _closes_here(text, i, width)
        )
        # “ as a closer only where it clearly closes; " and ” where nothing says "opens".
        if not ambiguous and (ch != "“" or _closes_here(text, i) or stack[open_depth].mark == "„"):
            _close(text, stack, open_depth, i, found, width)
            return
    opens = _opens_here(text, i, width)
    if opens and _continues_inline(text, i, ch, stack):
        _start_next_part(text, stack, i, width)
        return
    if len(stack) >= _MAX_DEPTH:
        return  # deeper nesting is noise; a bounded stack keeps the scan linear
    if ch in ("“", "„", "«") or (ch in ('"', "”", "''") and opens):
        stack.append(_Open(ch, i, "double", [], [], i + width))


def _continues_inline(text: str, i: int, ch: str, stack: list[_Open]) -> bool:
    """Whether an opening mark inside the outermost quotation re-opens it after a joined
    paragraph break: a sentence ends right before it and it is the opener's own kind
    (straight after straight, “ after “), where a nested quotation would take single marks.
    """
    if not stack or stack[0].style != "double" or any(e.style == "double" for e in stack[1:]):
        return False
    opener = stack[0].mark
    if (ch in _STRAIGHT_DOUBLE) != (opener in _STRAIGHT_DOUBLE) or ch not in (opener, "“"):
        return False
    k = i - 1
    while k > stack[0].content_start and text[k] == " ":
        k -= 1
    return k < i - 1 and text[k] in ".?!…"


def _start_next_part(text: str, stack: list[_Open], i: int, width: int) -> None:
    """End the outermost quotation's current part before the mark at i; the next part
    starts after it (single marks left open inside were apostrophes)."""
    entry = stack[0]
    del stack[1:]
    span = _strip_span(text, entry.content_start, i)
    entry.end_part(span, span[1])
    entry.pos = i
    entry.content_start = i + width


def _handle_single(text: str, i: int, ch: str, stack: list[_Open], found: list[Quotation]) -> None:
    top = stack[-1] if stack else None
    if (
        top is not None
        and top.style == "single"
        and ch in _SINGLE_CLOSE.get(top.mark, "")
        and _closes_here(text, i)
    ):
        _close(text, stack, len(stack) - 1, i, found)
        return
    if (
        ch in _SINGLE_OPEN
        and _opens_here(text, i)
        and (i + 1 < len(text))
        and (text[i + 1].isalpha() or text[i + 1] in "….")
        and len(stack) < _MAX_DEPTH
    ):
        stack.append(_Open(ch, i, "single", [], [], i + 1))


def quoted_mask(text: str, quotations: list[Quotation]) -> list[bool]:
    """Per character: inside the marks (marks included) of some quotation."""
    mask = [False] * len(text)
    for q in quotations:
        for s, e in q.outer:
            for k in range(s, min(e, len(text))):
                mask[k] = True
    return mask
