#!/usr/bin/env python3
"""A throw-away S3-compatible server (SeaweedFS) on loopback, for the test suite.

    python3 scripts/s3_server.py build               # once: Go module proxy -> .s3/weed
    python3 scripts/s3_server.py start [--port P]    # prints STORAGE_URL=..., writes .s3/url
    python3 scripts/s3_server.py stop [--port P]

SeaweedFS is built from its Go module with the machine's Go: its go.mod has replace directives,
so `go install ...@version` refuses; the module is downloaded (`go mod download`), copied to a
writable folder and `go build ./weed` run inside it (several minutes at low priority, a ~230 MB
binary), once: later runs find .s3/weed and its stamp. `start` runs `weed server` (master,
volume server, filer and S3 gateway in one process) with every port inside P..P+9, its data in
.s3/data-P/ (deleted by `stop`), an S3 identity with a test key and secret, and waits until the
gateway answers signed requests by creating the test bucket (with boto3, from the venv). Why
this server: docs/decisions/0015-object-storage.md.

Exit codes: 0 ok; 1 failed; 3 Go is missing (build) or the binary is (start).
Standard library only, but for boto3, which `start` needs to create the bucket.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
S3_DIR = Path(os.environ.get("S3_WORKDIR", str(ROOT / ".s3"))).resolve()
MODULE = "github.com/seaweedfs/seaweedfs"
VERSION = os.environ.get("SEAWEEDFS_VERSION", "v0.0.0-20261109003541-7506e5f91cd6")
WEED = S3_DIR / "weed"
STAMP = S3_DIR / "weed.version"
URL_FILE = S3_DIR / "url"
DEFAULT_PORT = int(os.environ.get("S3_PORT", "8333"))
TIMEOUT = float(os.environ.get("S3_START_TIMEOUT", "90"))
BUCKET = "evidence-test"
# Test credentials only: the server is on loopback and lives for one run.
ACCESS_KEY, SECRET_KEY = "evidence-test-key", "evidence-test-secret"
MISSING = 3


class Failure(Exception):
    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def say(*parts: object) -> None:
    print("s3:", *parts, file=sys.stderr, flush=True)


def go_binary() -> str:
    for candidate in (shutil.which("go"), "/usr/local/go/bin/go"):
        if candidate and Path(candidate).exists():
            return candidate
    raise Failure("`go` is not installed (the S3 test server is built with it)", MISSING)


def build() -> None:
    """Build .s3/weed unless it is there. One build at a time: `make test` starts one in the
    background while the SQLite run goes on, and the second run's own `build` waits for it here."""
    S3_DIR.mkdir(parents=True, exist_ok=True)
    with open(S3_DIR / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if WEED.is_file() and STAMP.is_file() and STAMP.read_text().strip() == VERSION:
            return
        _build()


def _build() -> None:
    go = go_binary()
    # The machine's Go, never a toolchain download; the module's own go.mod, not a workspace's.
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOWORK": "off"}
    S3_DIR.mkdir(parents=True, exist_ok=True)
    say(f"downloading {MODULE}@{VERSION} from the Go module proxy ...")
    fetched = subprocess.run(
        [go, "mod", "download", "-json", f"{MODULE}@{VERSION}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=S3_DIR,
    )
    if fetched.returncode != 0:
        raise Failure(f"go mod download failed:\n{fetched.stdout}{fetched.stderr}")
    module_dir = Path(json.loads(fetched.stdout)["Dir"])
    source = S3_DIR / "src"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(module_dir, source)  # the module cache is read-only; the build writes
    for path in [source, *source.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)
    say("building weed (several minutes, at low priority) ...")
    started = time.monotonic()
    partial = S3_DIR / "weed.partial"
    built = subprocess.run(
        ["nice", "-n", "10", go, "build", "-o", str(partial), "./weed"],
        env=env,
        cwd=source,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if built.returncode != 0:
        raise Failure(f"go build ./weed failed:\n{built.stdout[-4000:]}{built.stderr[-4000:]}")
    partial.replace(WEED)
    STAMP.write_text(VERSION + "\n")
    shutil.rmtree(source, ignore_errors=True)
    say(f"built {WEED} in {time.monotonic() - started:.0f} s")


def data_dir(port: int) -> Path:
    return S3_DIR / f"data-{port}"


def pid_file(port: int) -> Path:
    return S3_DIR / f"weed-{port}.pid"


def storage_url(port: int) -> str:
    return (
        f"s3://{BUCKET}?endpoint_url=http://127.0.0.1:{port}&region=us-east-1"
        f"&access_key={ACCESS_KEY}&secret_key={SECRET_KEY}"
    )


def start(port: int) -> str:
    if not WEED.is_file():
        raise Failure(f"{WEED} is missing: run `scripts/s3_server.py build` first", MISSING)
    stop(port, quiet=True)
    data = data_dir(port)
    for folder in ("master", "volume", "filer"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    config = data / "s3.json"
    identity = {
        "name": "evidence-test",
        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
    }
    config.write_text(json.dumps({"identities": [identity]}))
    # Every port in P..P+9, gRPC ones included (SeaweedFS would otherwise add 10000).
    ports = {
        "-master.port": port + 1,
        "-master.port.grpc": port + 2,
        "-volume.port": port + 3,
        "-volume.port.grpc": port + 4,
        "-filer.port": port + 5,
        "-filer.port.grpc": port + 6,
        "-s3.port": port,
        "-s3.port.grpc": port + 7,
    }
    command = [
        str(WEED),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={data}",
        f"-master.dir={data / 'master'}",
        "-master.volumeSizeLimitMB=64",  # small volumes: a test run writes megabytes
        "-volume.max=8",
        "-filer",
        "-s3",
        f"-s3.config={config}",
        # Nothing else this server could start, each on a port of its own outside P..P+9.
        "-iam=false",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        *(f"{flag}={value}" for flag, value in ports.items()),
    ]
    log = (S3_DIR / f"weed-{port}.log").open("wb")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, cwd=data, start_new_session=True
    )
    pid_file(port).write_text(str(process.pid))
    try:
        _wait_until_ready(port, process)
    except Failure:
        stop(port, quiet=True)
        raise
    url = storage_url(port)
    URL_FILE.write_text(url + "\n")
    say(f"SeaweedFS S3 gateway on http://127.0.0.1:{port} (bucket {BUCKET}); log {log.name}")
    return url


def _wait_until_ready(port: int, process: subprocess.Popen) -> None:
    """Until the gateway takes a signed request: the bucket made (or found) with boto3."""
    deadline = time.monotonic() + TIMEOUT
    last = "no answer yet"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"weed exited with {process.returncode}; see {S3_DIR}/weed-{port}.log")
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=2).close()
        except urllib.error.HTTPError:
            pass  # an answer (403 without credentials): the gateway is up
        except OSError as error:
            last = str(error)
            time.sleep(0.5)
            continue
        try:
            make_bucket(port)
            return
        except Exception as error:  # the filer or a volume not ready yet: try again
            last = f"{type(error).__name__}: {error}"
            time.sleep(1)
    raise Failure(f"the S3 gateway was not ready in {TIMEOUT:.0f} s ({last})")


def make_bucket(port: int) -> None:
    import boto3  # from the venv (requirements.txt); only `start` needs it

    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    if BUCKET not in existing:
        client.create_bucket(Bucket=BUCKET)
    # A write and a read through a volume server: the whole chain answers.
    client.put_object(Bucket=BUCKET, Key="ready/probe", Body=b"ok")
    assert client.get_object(Bucket=BUCKET, Key="ready/probe")["Body"].read() == b"ok"
    client.delete_object(Bucket=BUCKET, Key="ready/probe")


def stop(port: int, quiet: bool = False) -> None:
    path = pid_file(port)
    if path.is_file():
        pid = int(path.read_text().strip() or 0)
        try:
            os.killpg(pid, signal.SIGTERM)  # its own session: weed and nothing else
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.1)
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        path.unlink(missing_ok=True)
        if not quiet:
            say(f"stopped the server on port {port}")
    shutil.rmtree(data_dir(port), ignore_errors=True)
    if URL_FILE.is_file() and f"127.0.0.1:{port}" in URL_FILE.read_text():
        URL_FILE.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["build", "start", "stop"])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    try:
        if args.action == "build":
            build()
        elif args.action == "start":
            print(f"STORAGE_URL={start(args.port)}")
        else:
            stop(args.port)
    except Failure as failure:
        say(failure)
        return failure.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
