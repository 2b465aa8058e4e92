"""A throw-away PostgreSQL server for tests and benchmarks (the distribution's own binaries).

`initdb` into a fresh folder, listen on a unix socket inside it (and on a free loopback port,
with TLS from a self-signed certificate, for the tests of passwords and TLS), stop and delete
it at the end. PostgreSQL refuses to run as root: as root the server runs as the `postgres`
user (made by the Debian package) or `nobody`, through `setpriv`, on a folder it owns; as an
ordinary user it runs as that user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "frontline_test"
PASSWORD = "Pg-Secret-123"
# The program's administrator account as a server account, like conftest's "admin" in a file.
ADMIN, ADMIN_PASSWORD = "admin", "Secret-123"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: Debian keeps them out of PATH, per major version."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def missing() -> str:
    """Why no test server can be started here ('' if one can)."""
    if binaries() is None:
        return ("找不到 PostgreSQL（initdb）：请运行 scripts/system-packages.sh 或 "
                "apt-get install postgresql；PostgreSQL 后端的测试无法运行")
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """Whom the server runs as when we are root (None: as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise RuntimeError("以 root 运行测试时需要 postgres 或 nobody 用户来运行 PostgreSQL")


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    crt, pem = folder / "server.crt", folder / "server.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    pem.chmod(0o600)
    return crt, pem


@dataclass
class TestServer:
    folder: Path
    port: int
    bin: Path
    user: pwd.struct_passwd | None

    @functools.cached_property
    def version(self) -> int:
        """The server's version as a number (150018 for 15.18)."""
        return int(self.psql("SHOW server_version_num"))

    @property
    def socket_dir(self) -> Path:
        return self.folder / "run"

    def url(self, database: str, user: str = SUPERUSER) -> str:
        """A URL over the unix socket (no password, no TLS: the folder is ours)."""
        return f"postgresql://{user}@/{database}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, database: str, user: str = SUPERUSER, sslmode: str = "require") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}?sslmode={sslmode}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            cmd = ["setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}", "--clear-groups", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, cwd=self.folder)

    def psql(self, sql: str, database: str = "postgres") -> str:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname=database,
                             autocommit=True) as conn:
            cur = conn.execute(sql)  # type: ignore[arg-type]  # test SQL, written here
            return "" if cur.description is None else "\n".join(str(r[0]) for r in cur.fetchall())

    def create_database(self, name: str, owner: str = "") -> str:
        """An empty database (owned by `owner`, the administrator account, as an office sets it up)."""
        owner = owner or ADMIN
        self.psql(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return self.url(name, owner)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


# Room the server's folder needs in memory: the two templates and the few databases the test
# process holds at once (each test's copy is dropped after it), with a wide margin.
_MEMORY_FOLDER_ROOM = 2 * 1024**3


def _parent_folder() -> str | None:
    """Where the server's folder goes: memory (/dev/shm) where there is room, since copying a
    template database and dropping it took 0.5–1.5 s per test on the CI's shared disk and takes
    0.1 s in memory; else the system's own temporary folder, not tempfile's current one (a test
    before may have pointed that at the program's private folder, services/traces.py, closed to
    the server's user)."""
    shm = "/dev/shm"
    with contextlib.suppress(OSError):
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK) and st.f_bavail * st.f_frsize >= _MEMORY_FOLDER_ROOM:
            return shm
    return "/tmp" if os.path.isdir("/tmp") else None


def start() -> TestServer:
    """initdb and start a server in a new folder under the system's temporary folder (not
    pytest's: as root that one is closed to the server's user)."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError(missing())
    user = _server_user()
    folder = Path(tempfile.mkdtemp(prefix="frontline-pg-", dir=_parent_folder()))
    server = TestServer(folder, _free_port(), bin_dir, user)
    (folder / "run").mkdir()
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD)
    crt, pem = _self_signed(folder)
    if user is not None:
        for p in (folder, folder / "run", pwfile, crt, pem):
            os.chown(p, user.pw_uid, user.pw_gid)
    server._run("initdb", "-D", str(folder / "data"), "-U", SUPERUSER, f"--pwfile={pwfile}", "-E", "UTF8",
                "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
    conf = (f"listen_addresses = '127.0.0.1'\nport = {server.port}\nunix_socket_directories = '{folder / 'run'}'\n"
            f"ssl = on\nssl_cert_file = '{crt}'\nssl_key_file = '{pem}'\nfsync = off\n"
            "synchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n")
    with open(folder / "data" / "postgresql.auto.conf", "a", encoding="utf-8") as f:
        f.write(conf)
    result = server._run("pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-t", "60",
                         "start", check=False)
    if result.returncode != 0:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL 测试服务器未能启动：{result.stderr}\n{log}")
    # `pg_ctl -w` returns once the server accepts connections, so its socket is there by now.
    if not (folder / "run" / f".s.PGSQL.{server.port}").exists():
        raise RuntimeError(f"PostgreSQL 测试服务器已启动，但没有它的套接字：{folder / 'run'}")
    server.psql(f"CREATE ROLE {ADMIN} LOGIN CREATEDB CREATEROLE PASSWORD '{ADMIN_PASSWORD}'")
    return server
