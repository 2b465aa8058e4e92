"""Hypothesis strategies that turn a seed file into a damaged or hostile one, and the fixed
set of hostile files written by hand (entity bombs, external entities, bogus encodings, zip
bombs, named pipes, devices …). Used by bench/fuzz_inputs.py and, with a small fixed budget,
by tests/interchange/test_fuzz_parsers.py."""

from __future__ import annotations

import io
import json
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

# Texts that have broken parsers before, or might: formulas, huge numbers, odd dates, control
# characters, markup, very long runs.
NASTY_TEXT = ["", " ", "=1+1", "@SUM(A1)", "-2+3", "+cmd|' /C calc'!A0", "#N/A", "1e308", "-1e308", "NaN",
              "9" * 400, "-0", "0x1F", "19O1.13", "1975.13", "0000.00", "2024-02-30", "9999年99月",
              "\x00", "\x1b[31m", "\ud7ff", "\ufeff", "\u202e", "𠀀㐂", "]]>", "<![CDATA[x]]>", "&amp;&lt;",
              "&#0;", "&#xD800;", "\r\n\r\n", "\t", "a" * 70_000, "行\n" * 3000, "@" * 10, "'; DROP TABLE cadre; --"]
NASTY_NUMBERS = ["0", "-1", "4294967296", "18446744073709551617", "1e400", "-99999999999", "nan", "inf", "",
                 "1.5", "0x10", "A1", "XFD1048576", "A1:XFD1048576", "99999999"]
BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                   for i in range(1, 10))
        + b"]><Person><XingMing>&lol9;</XingMing></Person>")
XXE = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Person><XingMing>&x;</XingMing></Person>'
ENCODINGS = ["UTF-8", "GBK", "gb2312", "UTF-16", "utf-7", "undefined", "rot13", "unicode_escape", "EBCDIC-CP-US",
             "x-bogus", "", "latin-1", "big5", "UTF-32", "idna"]

nasty_text = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=60),
                       st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                                      blacklist_categories=("Cs",)), max_size=40))


# --- bytes ------------------------------------------------------------------------------------

def _apply(data: bytes, ops: list[tuple[str, float, bytes]]) -> bytes:
    buf = bytearray(data)
    for op, where, payload in ops:
        at = int(where * len(buf)) if buf else 0
        if op == "flip" and buf:
            buf[min(at, len(buf) - 1)] ^= 1 << (payload[0] % 8 if payload else 0)
        elif op == "set" and buf:
            buf[at:at + len(payload)] = payload
        elif op == "insert":
            buf[at:at] = payload
        elif op == "delete":
            del buf[at:at + 1 + (payload[0] if payload else 0) * 16]
        elif op == "truncate":
            del buf[at:]
        elif op == "repeat":
            chunk = bytes(buf[at:at + 64])
            buf[at:at] = chunk * (1 + (payload[0] % 50 if payload else 1))
    return bytes(buf)


byte_ops = st.lists(st.tuples(st.sampled_from(["flip", "set", "insert", "delete", "truncate", "repeat"]),
                              st.floats(0, 1), st.binary(min_size=1, max_size=32)), min_size=1, max_size=6)


def bytes_of(data: bytes) -> st.SearchStrategy[bytes]:
    return byte_ops.map(lambda ops: _apply(data, ops))


# --- XML --------------------------------------------------------------------------------------

_TEXT = re.compile(rb">([^<]*)<")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_TAG = re.compile(rb"<(\w[\w:.-]*)[^>]*>")


def _pick(matches: list[re.Match[bytes]], where: float) -> re.Match[bytes] | None:
    return matches[min(int(where * len(matches)), len(matches) - 1)] if matches else None


@st.composite
def xml_of(draw: st.DrawFn, data: bytes) -> bytes:
    """A structure-aware mutation of an XML document (kept as bytes: the result may be any mess)."""
    how = draw(st.sampled_from(["text", "text", "attr", "attr", "tag", "dtd", "encoding", "nest", "bytes",
                                "recode", "drop"]))
    where = draw(st.floats(0, 1))
    if how == "text":
        m = _pick(list(_TEXT.finditer(data)), where)
        value = draw(nasty_text).encode("utf-8", "surrogatepass")
        return data if m is None else data[:m.start(1)] + value + data[m.end(1):]
    if how == "attr":
        m = _pick(list(_ATTR.finditer(data)), where)
        value = draw(st.one_of(st.sampled_from(NASTY_NUMBERS), nasty_text)).encode("utf-8", "surrogatepass")
        return data if m is None else data[:m.start(2)] + value.replace(b'"', b"'") + data[m.end(2):]
    if how == "tag":
        m = _pick(list(_TAG.finditer(data)), where)
        if m is None:
            return data
        action = draw(st.sampled_from(["rename", "duplicate", "remove"]))
        if action == "rename":
            return data[:m.start(1)] + draw(st.sampled_from([b"x", b"row", b"c", b"v", b"Person", b"sheetData"])) + \
                data[m.end(1):]
        if action == "duplicate":
            return data[:m.start()] + m.group() * draw(st.integers(2, 200)) + data[m.start():]
        return data[:m.start()] + data[m.end():]
    if how == "dtd":
        head = draw(st.sampled_from([BOMB.split(b"<Person>")[0], XXE.split(b"<Person>")[0],
                                     b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">']))
        body = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data)
        return head + body
    if how == "encoding":
        name = draw(st.sampled_from(ENCODINGS)).encode()
        if re.match(rb"^\s*<\?xml", data):
            return re.sub(rb'encoding="[^"]*"', b'encoding="' + name + b'"', data, count=1)
        return b'<?xml version="1.0" encoding="' + name + b'"?>' + data
    if how == "nest":
        depth = draw(st.integers(100, 100_000))
        m = _pick(list(_TEXT.finditer(data)), where)
        at = m.start(1) if m else len(data)
        return data[:at] + b"<a>" * depth + b"</a>" * depth + data[at:]
    if how == "recode":
        codec = draw(st.sampled_from(["gb18030", "utf-16-le", "utf-16", "big5", "latin-1"]))
        return data.decode("utf-8", "replace").encode(codec, "replace")
    if how == "drop":
        return data[: int(where * len(data))]
    return draw(bytes_of(data))


@st.composite
def cell_of(draw: st.DrawFn, data: bytes) -> bytes:
    """One text node or attribute value replaced, the document otherwise intact."""
    where = draw(st.floats(0, 1))
    if draw(st.booleans()):
        m = _pick(list(_TEXT.finditer(data)), where)
        value = draw(st.one_of(nasty_text, st.sampled_from(NASTY_NUMBERS)))
        value = value.replace("&", "&amp;").replace("<", "&lt;") if draw(st.booleans()) else value
        return data if m is None else data[:m.start(1)] + value.encode("utf-8", "surrogatepass") + data[m.end(1):]
    m = _pick(list(_ATTR.finditer(data)), where)
    value = draw(st.one_of(st.sampled_from(NASTY_NUMBERS), st.sampled_from(["s", "n", "b", "e", "d", "str",
                                                                            "inlineStr", "A1", "ZZZ9"])))
    return data if m is None else data[:m.start(2)] + value.encode() + data[m.end(2):]


@st.composite
def cells_of(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 5))):
        data = draw(cell_of(data))
    return data


def document_of(data: bytes) -> st.SearchStrategy[bytes]:
    """Half the time the values only, half the time the structure too."""
    return st.one_of(cells_of(data), xml_of(data))


# --- zip containers (xlsx, zip of forms) ------------------------------------------------------

@st.composite
def zip_of(draw: st.DrawFn, members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    how = draw(st.sampled_from(["cells"] * 6 + ["member"] * 4 + ["drop", "add", "raw", "sizes", "method", "bomb"]))
    items = [(i.filename, d) for i, d in members]
    values = [n for n, (name, _d) in enumerate(items) if "worksheets/sheet" in name or "sharedStrings" in name
              or name.endswith(".lrmx")]
    if how == "cells" and values:
        # The values a clerk types: each mutation lands on a cell's text or one of its attributes.
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.sampled_from(values))
            name, content = items[at]
            items[at] = (name, draw(cell_of(content)))
        return _write_zip(items)
    if how == "raw":
        return draw(bytes_of(_write_zip(items)))
    if how == "sizes":
        return _lie_about_sizes(_write_zip(items), draw(st.integers(0, 2**32 - 1)))
    if how == "method":
        return _set_method(_write_zip(items), draw(st.sampled_from([1, 6, 9, 12, 14, 95, 99])))
    if how == "bomb":
        at = draw(st.integers(0, len(items) - 1))
        items[at] = (items[at][0], items[at][1] + b" " * (64 * 2**20))
        return _write_zip(items)
    at = draw(st.integers(0, len(items) - 1))
    if how == "drop":
        del items[at]
    elif how == "add":
        items.append((draw(st.sampled_from(["xl/worksheets/sheet9.xml", "../evil.xml", "/abs.xml", "a" * 300,
                                            items[at][0]])), draw(st.binary(max_size=200))))
    else:
        name, content = items[at]
        mutated = draw(xml_of(content)) if name.endswith((".xml", ".rels", ".lrmx")) else draw(bytes_of(content))
        items[at] = (name, mutated)
    return _write_zip(items)


def _write_zip(items: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # duplicate member names are one of the mutations
        for name, content in items:
            z.writestr(name, content)
    return out.getvalue()


def _headers(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x01\x02", data)]


def _lie_about_sizes(data: bytes, size: int) -> bytes:
    """Every central-directory entry claims `size` bytes uncompressed."""
    buf = bytearray(data)
    for at in _headers(data):
        struct.pack_into("<I", buf, at + 24, size)
    return bytes(buf)


def _set_method(data: bytes, method: int) -> bytes:
    buf = bytearray(data)
    for at in _headers(data):
        struct.pack_into("<H", buf, at + 10, method)
    return bytes(buf)


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 2**20))
    return out.getvalue()


# --- JSON -------------------------------------------------------------------------------------

json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), nasty_text),
                           lambda children: st.one_of(st.lists(children, max_size=4),
                                                      st.dictionaries(st.text(max_size=10), children, max_size=4)),
                           max_leaves=12)


def _replace_somewhere(doc: Any, path: list[int], value: Any) -> Any:
    if not path or not isinstance(doc, (dict, list)) or not doc:
        return value
    keys = list(doc) if isinstance(doc, dict) else list(range(len(doc)))
    key = keys[path[0] % len(keys)]
    doc[key] = _replace_somewhere(doc[key], path[1:], value)
    return doc


@st.composite
def json_of(draw: st.DrawFn, data: bytes, fix: Callable[[Any], Any] | None = None) -> bytes:
    """A JSON file with a node replaced, nested absurdly deep, or its bytes damaged; `fix`
    (when given) repairs what a forger would repair, such as a checksum."""
    how = draw(st.sampled_from(["node", "node", "node", "deep", "bytes", "type"]))
    if how == "bytes":
        return draw(bytes_of(data))
    if how == "deep":
        depth = draw(st.integers(50, 200_000))
        return b"[" * depth + b"]" * depth if draw(st.booleans()) else b'{"a":' * depth + b"1" + b"}" * depth
    doc = json.loads(data)
    if how == "type":
        doc = draw(json_values)
    else:
        doc = _replace_somewhere(doc, draw(st.lists(st.integers(0, 1000), min_size=1, max_size=6)), draw(json_values))
    if fix is not None and isinstance(doc, dict):
        doc = fix(doc)
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
