"""The office server as the window and the command line see it (they never import the store):
telling a server address from a file path, building one from the connection dialog's fields,
and the refusal that an administrator may answer by upgrading (store/server.py)."""

from __future__ import annotations

from desktop.store.server import TLS_MODES, SchemaOutdated, ServerAddress, is_server_url

__all__ = ["TLS_MODES", "SchemaOutdated", "ServerAddress", "address_url", "is_server_url"]


def address_url(host: str, port: int, database: str, user: str, sslmode: str) -> str:
    """The address the connection dialog's fields make; refused (in Chinese) as `--db` would be."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host or not database or not user:
        from desktop.errors import FrontlineError

        raise FrontlineError("请填写服务器、数据库和账户")
    address = ServerAddress(host, database, user, port, sslmode)
    address.check_tls()
    return address.url()
