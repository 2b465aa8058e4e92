"""Who signs a report file, and whom a receiving database believes.

A district office and the city share no network, so the city cannot ask the district's
database whether a file is genuine. Each reporting database therefore holds an Ed25519
signing key of its own (made the first time it reports, kept in the setting
"report_file.signing_key"), and signs every report file with it; the file carries the
public half. The city believes a file only when that public key is one it has registered
(setting "report_file.districts"), once, after comparing its fingerprint with the district
by phone or on paper — the way a certificate's fingerprint is compared. A file signed by any
other key is refused as foreign, whatever it contains.

The private key lives inside the (encrypted) database, like the audit chain's key: whoever
can open the district's database can sign as the district, and nobody else can. It is
written with a plain statement, so the audit log records that a key was made and its
fingerprint, never the key itself, and a field-laptop package does not carry it
(packages/export.py leaves "report_file.*" settings out). A backup keeps it, so a restored
district keeps its identity.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import insert
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.models import Setting
from desktop.models.base import utcnow
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace

OWN_KEY = "report_file.signing_key"
DISTRICTS = "report_file.districts"
_FINGERPRINT_INFO = b"frontline-report-signing-key"


@dataclass(frozen=True)
class District:
    fingerprint: str
    name: str
    public_key: bytes
    registered_at: str
    registered_by: str


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(public_raw: bytes) -> str:
    """32 hexadecimal digits in groups of four (AB12 CD34 …): short enough to read out on the
    phone, long enough (128 bits) that nobody can make a key with the same one."""
    digest = hashlib.sha256(_FINGERPRINT_INFO + public_raw).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def same_fingerprint(typed: str, actual: str) -> bool:
    def bare(text: str) -> str:
        return "".join(ch for ch in text.upper() if ch.isalnum())

    return bool(bare(typed)) and bare(typed) == bare(actual)


def _private(session: Session) -> Ed25519PrivateKey | None:
    row = session.get(Setting, OWN_KEY)
    value = row.value if row is not None else None
    if not isinstance(value, dict) or not isinstance(value.get("private"), str):
        return None
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(value["private"], validate=True))
    except (ValueError, binascii.Error):
        raise FrontlineError("本数据库的上报签名密钥已损坏，无法签名。请从备份恢复") from None


def own_fingerprint(session: Session) -> str | None:
    """This database's signing fingerprint, or None before its first report file."""
    key = _private(session)
    return None if key is None else fingerprint(public_bytes(key.public_key()))


def signing_key(ws: Workspace) -> Ed25519PrivateKey:
    """This database's signing key, made (and its making audited) the first time."""

    def op(ctx: OpContext) -> Ed25519PrivateKey:
        found = _private(ctx.session)
        if found is not None:
            return found
        made = Ed25519PrivateKey.generate()
        raw = made.private_bytes_raw()
        ctx.session.execute(insert(Setting.__table__).values(  # type: ignore[arg-type]
            key=OWN_KEY, value={"private": base64.b64encode(raw).decode("ascii"), "created_at": utcnow().isoformat()},
            updated_at=utcnow()))
        ctx.record("report_file", kind="create",
                   after={"signing_key": fingerprint(public_bytes(made.public_key()))})
        return made

    with ws.read("report_file.export") as s:
        found = _private(s)
    return found if found is not None else ws.run("report_file.key", op).value


def _registry(session: Session) -> dict[str, dict[str, Any]]:
    row = session.get(Setting, DISTRICTS)
    value = row.value if row is not None else None
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, dict)}


def _district(fp: str, entry: dict[str, Any]) -> District | None:
    try:
        raw = base64.b64decode(str(entry.get("public_key", "")), validate=True)
    except (ValueError, binascii.Error):
        return None
    if len(raw) != 32 or fingerprint(raw) != fp:
        return None  # an entry that does not hold together trusts nobody
    return District(fp, str(entry.get("name", "")), raw, str(entry.get("registered_at", "")),
                    str(entry.get("registered_by", "")))


def districts(session: Session) -> list[District]:
    found = (_district(fp, entry) for fp, entry in _registry(session).items())
    return sorted((d for d in found if d is not None), key=lambda d: (d.name, d.fingerprint))


def trusted(session: Session, public_raw: bytes) -> District | None:
    fp = fingerprint(public_raw)
    entry = _registry(session).get(fp)
    return None if entry is None else _district(fp, entry)


def trust(ws: Workspace, name: str, public_raw: bytes, typed: str) -> District:
    """Register a district's signing key. `typed` is the fingerprint the district read out:
    it must be this key's, so that nobody registers a key without comparing it."""
    fp = fingerprint(public_raw)
    if not same_fingerprint(typed, fp):
        raise FrontlineError(f"输入的指纹与文件中的签名密钥不符（文件中的是 {fp}）。请与报送单位再次核对，没有登记")

    def op(ctx: OpContext) -> District:
        if own_fingerprint(ctx.session) == fp:
            raise FrontlineError("这是本数据库自己的签名密钥，不能登记为下级报送单位")
        registry = _registry(ctx.session)
        entry = {"name": name, "public_key": base64.b64encode(public_raw).decode("ascii"),
                 "registered_at": utcnow().isoformat(), "registered_by": ws.actor.username}
        registry[fp] = entry
        row = ctx.session.get(Setting, DISTRICTS)
        if row is None:
            ctx.session.add(Setting(key=DISTRICTS, value=registry))
        else:
            row.value = registry
        found = _district(fp, entry)
        assert found is not None
        return found

    return ws.run("report_file.trust", op).value


def untrust(ws: Workspace, typed: str) -> District:
    """Remove a registered district: its files are refused from now on."""

    def op(ctx: OpContext) -> District:
        registry = _registry(ctx.session)
        fp = next((k for k in registry if same_fingerprint(typed, k)), None)
        found = _district(fp, registry[fp]) if fp is not None else None
        if fp is None or found is None:
            raise FrontlineError(f"没有登记指纹为 {typed} 的报送单位")
        del registry[fp]
        row = ctx.session.get(Setting, DISTRICTS)
        assert row is not None
        row.value = registry
        return found

    return ws.run("report_file.trust", op).value
