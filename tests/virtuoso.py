"""Start a throw-away Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1 for integration tests.

    with VirtuosoServer() as server:
        store = open_store(server.store_spec)

The database lives in a temp folder; the server is stopped by its PID. SPARQL update rights
for the anonymous endpoint are granted through isql, so tests can write over plain HTTP.
"""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BINARY = "virtuoso-t"
ISQL = "isql-vt"
TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def unavailable_reason() -> str | None:
    """Why Virtuoso cannot start here, or None when it can."""
    if shutil.which(BINARY) is None:
        return f"{BINARY} not installed (apt-get install virtuoso-opensource)"
    if shutil.which(ISQL) is None:
        return f"{ISQL} not installed (it ships with virtuoso-opensource)"
    if not TEMPLATE.is_file():
        return f"{TEMPLATE} missing (reinstall virtuoso-opensource)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VirtuosoServer:
    """One Virtuoso process with its database in a temp folder, on free loopback ports."""

    def __init__(self, startup_timeout: float = 60.0):
        self.startup_timeout = startup_timeout
        self.dir = Path(tempfile.mkdtemp(prefix="kgraph-virtuoso-"))
        self.sql_port = _free_port()
        self.http_port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def store_spec(self) -> str:
        return f"sparql+http://127.0.0.1:{self.http_port}/sparql?gsp=/sparql-graph-crud"

    @property
    def update_only_spec(self) -> str:
        """The same server written through SPARQL Update only (no Graph Store Protocol)."""
        return f"sparql+http://127.0.0.1:{self.http_port}/sparql"

    def _write_ini(self) -> Path:
        ini = configparser.ConfigParser(
            strict=False, interpolation=None, inline_comment_prefixes=(";",)
        )
        ini.optionxform = str  # Virtuoso's keys are case-sensitive CamelCase
        ini.read(TEMPLATE)
        db = self.dir
        ini["Database"].update(
            DatabaseFile=str(db / "virtuoso.db"),
            ErrorLogFile=str(db / "virtuoso.log"),
            LockFile=str(db / "virtuoso.lck"),
            TransactionFile=str(db / "virtuoso.trx"),
            xa_persistent_file=str(db / "virtuoso.pxa"),
        )
        ini["TempDatabase"].update(
            DatabaseFile=str(db / "virtuoso-temp.db"),
            TransactionFile=str(db / "virtuoso-temp.trx"),
        )
        ini["Parameters"].update(
            ServerPort=f"127.0.0.1:{self.sql_port}",
            DirsAllowed=f"., {db}, /usr/share/virtuoso-opensource-7/vad",
            NumberOfBuffers="20000",
            MaxDirtyBuffers="15000",
            CheckpointInterval="0",  # a test database: no periodic checkpoints mid-benchmark
        )
        ini["HTTPServer"].update(ServerPort=f"127.0.0.1:{self.http_port}")
        ini["SPARQL"].update(ResultSetMaxRows="1000000", MaxQueryExecutionTime="120")
        if "Plugins" in ini:
            ini.remove_section("Plugins")  # hosting plugins are not needed and slow the start
        path = db / "virtuoso.ini"
        with path.open("w") as handle:
            ini.write(handle)
        return path

    def start(self) -> VirtuosoServer:
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        ini = self._write_ini()
        self.process = subprocess.Popen(
            [BINARY, "+configfile", str(ini), "+foreground"],
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._wait_ready()
        self.isql(
            'GRANT SPARQL_UPDATE TO "SPARQL";',
            'GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";',
            'GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";',
            "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
        )
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        url = f"{self.base}/sparql?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited with {self.process.returncode}: {self.log()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(
            f"virtuoso did not answer within {self.startup_timeout:g} s: {self.log()}"
        )

    def isql(self, *statements: str) -> str:
        script = "\n".join(statements) + "\n"
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba"],
            input=script,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def log(self) -> str:
        log = self.dir / "virtuoso.log"
        return log.read_text(errors="replace")[-800:] if log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
