"""The report file (上报文件) as bytes: a signed header, then an encrypted package database.

    bytes 0-7    b"FLREPORT"
    byte  8      format version (1)
    bytes 9-12   length of the header, big-endian
    header       UTF-8 JSON: who reports (district name, public signing key), when, what
                 (period, kinds, counts), and the SHA-256 and size of the payload
    64 bytes     Ed25519 signature of everything before it
    payload      a package database (packages/file.py: SQLCipher, its key derived from the
                 report password), holding the records

The signature covers the header, and the header the payload's digest, so changing any byte
of the file is noticed before the payload is decrypted; the payload's own page HMACs would
notice it too, but only a signature tells the city *who* wrote the file. Reading stops at
sizes no report could have (a header of more than 1 MB), so a hostile file cannot exhaust
memory; the payload is hashed and copied out in chunks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop import safe_read
from desktop.interchange.errors import FileRefused

MAGIC = b"FLREPORT"
VERSION = 1
SUFFIX = ".flrpt"
MAX_HEADER = 2**20
SIGNATURE = 64
CHUNK = 2**20


@dataclass(frozen=True)
class Sealed:
    """A report file whose signature and payload digest hold (not yet: whether it is trusted)."""

    header: dict[str, Any]
    public_key: bytes
    payload_offset: int
    payload_size: int


def _prefix(header: bytes) -> bytes:
    return MAGIC + bytes([VERSION]) + struct.pack(">I", len(header))


def write(out: BinaryIO, header: dict[str, Any], payload: Path, key: Ed25519PrivateKey) -> None:
    """Write a report file to `out`: `header` completed with the payload's digest and size."""
    digest = hashlib.sha256()
    size = 0
    with open(payload, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    body = json.dumps({**header, "payload_sha256": digest.hexdigest(), "payload_size": size},
                      ensure_ascii=False, sort_keys=True).encode()
    signed = _prefix(body) + body
    out.write(signed)
    out.write(key.sign(signed))
    with open(payload, "rb") as fh:
        while chunk := fh.read(CHUNK):
            out.write(chunk)


def is_report(path: Path | str) -> bool:
    if not Path(path).is_file():  # a named pipe would block the read below for ever
        return False
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _header(fh: BinaryIO, name: str) -> tuple[bytes, dict[str, Any]]:
    start = fh.read(len(MAGIC) + 5)
    if len(start) < len(MAGIC) + 5 or start[:len(MAGIC)] != MAGIC:
        raise FileRefused(f"{name} 不是一线考核的上报文件")
    if start[len(MAGIC)] != VERSION:
        raise FileRefused(f"{name} 是更新版本的程序写的上报文件，请升级一线考核后再接收")
    (length,) = struct.unpack(">I", start[len(MAGIC) + 1:])
    body = fh.read(length) if length <= MAX_HEADER else b""
    if len(body) != length or not body:
        raise FileRefused(f"上报文件 {name} 不完整或已损坏（文件头长度不对），没有导入任何数据")
    try:
        header = safe_read.parse_json(body)
    except ValueError:
        header = None
    if not isinstance(header, dict):
        raise FileRefused(f"上报文件 {name} 的文件头已损坏，没有导入任何数据")
    return start + body, header


def open_sealed(path: Path | str, target: Path | None = None, name: str | None = None) -> Sealed:
    """The file's header once its signature and payload digest hold, with the payload copied
    to `target` (in the same pass, so what is checked is what is used); FileRefused saying
    what is wrong otherwise. Who signed it is for the caller to judge (keys.trusted)."""
    path = Path(path)
    name = name or path.name
    if not path.exists():
        raise FileRefused(f"找不到上报文件 {path}")
    safe_read.check_regular(path, name)
    changed = f"上报文件 {name} 在报送之后被改动过或已损坏（签名不符），没有导入任何数据。请报送单位重新导出"
    try:
        with open(path, "rb") as fh:
            signed, header = _header(fh, name)
            signature = fh.read(SIGNATURE)
            offset = fh.tell()
            raw = header.get("public_key")
            try:
                public = bytes.fromhex(raw) if isinstance(raw, str) else b""
                Ed25519PublicKey.from_public_bytes(public).verify(signature, signed)
            except (ValueError, InvalidSignature):
                raise FileRefused(changed) from None
            digest = hashlib.sha256()
            size = 0
            with open(target, "wb") if target is not None else contextlib.nullcontext() as out:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    if out is not None:
                        out.write(chunk)
    except OSError as exc:
        raise FileRefused(f"无法读取上报文件 {name}：{exc.strerror or exc}") from None
    if size != header.get("payload_size") or digest.hexdigest() != header.get("payload_sha256"):
        raise FileRefused(changed)
    return Sealed(header, public, offset, size)
