#!/usr/bin/env python3
"""A throw-away Elasticsearch 8 node (or cluster) on loopback, for the test suite.

    python3 scripts/es_node.py fetch                   # once: Maven Central -> .es/dist
    python3 scripts/es_node.py start [--nodes N] [--port P]
    python3 scripts/es_node.py status [--port P]
    python3 scripts/es_node.py stop [--port P | --all]

The node is Elasticsearch's own minimal distribution, the `integ-test-zip` that Elastic
publishes to Maven Central (org.elasticsearch.distribution.integ-test-zip:elasticsearch:<v>:zip):
the real server, without a bundled JDK and without most modules (notably analysis-common,
reindex and rest-root). `fetch` adds a tiny plugin with the analysis-common token filters the
project's analyzers use (TEST_TOKEN_FILTERS). The only network this needs is Maven Central, once.

A cluster started with --port P has N nodes; node i serves HTTP on 127.0.0.1:P+i (the URL
printed, and written to .es/url, is node 1's, P+1) and transport on 127.0.0.1:P+100+i, with
security off (plain http, no credentials). Its config, data and logs live in .es/data-P/, which
`stop` deletes; the console log is .es/es-P.log. `start` replaces a cluster that an earlier
`start` left on the same port. Settings from the environment: ES_PORT, ES_HEAP_MIN/ES_HEAP_MAX
(512m/1g per node), ES_START_TIMEOUT (120 s), ES_EXTRA_JAVA_OPTS, ES_JAVA_HOME or JAVA_HOME.
Why it is done this way: docs/decisions/0003-elasticsearch-for-tests.md.

Exit codes: 0 ok; 1 failed; 3 Java or Maven is missing (start/fetch), or not running (status).
Standard library only, so it runs with any python3 >= 3.9, before the venv exists.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ES_DIR = Path(os.environ.get("ES_WORKDIR", str(ROOT / ".es"))).resolve()
URL_FILE = ES_DIR / "url"

ES_VERSION = os.environ.get("ES_VERSION", "8.19.21")
ES_ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
DIST_DIR = ES_DIR / "dist"
ES_HOME = DIST_DIR / f"elasticsearch-{ES_VERSION}"

DEFAULT_PORT = int(os.environ.get("ES_PORT", "9200"))
DEFAULT_HEAP_MIN = os.environ.get("ES_HEAP_MIN", "512m")
DEFAULT_HEAP_MAX = os.environ.get("ES_HEAP_MAX", "1g")
DEFAULT_TIMEOUT = float(os.environ.get("ES_START_TIMEOUT", "120"))
TRANSPORT_OFFSET = 100
MISSING = 3  # fetch/start: no Java or Maven here (the Makefile may then skip softly)
NOT_RUNNING = 3  # status: nothing answers (as LSB init scripts say it)


class Failure(Exception):
    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def say(*parts: object) -> None:
    print("elasticsearch:", *parts, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------- fetch


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise Failure(f"`{name}` is not on PATH (the test node needs a JDK 17+ and Maven)", MISSING)
    return path


def jdk_home() -> Path:
    """The JDK that runs the node (and compiles its plugin): $ES_JAVA_HOME, $JAVA_HOME or PATH's."""
    for candidate in (os.environ.get("ES_JAVA_HOME"), os.environ.get("JAVA_HOME")):
        if candidate and (Path(candidate) / "bin" / "java").exists():
            return Path(candidate)
    return Path(require_tool("java")).resolve().parent.parent  # /usr/lib/jvm/<jdk>/bin/java


def extract(archive: Path, into: Path) -> None:
    """Unzip keeping the executable bits (zipfile alone drops them; bin/ needs them)."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = into / info.filename
            if not target.resolve().is_relative_to(into.resolve()):
                raise Failure(f"refusing to unpack {info.filename!r} outside {into}")
            zf.extract(info, into)
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                target.chmod(mode | stat.S_IRUSR)


def download_distribution() -> None:
    stamp = ES_HOME / ".fetched"
    if stamp.is_file() and stamp.read_text().strip() == ES_ARTIFACT:
        return
    mvn = require_tool("mvn")
    DIST_DIR.mkdir(parents=True, exist_ok=True)
    staging = DIST_DIR / "download"
    shutil.rmtree(staging, ignore_errors=True)
    say(f"resolving {ES_ARTIFACT} from Maven Central ...")
    started = time.monotonic()
    command = [
        mvn,
        "--batch-mode",
        "--quiet",
        "--strict-checksums",
        f"{DEPENDENCY_PLUGIN}:copy",
        f"-Dartifact={ES_ARTIFACT}",
        f"-DoutputDirectory={staging}",
    ]
    if os.environ.get("ES_MAVEN_REPO"):  # e.g. a throw-away local repository, to time a cold fetch
        command.append(f"-Dmaven.repo.local={os.environ['ES_MAVEN_REPO']}")
    # dependency:copy needs no pom; run it where there is none, so no project is picked up.
    result = subprocess.run(command, cwd=DIST_DIR, capture_output=True, text=True)
    archives = sorted(staging.glob("*.zip"))
    if result.returncode != 0 or len(archives) != 1:
        shutil.rmtree(staging, ignore_errors=True)
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        raise Failure(f"maven could not fetch {ES_ARTIFACT} (exit {result.returncode})")
    downloaded = time.monotonic()
    unpacking = DIST_DIR / "unpacking"
    shutil.rmtree(unpacking, ignore_errors=True)
    unpacking.mkdir()
    extract(archives[0], unpacking)
    homes = [p for p in unpacking.iterdir() if p.is_dir()]
    if len(homes) != 1 or not (homes[0] / "bin" / "elasticsearch").is_file():
        raise Failure(f"{archives[0].name} does not hold one elasticsearch-*/bin/elasticsearch")
    (homes[0] / ".fetched").write_text(ES_ARTIFACT + "\n")
    shutil.rmtree(ES_HOME, ignore_errors=True)
    homes[0].rename(ES_HOME)
    shutil.rmtree(unpacking, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)  # Maven's local repository keeps the zip
    say(
        f"Elasticsearch {ES_VERSION} in {ES_HOME} "
        f"(maven {downloaded - started:.1f} s, unzip {time.monotonic() - downloaded:.1f} s)"
    )


# The integ-test-zip carries no analysis-common module, so a custom analyzer that names any of
# its token filters cannot be created. These are the ones the project's analyzers use, built
# here as a tiny plugin on Elasticsearch's stable analysis API, each the very Lucene filter that
# analysis-common wraps under the same name. To add one: a line here (then `fetch` rebuilds).
#   name -> (Lucene TokenFilter class, also applies in normalizers / to multi-term queries)
TEST_TOKEN_FILTERS = {
    "asciifolding": ("org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter", True),
    "porter_stem": ("org.apache.lucene.analysis.en.PorterStemFilter", False),
}
PLUGIN_NAME = "evidence-test-analysis"
PLUGIN_PACKAGE = "evidence.testnode"


PLUGIN_CLASS = """\
    @NamedComponent("{name}")
    public static final class Filter{index} implements TokenFilterFactory {{
        @Override
        public TokenStream create(TokenStream in) {{
            return new {lucene_class}(in);
        }}
{normalize}    }}
"""
PLUGIN_NORMALIZE = """\
        @Override
        public TokenStream normalize(TokenStream in) {{
            return new {lucene_class}(in);
        }}
"""
PLUGIN_SOURCE = """\
// Generated by scripts/es_node.py: token filters for the test node.
package {package};

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

public final class TestTokenFilters {{
    private TestTokenFilters() {{}}

{classes}}}
"""


def plugin_source() -> str:
    classes = [
        PLUGIN_CLASS.format(
            name=name,
            index=index,
            lucene_class=lucene_class,
            normalize=PLUGIN_NORMALIZE.format(lucene_class=lucene_class) if normalizes else "",
        )
        for index, (name, (lucene_class, normalizes)) in enumerate(
            sorted(TEST_TOKEN_FILTERS.items())
        )
    ]
    return PLUGIN_SOURCE.format(package=PLUGIN_PACKAGE, classes="\n".join(classes))


def build_plugin() -> None:
    source = plugin_source()
    fingerprint = hashlib.sha256(f"{ES_ARTIFACT}\n{source}".encode()).hexdigest()
    plugin_dir = ES_HOME / "plugins" / PLUGIN_NAME
    stamp = plugin_dir / ".built"
    if stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return
    javac = jdk_home() / "bin" / "javac"
    if not javac.exists():
        javac = Path(require_tool("javac"))
    work = DIST_DIR / "plugin-build"
    shutil.rmtree(work, ignore_errors=True)
    java_file = work / "src" / Path(*PLUGIN_PACKAGE.split(".")) / "TestTokenFilters.java"
    java_file.parent.mkdir(parents=True)
    java_file.write_text(source)
    classes = work / "classes"
    result = subprocess.run(
        [
            str(javac),
            "--release",
            "17",
            "-nowarn",
            "-d",
            str(classes),
            "-cp",
            str(ES_HOME / "lib" / "*"),
            str(java_file),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise Failure(f"could not compile the test analysis plugin:\n{result.stderr}")
    shutil.rmtree(plugin_dir, ignore_errors=True)
    plugin_dir.mkdir(parents=True)
    with zipfile.ZipFile(plugin_dir / f"{PLUGIN_NAME}.jar", "w") as jar:
        for path in sorted(classes.rglob("*.class")):
            jar.write(path, path.relative_to(classes).as_posix())
    (plugin_dir / "stable-plugin-descriptor.properties").write_text(
        f"name={PLUGIN_NAME}\n"
        "description=Token filters of the analysis-common module that the tests need "
        "(scripts/es_node.py)\n"
        "version=1\n"
        f"elasticsearch.version={ES_VERSION}\n"
        "java.version=17\n"
    )
    components = {
        name: f"{PLUGIN_PACKAGE}.TestTokenFilters$Filter{index}"
        for index, name in enumerate(sorted(TEST_TOKEN_FILTERS))
    }
    (plugin_dir / "named_components.json").write_text(
        json.dumps({"org.elasticsearch.plugin.analysis.TokenFilterFactory": components}, indent=2)
    )
    stamp.write_text(fingerprint + "\n")
    shutil.rmtree(work, ignore_errors=True)
    say(f"built plugin {PLUGIN_NAME} ({', '.join(sorted(TEST_TOKEN_FILTERS))})")


def fetch(_args: argparse.Namespace | None = None) -> None:
    started = time.monotonic()
    jdk_home()  # fail early, and softly (exit 3), where there is no Java at all
    download_distribution()
    build_plugin()
    say(f"Elasticsearch {ES_VERSION} ready in {ES_HOME} ({time.monotonic() - started:.1f} s)")


# ---------------------------------------------------------------------------------- the cluster


def cluster_dir(port: int) -> Path:
    return ES_DIR / f"data-{port}"


def pid_file(port: int) -> Path:
    return ES_DIR / f"es-{port}.pid"


def log_file(port: int) -> Path:
    return ES_DIR / f"es-{port}.log"


def http_url(port: int, node: int = 1) -> str:
    return f"http://127.0.0.1:{port + node}"


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def get_json(url: str, timeout: float = 5.0) -> dict:
    # No proxy: the node is on loopback, and an http_proxy in the environment must not see it.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return json.loads(response.read().decode())


def read_pids(port: int) -> list[int]:
    try:
        return [int(x) for x in pid_file(port).read_text().split()]
    except (FileNotFoundError, ValueError):
        return []


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def run_as_unprivileged() -> list[str]:
    """Elasticsearch refuses to run as root (and CI runs as root).

    As root, start it in a new user namespace where it is an ordinary user: its files are
    still owned by root outside, so no chown and no world-readable checkout is needed.
    """
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if not unshare:
        raise Failure("running as root, and `unshare` (util-linux) is missing to run it as a user")
    uid = os.environ.get("ES_NAMESPACE_UID", "1000")
    return [unshare, "--user", f"--map-user={uid}", f"--map-group={uid}", "--"]


def node_settings(port: int, nodes: int, node: int, base: Path) -> str:
    name = f"node-{node}"
    seeds = ", ".join(f'"127.0.0.1:{port + TRANSPORT_OFFSET + i}"' for i in range(1, nodes + 1))
    masters = ", ".join(f'"node-{i}"' for i in range(1, nodes + 1))
    lines = [
        "# Generated by scripts/es_node.py for one test run; deleted by `stop`.",
        f"cluster.name: evidence-archive-test-{port}",
        f"node.name: {name}",
        f"path.data: {base / name / 'data'}",
        f"path.logs: {base / name / 'logs'}",
        # Loopback only: nothing outside this machine can reach the node, and (being loopback)
        # the production bootstrap checks (file descriptors, vm.max_map_count) only warn.
        "network.host: 127.0.0.1",
        f"http.port: {port + node}",
        f"transport.port: {port + TRANSPORT_OFFSET + node}",
    ]
    modules = {p.name for p in (ES_HOME / "modules").iterdir()}
    if "x-pack-security" in modules:
        # Plain http://127.0.0.1:PORT with no credentials, as the tests expect. Safe only
        # because the node is bound to loopback on a throw-away data directory.
        lines += ["xpack.security.enabled: false", "xpack.security.http.ssl.enabled: false"]
    if "ingest-geoip" in modules:
        # Never phone home for GeoIP databases. (The integ-test-zip has no such module, and an
        # unknown setting stops the node, hence the check.)
        lines.append("ingest.geoip.downloader.enabled: false")
    lines += [
        # Tests run on developer disks that may be nearly full: never flip indices read-only.
        "cluster.routing.allocation.disk.threshold_enabled: false",
        # Let tests delete their indices by pattern (test-*).
        "action.destructive_requires_name: false",
    ]
    if nodes == 1:
        lines.append("discovery.type: single-node")
    else:
        lines += [f"discovery.seed_hosts: [{seeds}]", f"cluster.initial_master_nodes: [{masters}]"]
    return "\n".join(lines) + "\n"


def prepare_node(port: int, nodes: int, node: int, base: Path) -> Path:
    conf = base / f"node-{node}" / "config"
    shutil.copytree(ES_HOME / "config", conf)
    (conf / "elasticsearch.yml").write_text(node_settings(port, nodes, node, base))
    return conf


def server_version(port: int) -> str:
    # Not `GET /`: that endpoint lives in the rest-root module, which the integ-test-zip lacks.
    nodes = get_json(f"{http_url(port)}/_nodes/_local?filter_path=nodes.*.version")["nodes"]
    return next(iter(nodes.values()))["version"]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"(no {path})"


def wait_for_cluster(
    port: int, nodes: int, processes: list[subprocess.Popen], timeout: float
) -> dict:
    deadline = time.monotonic() + timeout
    url = (
        f"{http_url(port)}/_cluster/health?wait_for_status=yellow&wait_for_nodes={nodes}&timeout=2s"
    )
    last = "no answer yet"
    while time.monotonic() < deadline:
        for node, process in enumerate(processes, 1):
            if process.poll() is not None:
                raise Failure(f"node-{node} exited with code {process.returncode} while starting")
        try:
            health = get_json(url, timeout=5)
            if not health.get("timed_out") and health.get("number_of_nodes") == nodes:
                return health
            last = f"status {health.get('status')}, {health.get('number_of_nodes')} node(s)"
        except urllib.error.HTTPError as error:  # 408 while waiting for yellow / the nodes
            last = f"HTTP {error.code}"
        except (OSError, ValueError) as error:
            last = str(getattr(error, "reason", error))
        time.sleep(0.5)
    raise Failure(f"not up after {timeout:.0f} s ({last})")


def start(args: argparse.Namespace) -> None:
    port, nodes = args.port, args.nodes
    if nodes < 1:
        raise Failure("--nodes must be at least 1")
    if read_pids(port):
        # A leftover (say, of a `make test` killed half-way): the data is throw-away, so replace it.
        say(f"a cluster from an earlier start is registered on port {port}; replacing it")
        stop_cluster(port, quiet=True)
    fetch()
    es_java_home = str(jdk_home())
    prefix = run_as_unprivileged()
    busy = [
        p
        for i in range(1, nodes + 1)
        for p in (port + i, port + TRANSPORT_OFFSET + i)
        if not port_is_free(p)
    ]
    if busy:
        raise Failure(
            f"port(s) {', '.join(map(str, busy))} on 127.0.0.1 already in use; try --port"
        )

    base = cluster_dir(port)
    shutil.rmtree(base, ignore_errors=True)
    (base / "tmp").mkdir(parents=True)
    log = log_file(port)
    env = dict(os.environ)
    for var in ("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "ES_PATH_CONF"):
        env.pop(var, None)  # would leak into both JVMs, or point them at someone else's config
    env.update(
        ES_JAVA_HOME=es_java_home,
        ES_JAVA_OPTS=" ".join(
            [
                f"-Xms{args.heap_min}",
                f"-Xmx{args.heap_max}",
                # Touch heap pages only when used: a smaller RSS and a quicker start for a
                # node that holds a few test indices.
                "-XX:-AlwaysPreTouch",
                os.environ.get("ES_EXTRA_JAVA_OPTS", ""),
            ]
        ).strip(),
        ES_TMPDIR=str(base / "tmp"),
    )
    say(
        f"starting {nodes} node(s) of Elasticsearch {ES_VERSION} on {http_url(port)} "
        f"(heap {args.heap_min}..{args.heap_max} each, log {log})"
    )
    started = time.monotonic()
    processes: list[subprocess.Popen] = []
    try:
        with open(log, "wb") as out:
            for node in range(1, nodes + 1):
                conf = prepare_node(port, nodes, node, base)
                # Each node leads its own session and process group (bin/elasticsearch's
                # launcher JVM and the server JVM it starts), so a Ctrl+C meant for make or
                # pytest does not reach it, and `stop` signals all of a node's processes at once.
                processes.append(
                    subprocess.Popen(
                        [*prefix, str(ES_HOME / "bin" / "elasticsearch")],
                        env={**env, "ES_PATH_CONF": str(conf)},
                        cwd=base,
                        stdin=subprocess.DEVNULL,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
                # Written as each node starts, so that any failure from here on stops them all.
                pid_file(port).write_text(" ".join(str(p.pid) for p in processes) + "\n")
        health = wait_for_cluster(port, nodes, processes, args.timeout)
        version = server_version(port)
    except (Failure, OSError, ValueError, subprocess.SubprocessError) as failure:
        say(f"{failure}; the last lines of {log}:")
        print(tail(log), file=sys.stderr)
        stop_cluster(port, quiet=True, children=processes)
        raise Failure(f"could not start Elasticsearch on {http_url(port)}") from None
    except BaseException:  # Ctrl+C while waiting: leave nothing running
        stop_cluster(port, quiet=True, children=processes)
        raise
    URL_FILE.write_text(http_url(port) + "\n")
    say(
        f"Elasticsearch {version} up in {time.monotonic() - started:.1f} s: "
        f"{health['number_of_nodes']} node(s), status {health['status']}"
    )
    print(http_url(port))


def stop_cluster(
    port: int, quiet: bool = False, grace: float = 30.0, children: list | None = None
) -> bool:
    groups = [pgid for pgid in read_pids(port) if group_members(pgid)]
    if groups:
        # SIGTERM lets each node's launcher stop its server JVM cleanly.
        for pgid in groups:
            signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while groups and time.monotonic() < deadline:
            time.sleep(0.2)
            for child in children or []:
                child.poll()  # reap our own children, or they linger as zombies
            groups = [pgid for pgid in groups if group_members(pgid)]
        if groups:
            say(f"still running after {grace:.0f} s; killing process group(s) {groups}")
            for pgid in groups:
                signal_group(pgid, signal.SIGKILL)
            for child in children or []:
                child.wait()
    stopped = bool(read_pids(port))
    pid_file(port).unlink(missing_ok=True)
    shutil.rmtree(cluster_dir(port), ignore_errors=True)
    if URL_FILE.is_file() and URL_FILE.read_text().strip() == http_url(port):
        URL_FILE.unlink()
    if not quiet:
        say(
            f"stopped the cluster on {http_url(port)}" if stopped else f"nothing ran on port {port}"
        )
    return stopped


def known_ports() -> list[int]:
    ports = []
    for path in ES_DIR.glob("es-*.pid"):
        try:
            ports.append(int(path.stem.split("-", 1)[1]))
        except ValueError:
            pass
    return sorted(ports)


def stop(args: argparse.Namespace) -> None:
    for port in known_ports() if args.all else [args.port]:
        stop_cluster(port)


def status(args: argparse.Namespace) -> None:
    port = args.port
    pids = read_pids(port)
    alive = [pgid for pgid in pids if group_members(pgid)]
    if not alive:
        raise Failure(f"not running on port {port}", NOT_RUNNING)
    try:
        health = get_json(f"{http_url(port)}/_cluster/health", timeout=5)
        version = server_version(port)
    except (OSError, ValueError) as error:
        raise Failure(
            f"{len(alive)} of {len(pids)} node(s) alive, "
            f"but {http_url(port)} does not answer: {error}"
        ) from None
    say(
        f"Elasticsearch {version} at {http_url(port)}: "
        f"{health['number_of_nodes']} node(s) of {len(pids)} started, status {health['status']}, "
        f"process groups {' '.join(map(str, alive))}"
    )
    print(http_url(port))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="resolve the distribution into .es/dist (once)").set_defaults(
        run=fetch
    )
    for name, run, text in (
        ("start", start, "start a cluster in the background and wait until it is yellow"),
        ("stop", stop, "stop a cluster and delete its data"),
        ("status", status, "say whether a cluster answers"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.set_defaults(run=run)
        sub.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help="base port P; node i serves P+i"
        )
        if name == "start":
            sub.add_argument("--nodes", type=int, default=1)
            sub.add_argument(
                "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds to wait"
            )
            sub.add_argument("--heap-min", default=DEFAULT_HEAP_MIN)
            sub.add_argument("--heap-max", default=DEFAULT_HEAP_MAX)
        if name == "stop":
            sub.add_argument("--all", action="store_true", help="every cluster that has a pid file")
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except Failure as failure:
        say(failure)
        return failure.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
