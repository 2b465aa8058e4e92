"""Recovery keys: a printable code that opens the database when every password is lost.

Crockford base32 (no I, L, O, U), 30 characters in six groups of five: 150 bits, easy to read
aloud and to type back from paper. Typing is forgiving: case, spaces and dashes are ignored,
O is read as 0 and I or L as 1.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 6
GROUP_LEN = 5
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    return "-".join(chars[i:i + GROUP_LEN] for i in range(0, len(chars), GROUP_LEN))


def normalize(text: str) -> str | None:
    """The canonical form of a typed recovery key, or None if it cannot be one."""
    compact = "".join(ch for ch in text.upper() if ch not in " -\t").translate(_CONFUSABLE)
    if len(compact) != GROUPS * GROUP_LEN or any(ch not in ALPHABET for ch in compact):
        return None
    return "-".join(compact[i:i + GROUP_LEN] for i in range(0, len(compact), GROUP_LEN))
