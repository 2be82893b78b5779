"""Text helpers shared by the Slack and Teams channels (no Rasa imports).

`split_text` cuts long answers into pieces that fit a platform limit, preferring
paragraph, then line, then sentence, then word boundaries. Nothing but the
whitespace at a cut is ever removed, so no part of an answer is silently dropped.
"""
import re
from typing import List

# Tried in order; the first one that leaves a reasonably long first piece wins.
_SEPARATORS = ("\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " ")


def _unclosed_angle(piece: str) -> int:
    """Index of a `<` in `piece` that has no matching `>` (Slack link markup), or -1."""
    last_open = piece.rfind("<")
    if last_open != -1 and piece.rfind(">") < last_open:
        return last_open
    return -1


def split_text(text: str, limit: int) -> List[str]:
    """Split `text` into stripped pieces of at most `limit` characters each.

    Never cuts inside `<...>` markup (Slack links/mentions) when a cut outside
    one exists. An empty or whitespace-only text gives an empty list.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    rest = (text or "").strip()
    pieces: List[str] = []
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = keep = -1
        # accept a boundary only if the first piece keeps at least a quarter of the
        # limit; otherwise try the next (finer) kind of boundary
        for minimum in (limit // 4, 1):
            for sep in _SEPARATORS:
                idx = window.rfind(sep)
                # the piece keeps the punctuation of a sentence separator
                kept = idx + len(sep.rstrip())
                if idx >= minimum and kept <= limit:
                    candidate = rest[:kept]
                    if _unclosed_angle(candidate) == -1:
                        cut, keep = idx + len(sep), kept
                        break
            if cut != -1:
                break
        if cut == -1:
            # hard cut, but not inside <...> markup if avoidable
            keep = cut = limit
            open_at = _unclosed_angle(rest[:limit])
            if open_at > 0:
                keep = cut = open_at
        piece = rest[:keep].strip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+|mailto:[^)\s]+)\)")
_MD_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def markdown_to_mrkdwn(text: str) -> str:
    """Convert the Markdown used in responses to Slack mrkdwn.

    Escapes `&`, `<`, `>` (Slack's control characters) so user-visible text can
    never form Slack markup, then turns `[title](url)` into `<url|title>`,
    `**bold**` into `*bold*` and `# Heading` into `*Heading*`.
    """
    text = text or ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def link(match: "re.Match[str]") -> str:
        title = match.group(1).replace("|", "\u2223")
        return f"<{match.group(2)}|{title}>"

    text = _MD_LINK.sub(link, text)
    text = _MD_BOLD.sub(r"*\1*", text)
    text = _MD_HEADING.sub(r"*\1*", text)
    return text


def chunks(items: list, size: int) -> List[list]:
    """`items` in consecutive lists of at most `size`."""
    return [items[i : i + size] for i in range(0, len(items), size)]


# A result card's own labels (actions/cards.py `labels`), in English for a card that carries none.
CARD_LABELS = {"stay": "Stay", "fees": "Fees", "official_page": "Official page"}


def card_labels(card: dict) -> dict:
    """The card's labels in the conversation's language, English for any the card lacks."""
    given = card.get("labels") or {}
    return {key: given.get(key) or english for key, english in CARD_LABELS.items()}


def is_chinese_card(card: dict) -> bool:
    return str(card.get("language") or "").startswith("zh")


def label_separator(card: dict) -> str:
    """What follows a label or a name: "Stay: ..." in English, 「逗留期限：...」 in Chinese."""
    return "：" if is_chinese_card(card) else ": "


def result_card_text(card: dict) -> str:
    """A result card (actions/cards.py) as plain text: what is said first, one line per scheme with
    its deciding reason, then the notes. Stay, fees and links are left to the follow-ups."""
    parts = [line for line in card.get("intro") or [] if line]
    results = card.get("results") or []
    if results:
        separator = label_separator(card)
        lines = [f"- {r.get('label') or r.get('name')}" + (f"{separator}{r['reason']}" if r.get("reason") else "")
                 for r in results]
        heading = card.get("heading") or ""
        parts.append((heading + "\n" if heading else "") + "\n".join(lines))
    parts += [line for line in card.get("notes") or [] if line]
    return "\n\n".join(parts)
