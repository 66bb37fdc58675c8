"""Production settings, for real: check --deploy, collectstatic, and gunicorn serving the site with
WhiteNoise and JSON logs, in subprocesses with config.settings.production and a fresh folder."""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from config.logging import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def production_env(folder: Path, **overrides: str) -> dict[str, str]:
    # Not what the rest of the session set for itself (the browser tests allow async-unsafe ORM
    # calls, which check --deploy rightly refuses).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,archive.example.org",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "ELASTICSEARCH_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A migrated, collected production instance in its own folder."""
    folder = tmp_path_factory.mktemp("production")
    env = production_env(folder)
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = manage(env, *args)
        assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return folder, env


def test_check_deploy_is_clean(deployment):
    _, env = deployment
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"MEDIA_ROOT": "{folder}/static/media"}, "must not contain each other"),
    ],
)
def test_production_refuses_a_missing_secret_or_host_and_media_among_static(
    tmp_path, overrides, complaint
):
    env = production_env(tmp_path, **{k: v.format(folder=tmp_path) for k, v in overrides.items()})
    if overrides.get("SECRET_KEY") == "":
        del env["SECRET_KEY"]
    done = manage(env, "check")
    assert done.returncode != 0 and complaint in done.stderr, done.stderr[-2000:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    # Behind the proxy that terminates TLS: without this header every answer is a redirect.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_static_files_never_originals_and_logs_json(deployment):
    folder, env = deployment
    original = folder / "media" / "originals" / "ab" / ("ab" * 32) / "secret.pdf"
    original.parent.mkdir(parents=True)
    original.write_bytes(b"%PDF-1.4 restricted testimony")
    manifest = json.loads((folder / "static" / "staticfiles.json").read_text())["paths"]
    css = next(hashed for name, hashed in manifest.items() if name.endswith(".css"))
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "config.wsgi"],
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "WEB_THREADS": "2"},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1][-3000:]
                time.sleep(0.1)
        status, headers, body = get(f"{base}/static/{css}", **{"Accept-Encoding": "gzip"})
        assert status == 200 and body
        assert headers.get("Content-Encoding") == "gzip"
        assert "max-age=315360000" in headers.get("Cache-Control", "")
        status, headers, _ = get(f"{base}/static/{css}")
        assert status == 200 and headers.get("Content-Encoding") is None
        status, headers, _ = get(f"{base}/")
        assert status in (200, 404)  # an empty archive: no site yet
        assert "script-src 'self'" in headers.get("Content-Security-Policy", "")  # row 11
        assert "camera=()" in headers.get("Permissions-Policy", "")
        assert headers.get("Cache-Control") == "private, no-cache"  # row 6
        relative = original.relative_to(folder / "media").as_posix()
        for path in (
            f"/media-not-served/{relative}",
            f"/static/{relative}",
            f"/static/../media/{relative}",
            f"/{relative}",
            f"/media/{relative}",
        ):
            status, _, body = get(base + path + "?q=private-words")
            assert status == 404, path
            assert b"restricted testimony" not in body, path
        for path in (f"/files/{2**63}/x.pdf", f"/files/{2**64}/preview.webp"):  # issue 11, row 9
            assert get(base + path)[0] == 404, path
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    access = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    assert {"time", "level", "logger", "method", "path", "status", "duration_ms"} <= set(access[0])
    assert any(a["path"] == f"/static/{css}" and a["status"] == 200 for a in access)
    assert "private-words" not in stdout  # query strings (search terms) are not logged
    for line in stderr.splitlines():  # gunicorn's own lines and the application's
        assert json.loads(line)["logger"], line


def test_json_formatter_one_line_with_extra_fields_and_the_exception():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = logging.getLogger("archive").makeRecord(
            "archive", logging.ERROR, __file__, 1, "file %s failed", ("EV-1",), sys.exc_info(),
            extra={"file_id": 7},
        )  # fmt: skip
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "file EV-1 failed" and entry["level"] == "ERROR"
    assert entry["file_id"] == 7 and "ValueError: bad" in entry["exception"]
