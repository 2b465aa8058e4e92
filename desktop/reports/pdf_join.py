"""Joining PDFs this program made (chunks of a batch) without parsing their pages.

A merged batch of 1,000 任免审批表 is 40 chunk PDFs made by the workers. pypdf joins them by
parsing every object into Python values, cloning and writing them again: about 0.6 ms a
page, a second and more of the parent's CPU for 2,000 pages, which on a two-core machine
is taken from the workers. The chunks all come from reportlab (or from this module), whose
files are plain: one cross-reference table, one flat page tree, no object streams, no
encryption. For such files joining is copying: each object's bytes are kept as they are
except its number and the references in its dictionary (never a stream's data), the
chunks' page trees become one, and the document information is the first chunk's, or, when
the caller gives them, its own title and keywords (a batch: the kind's name and the first 20
report numbers, as a single canvas of the whole batch would have them). Anything else — a file of another shape, an
outline, a form, an incremental update — raises NotJoinable and the caller joins with
pypdf instead, so this is only ever a faster way to the same pages.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_XREF_HEAD = re.compile(rb"xref\s+0\s+(\d+)\s*?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r]?[\r\n]")
_OBJ_HEAD = re.compile(rb"(\d+)\s+0\s+obj\b")
_REF = re.compile(rb"(\d+)\s+0\s+R\b")
# In an object's text before its stream: a literal string or a comment (skipped whole, they
# may hold anything), an indirect reference "n 0 R" standing as a token of its own (a
# number in a name such as /F1 is not one), or the stream keyword after the dictionary.
_TOKEN = re.compile(rb"\(|%|(?<![\w.+#/-])(\d+)\s+(\d+)\s+R(?![\w])|>>\s*stream(?:\r\n|\n)")
# What a catalogue or a page-tree node may hold to be joined as a flat list of pages: an
# inherited page attribute (/Resources, /MediaBox, /Rotate …) or an outline would be lost.
_CATALOG_KEYS = {b"/Type", b"/Pages", b"/PageMode", b"/PageLayout"}
_PAGES_KEYS = {b"/Type", b"/Count", b"/Kids"}
_KEY = re.compile(rb"/[A-Za-z]+")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")


class NotJoinable(Exception):
    """A part this module does not join: the caller uses pypdf instead."""


@dataclass
class Part:
    """One chunk PDF cut into its objects (number → the object's whole text)."""

    version: bytes
    objects: dict[int, bytes]
    pages: list[int]  # the page objects, in order
    tree: int  # the page-tree node the pages name as /Parent
    dropped: set[int]  # catalogue, page tree and document information: made anew
    info: int | None


def parse(pdf: bytes) -> Part:
    if not pdf.startswith(b"%PDF-1."):
        raise NotJoinable("no PDF header")
    version = pdf[5:8]
    tail = _TAIL.search(pdf, max(0, len(pdf) - 64))
    if tail is None:
        raise NotJoinable("no startxref at the end")
    xref_at = int(tail.group(1))
    head = _XREF_HEAD.match(pdf, xref_at)
    if head is None:
        raise NotJoinable("not a single classic cross-reference table")
    count = int(head.group(1))
    offsets: dict[int, int] = {}
    at = head.end()
    for number in range(count):
        entry = _XREF_ENTRY.match(pdf, at)
        if entry is None:
            raise NotJoinable("malformed cross-reference entry")
        at = entry.end()
        if entry.group(3) == b"n":
            if entry.group(2) != b"00000":
                raise NotJoinable("object generation other than 0")
            offsets[number] = int(entry.group(1))
    trailer = pdf[at:tail.start()]
    if not trailer.lstrip().startswith(b"trailer") or any(
            k in trailer for k in (b"/Encrypt", b"/Prev", b"/XRefStm")):
        raise NotJoinable("encrypted, updated or mixed cross-reference")
    root = _required(trailer, b"/Root")
    info = _ref_after(trailer, b"/Info")
    objects: dict[int, bytes] = {}
    starts = sorted(offsets.values())
    following = dict(zip(starts, [*starts[1:], xref_at], strict=True))
    for number, start in offsets.items():
        text = pdf[start:following[start]]
        found = _OBJ_HEAD.match(text)
        cut = text.rfind(b"endobj")
        if found is None or int(found.group(1)) != number or cut < 0:
            raise NotJoinable(f"object {number} is not where the table says")
        objects[number] = text[:cut + len(b"endobj")]
    if root not in objects:
        raise NotJoinable("no catalogue")
    catalog = _dictionary(objects[root])
    _only(catalog, _CATALOG_KEYS, "catalogue")
    tree = _required(catalog, b"/Pages")
    node = _dictionary(objects.get(tree, b""))
    _only(node, _PAGES_KEYS, "page tree")
    kids = _KIDS.search(node)
    if kids is None:
        raise NotJoinable("page tree without a list of pages")
    pages = [int(n) for n in _REF.findall(kids.group(1))]
    for page in pages:
        body = _dictionary(objects.get(page, b""))
        if re.search(rb"/Type\s*/Page\b", body) is None or re.search(rb"/Type\s*/Pages\b", body):
            raise NotJoinable("nested page tree")
    dropped = {root, tree} | ({info} if info is not None else set())
    return Part(version, objects, pages, tree, dropped, info)


def _ref_after(text: bytes, key: bytes) -> int | None:
    found = re.search(re.escape(key) + rb"\s+(\d+)\s+0\s+R\b", text)
    return None if found is None else int(found.group(1))


def _required(text: bytes, key: bytes) -> int:
    found = _ref_after(text, key)
    if found is None:
        raise NotJoinable(f"no {key.decode()}")
    return found


def _dictionary(obj: bytes) -> bytes:
    """A small structural object's text (catalogue, page tree, page) without strings in it:
    these have none in the files joined here; one with a string is not joined."""
    body = obj[obj.find(b"obj") + 3:]
    end = body.find(b"stream")
    body = body if end < 0 else body[:end]
    if b"(" in body or b"%" in body:
        raise NotJoinable("string in a structural object")
    return body


def _only(body: bytes, allowed: set[bytes], what: str) -> None:
    # Keys are names right after "<<" or after a value; names as values (/Catalog, /UseNone)
    # are allowed anyway, so checking every name against keys and values is enough.
    values = {b"/Catalog", b"/Pages", b"/UseNone", b"/UseOutlines", b"/SinglePage", b"/OneColumn"}
    extra = set(_KEY.findall(body)) - allowed - values
    if extra:
        raise NotJoinable(f"{what} holds {sorted(e.decode() for e in extra)}")


def renumber(obj: bytes, number: int, mapping: Callable[[int], int]) -> bytes:
    """The object's text under its new number with every reference in its dictionary mapped;
    a stream's data, strings and comments are copied as they are."""
    head = _OBJ_HEAD.match(obj)
    assert head is not None
    out = [b"%d 0 obj" % number]
    at = head.end()
    while True:
        token = _TOKEN.search(obj, at)
        if token is None:
            out.append(obj[at:])
            break
        first = obj[token.start()]
        if first == 0x28:  # "(": a literal string, balanced parentheses, backslash escapes
            end = _string_end(obj, token.start())
            out.append(obj[at:end])
            at = end
        elif first == 0x25:  # "%": a comment to the end of the line
            end = obj.find(b"\n", token.start())
            end = len(obj) if end < 0 else end
            out.append(obj[at:end])
            at = end
        elif token.group(1) is not None:
            if token.group(2) != b"0":
                raise NotJoinable("reference to a generation other than 0")
            out.append(obj[at:token.start()])
            out.append(b"%d 0 R" % mapping(int(token.group(1))))
            at = token.end()
        else:  # the stream keyword: the rest is the stream's data, endstream and endobj
            out.append(obj[at:])
            break
    return b"".join(out)


def _string_end(data: bytes, start: int) -> int:
    depth, i = 0, start
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise NotJoinable("unterminated string")


def join(parts: Sequence[Part], *, title: str | None = None, keywords: Sequence[str] | None = None) -> bytes:
    """One PDF of the parts' pages in order (NotJoinable when there is nothing to join). Its
    document information is the first part's, with `title` (as title and subject) and
    `keywords` in place of that part's when given: a batch of separately made documents
    is not titled after its first cadre."""
    if not parts:
        raise NotJoinable("nothing to join")
    version = max(p.version for p in parts)
    chunks: list[bytes] = [b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n"]
    offsets: list[int] = []
    size = len(chunks[0])
    kids: list[int] = []
    # Object numbers: the root page tree, the catalogue and the information first, then each
    # part's kept objects in their order.
    tree, catalog, info = 1, 2, 3
    following = 4
    first_info = b""
    for n, part in enumerate(parts):
        new: dict[int, int] = {part.tree: tree}
        for old in sorted(part.objects):
            if old not in part.dropped:
                new[old] = following
                following += 1

        def mapped(old: int, table: dict[int, int] = new) -> int:
            if old not in table:
                raise NotJoinable(f"reference to object {old}, which is not joined")
            return table[old]

        for old in sorted(part.objects):
            if old in part.dropped:
                continue
            text = renumber(part.objects[old], new[old], mapped) + b"\n"
            offsets.append(size)
            chunks.append(text)
            size += len(text)
        kids += [new[p] for p in part.pages]
        if n == 0 and part.info is not None:
            # Title, author, creator, the first report numbers and the stand-in font note.
            first_info = renumber(part.objects[part.info], info, mapped) + b"\n"
    if title is not None or keywords is not None:
        first_info = b"%d 0 obj\n%s\nendobj\n" % (info, _information(parts[0], title, keywords))
    structural = [
        b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [ %s ] >>\nendobj\n"
        % (tree, len(kids), b" ".join(b"%d 0 R" % k for k in kids)),
        b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone >>\nendobj\n" % (catalog, tree),
        first_info or b"%d 0 obj\n<< >>\nendobj\n" % info,
    ]
    head_offsets = []
    for text in structural:
        head_offsets.append(size)
        chunks.append(text)
        size += len(text)
    entries = [b"0000000000 65535 f \n"] + [b"%010d 00000 n \n" % o for o in head_offsets + offsets]
    ident = hashlib.md5(b"".join(chunks), usedforsecurity=False).hexdigest().encode()
    chunks.append(b"xref\n0 %d\n" % len(entries) + b"".join(entries))
    chunks.append(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(entries), catalog, info, ident, ident, size))
    return b"".join(chunks)


def _information(first: Part, title: str | None, keywords: Sequence[str] | None) -> bytes:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject, read_object

    info = DictionaryObject()
    if first.info is not None:
        text = first.objects[first.info]
        head = _OBJ_HEAD.match(text)
        assert head is not None
        found = read_object(io.BytesIO(text[head.end():text.rfind(b"endobj")].strip()), None)
        if not isinstance(found, DictionaryObject) or _REF.search(text[head.end():]):
            raise NotJoinable("document information is not a plain dictionary")
        info.update(found)
    if title is not None:
        info[NameObject("/Title")] = info[NameObject("/Subject")] = TextStringObject(title)
    if keywords is not None:
        info[NameObject("/Keywords")] = TextStringObject(", ".join(keywords))
    out = io.BytesIO()
    info.write_to_stream(out)
    return out.getvalue()
