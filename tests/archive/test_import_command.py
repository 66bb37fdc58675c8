"""manage.py import_evidence: items from files and folders, read by real worker processes, with
CSV metadata, a JSON report, and nothing imported twice."""

import datetime
import errno
import hashlib
import io
import json
import os
import pty
import re
import select
import signal
import subprocess
import time

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.management import CommandError, call_command, load_command_class
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from archive.models import EvidenceFile, EvidencePage, PageText, Source, Topic
from archive.services.importing import evidence_import_file
from archive.services.worker import run_queued_tasks
from tests.conftest import build_site_tree
from tests.factories import make_pdf, make_png


def run_import(report, *args, workers: int = 2) -> tuple[list[dict], str, str]:
    """Run the command with a report to that file; returns the report, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_evidence",
        *map(str, args),
        *("--report", str(report), "--workers", str(workers)),
        stdout=out,
        stderr=err,
    )
    return json.loads(report.read_text()), out.getvalue(), err.getvalue()


def processes_mentioning(text: str) -> list[str]:
    """Ids of running processes whose command line contains text."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if text.encode() in cmdline.read():
                    found.append(pid)
        except OSError:  # it ended meanwhile
            pass
    return found


def by_name(entries: list[dict]) -> dict[str, dict]:
    return {e["path"].rsplit("/", 1)[1]: e for e in entries}


def mixed_files(folder):
    """Good and bad files: every outcome the report knows."""
    folder.mkdir(exist_ok=True)
    good = folder / "field_notes.pdf"
    good.write_bytes(make_pdf(["notes one", "notes two"], title="Field notes from the visit"))
    (folder / "council-minutes.pdf").write_bytes(make_pdf(["minutes"]))
    (folder / "photo.png").write_bytes(make_png())
    (folder / "fake.pdf").write_bytes(b"oops")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "same-bytes.pdf").write_bytes(good.read_bytes())
    names = ["field_notes.pdf", "council-minutes.pdf", "photo.png", "fake.pdf", "empty.pdf"]
    return [folder / n for n in names] + [folder / "missing.pdf", folder / "same-bytes.pdf"]


def test_import_reports_every_file_and_never_stops_on_a_bad_one(tmp_path, shared_index):
    paths = mixed_files(tmp_path / "in")
    report = tmp_path / "report.json"

    entries, out, _ = run_import(report, *paths, workers=2)

    assert [e["path"] for e in entries] == list(map(str, paths))
    assert set(entries[0]) == {
        "path",
        "sha256",
        "status",
        "pages",
        "reference",
        "error",
        "warnings",
        "gps",
    }
    named = by_name(entries)
    good = named["field_notes.pdf"]
    assert good["status"] == "ready" and good["pages"] == 2
    assert good["sha256"] == hashlib.sha256(paths[0].read_bytes()).hexdigest()
    item = EvidencePage.objects.get(reference=good["reference"])
    assert item.title == "Field notes from the visit" and item.live
    untitled = EvidencePage.objects.get(reference=named["council-minutes.pdf"]["reference"])
    assert untitled.title == "council minutes"  # reportlab's placeholder "untitled" is ignored
    assert named["photo.png"]["status"] == "no_text"
    assert named["fake.pdf"]["status"] == "failed" and named["fake.pdf"]["error"]
    assert named["empty.pdf"]["status"] == "failed" and "empty" in named["empty.pdf"]["error"]
    assert named["missing.pdf"]["status"] == "failed" and named["missing.pdf"]["error"]
    assert named["same-bytes.pdf"]["status"] == "duplicate"
    assert named["same-bytes.pdf"]["reference"] == good["reference"]
    assert named["same-bytes.pdf"]["pages"] == 2
    assert "by 2 worker processes" in out
    # Read by the worker processes, not by this one: the tasks name their workers; and no
    # two of them raced on the same index row (a saves' duplicate index tasks run once).
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
    workers = {w for t in DBTaskResult.objects.all() for w in t.worker_ids}
    assert workers and all(w.startswith("import-") for w in workers)
    assert not {w.split("-")[1] for w in workers} & {str(os.getpid())}


def test_two_workers_give_the_same_report_as_one(tmp_path, shared_db):
    paths = mixed_files(tmp_path / "in")
    reports = []
    for workers in (1, 2):
        shared_db.fresh()  # the same files into a new, empty archive each time
        build_site_tree()
        reports.append(run_import(tmp_path / f"{workers}.json", *paths, workers=workers)[0])
    assert reports[0] == reports[1]


def test_folders_are_imported_recursively(tmp_path, shared_index):
    top = tmp_path / "evidence"
    (top / "2023" / "march").mkdir(parents=True)
    (top / ".git").mkdir()
    (top / "a.pdf").write_bytes(make_pdf(["top level"]))
    (top / "2023" / "b.pdf").write_bytes(make_pdf(["one down"]))
    (top / "2023" / "march" / "c.png").write_bytes(make_png())
    (top / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (top / ".git" / "config").write_text("[core]")
    single = tmp_path / "single.pdf"
    single.write_bytes(make_pdf(["given by name"]))
    report = top / "report.json"  # inside the folder: not imported itself

    entries, _, _ = run_import(report, top, single)

    assert [e["path"] for e in entries] == [
        str(top / "a.pdf"),
        str(top / "2023" / "b.pdf"),
        str(top / "2023" / "march" / "c.png"),
        str(single),
    ]
    assert [e["status"] for e in entries] == ["ready", "ready", "no_text", "ready"]
    assert EvidencePage.objects.count() == 4


def test_csv_metadata_is_applied(tmp_path, shared_index):
    folder = tmp_path / "batch"
    (folder / "reports").mkdir(parents=True)
    annual = folder / "reports" / "annual.pdf"
    annual.write_bytes(make_pdf(["annual report"], title="The PDF's own title"))
    (folder / "notes.pdf").write_bytes(make_pdf(["testimony"], title="Notes from the PDF"))
    (folder / "plain.pdf").write_bytes(make_pdf(["no row for this one"]))
    Topic.objects.create(name="Cameras")  # an existing topic is reused, whatever its case
    csv = folder / "metadata.csv"
    csv.write_text(
        "path,filename,title,summary,kind,source,authors,published_on,retrieved_on,"
        "original_url,archived_url,language,topics,places,access_level\n"
        "reports/annual.pdf,,Annual report 2023,What they found,Report,Privacy Watch,"
        "A. One; B. Two,2023-06,2024-01-15,https://example.org/annual,"
        "https://web.archive.org/x,French,facial recognition; cameras,Lhasa,restricted\n"
        ",notes.pdf,,,testimony,,,2021,,,,,,,\n"
    )
    report = tmp_path / "report.json"

    entries, _, err = run_import(report, folder, "--metadata", csv)

    assert [e["status"] for e in entries] == ["ready", "ready", "ready"]  # not the CSV itself
    assert err == ""
    named = by_name(entries)
    item = EvidencePage.objects.get(reference=named["annual.pdf"]["reference"])
    assert item.title == "Annual report 2023"  # the CSV's title wins over the PDF's
    assert item.summary == "What they found"
    assert item.kind == "report"
    assert item.source.name == "Privacy Watch"
    assert item.author_list == ["A. One", "B. Two"]
    assert (item.published_on, item.date_precision) == (datetime.date(2023, 6, 1), "month")
    assert item.retrieved_on == datetime.date(2024, 1, 15)
    assert item.original_url == "https://example.org/annual"
    assert item.archived_url == "https://web.archive.org/x"
    assert item.language == "fr"
    assert sorted(t.name for t in item.topics.all()) == ["Cameras", "facial recognition"]
    assert [p.name for p in item.places.all()] == ["Lhasa"]
    assert item.access_level == "restricted" and item.live
    assert item.get_latest_revision().as_object().source_id == item.source_id

    notes = EvidencePage.objects.get(reference=named["notes.pdf"]["reference"])
    assert notes.title == "Notes from the PDF"  # no title in its row: the PDF's is taken
    assert (notes.kind, notes.published_on, notes.date_precision) == (
        "testimony",
        datetime.date(2021, 1, 1),
        "year",
    )
    # Testimony whose row and command give no access level starts restricted.
    assert notes.access_level == "restricted"
    plain = EvidencePage.objects.get(reference=named["plain.pdf"]["reference"])
    assert (plain.title, plain.kind, plain.source) == ("plain", "other", None)


def test_bad_csv_rows_are_reported_by_line_and_their_files_not_imported(tmp_path, shared_index):
    folder = tmp_path / "batch"
    (folder / "other").mkdir(parents=True)
    names = ["good", "bad-kind", "bad-date", "bad-url", "bad-many", "twice", "multi", "dup"]
    for name in names:
        (folder / f"{name}.pdf").write_bytes(make_pdf([f"file {name}"]))
    (folder / "other" / "dup.pdf").write_bytes(make_pdf(["another file named dup"]))
    csv = tmp_path / "metadata.csv"
    csv.write_text(
        "filename,title,kind,source,published_on,original_url,language,topics,access_level\n"
        "good.pdf,Good,report,Fine Source,2020-02-29,,,,\n"  # line 2
        "bad-kind.pdf,,memo,Refused Source,,,,Refused Topic,\n"  # line 3
        "bad-date.pdf,,,,2023-13,,,,\n"  # line 4
        "bad-url.pdf,,,,,not a url,,,\n"  # line 5
        "bad-many.pdf,,,,,,klingon,,secret\n"  # line 6
        "twice.pdf,Once,,,,,,,\n"  # line 7
        'multi.pdf,"A title over\ntwo lines",leaflet,,,,,,\n'  # lines 8-9
        "twice.pdf,Twice,,,,,,,\n"  # line 10
        "dup.pdf,,,,,,,,\n"  # line 11: two files are named dup.pdf
        "absent.pdf,,,,,,,,\n"  # line 12: not among the files
    )
    report = tmp_path / "report.json"

    entries, _, err = run_import(report, folder, "--metadata", csv)

    named = {e["path"].split("batch/")[1]: e for e in entries}
    assert named["good.pdf"]["status"] == "ready"
    errors = {name: e["error"] for name, e in named.items() if name != "good.pdf"}
    assert all(e["status"] == "failed" for n, e in named.items() if n != "good.pdf")
    assert errors["bad-kind.pdf"].startswith("metadata.csv line 3: unknown kind 'memo'")
    assert errors["bad-date.pdf"].startswith("metadata.csv line 4: bad published_on '2023-13'")
    assert errors["bad-url.pdf"].startswith("metadata.csv line 5: bad original_url")
    assert "unknown language 'klingon'" in errors["bad-many.pdf"]
    assert "unknown access_level 'secret'" in errors["bad-many.pdf"]
    assert errors["twice.pdf"] == "metadata.csv lines 7 and 10 describe the same file."
    assert errors["multi.pdf"].startswith("metadata.csv line 8: unknown kind 'leaflet'")
    assert errors["dup.pdf"] == errors["other/dup.pdf"]
    assert errors["dup.pdf"].startswith("metadata.csv line 11: 2 files being imported")
    assert "metadata.csv line 12: no file named 'absent.pdf'" in err
    assert all(e["sha256"] for e in entries)
    # Nothing of a refused row was created: no file, no item, no source, no topic.
    assert EvidenceFile.objects.count() == EvidencePage.objects.count() == 1
    assert list(Source.objects.values_list("name", flat=True)) == ["Fine Source"]
    assert not Topic.objects.exists()


def test_a_csv_with_an_unknown_column_is_refused_before_anything_is_imported(
    tmp_path, shared_index
):
    (tmp_path / "a.pdf").write_bytes(make_pdf(["a"]))
    csv = tmp_path / "metadata.csv"
    csv.write_text("filename,tittle\na.pdf,Typo\n")
    with pytest.raises(CommandError, match="Unknown column 'tittle'"):
        run_import(tmp_path / "report.json", tmp_path / "a.pdf", "--metadata", csv)
    assert not EvidenceFile.objects.exists()


def test_a_second_run_imports_nothing_new_and_says_so(tmp_path, shared_index):
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.pdf").write_bytes(make_pdf([f"file {n}"]))
    first, _, _ = run_import(tmp_path / "first.json", folder)
    second, out, _ = run_import(tmp_path / "second.json", folder)

    assert [e["status"] for e in first] == ["ready"] * 3
    assert [e["status"] for e in second] == ["duplicate"] * 3
    assert [e["reference"] for e in second] == [e["reference"] for e in first]
    assert "Nothing new: 3 of 3 files are already in the archive." in out
    assert EvidenceFile.objects.count() == EvidencePage.objects.count() == 3


def test_files_an_interrupted_import_left_unread_are_read_by_the_next(tmp_path, shared_index):
    folder = tmp_path / "batch"
    folder.mkdir()
    paths = []
    for name in ("lost", "stalled", "queued"):
        paths.append(folder / f"{name}.pdf")
        paths[-1].write_bytes(make_pdf([f"{name} page one", f"{name} page two"]))
    # The first run stored all three (their reading is queued on commit), then was stopped:
    first = [evidence_import_file(path=p, parent=shared_index) for p in paths]
    lost, stalled, queued = (e.file_id for e in first)
    tasks = DBTaskResult.objects.filter(task_path="archive.tasks.process_evidence_file")
    # "lost": killed between its commit and the enqueue: no task.
    tasks.filter(args_kwargs__args__0=lost).delete()
    # "stalled": a worker took it and was killed mid-file: processing, its task running.
    EvidenceFile.objects.filter(pk=stalled).update(
        status="processing", processing_started_at=timezone.now(), processing_attempts=1
    )
    tasks.filter(args_kwargs__args__0=stalled).update(status=TaskResultStatus.RUNNING)
    # "queued": still waiting in the queue.

    entries, out, _ = run_import(tmp_path / "report.json", folder)

    assert [e["status"] for e in entries] == ["ready"] * 3
    assert {e["path"]: e["reference"] for e in entries} == {e.path: e.reference for e in first}
    assert "3 resumed from an earlier run" in out
    assert EvidencePage.objects.count() == 3
    for file_id in (lost, stalled, queued):
        assert PageText.objects.filter(file_id=file_id).count() == 2
    # The dead worker's task is closed, not left "running" for ever.
    assert not tasks.filter(status=TaskResultStatus.RUNNING).exists()


@pytest.mark.django_db(transaction=True)
def test_an_interrupt_after_an_items_commit_keeps_its_original(tmp_path, evidence_index):
    """Ctrl+C can land in the hooks that run once an item's transaction has committed: the item
    and its file are saved by then, so the stored original stays, and the next run reads it.
    (A Ctrl+C there used to delete the original of a committed item.)"""
    path = tmp_path / "late.pdf"
    path.write_bytes(make_pdf(["interrupted after the commit"]))

    def ctrl_c_after_commit(sender, **kwargs):
        transaction.on_commit(ctrl_c_now)

    def ctrl_c_now():
        raise KeyboardInterrupt  # what Python's SIGINT handler raises, wherever it lands

    post_save.connect(ctrl_c_after_commit, sender=EvidenceFile)
    try:
        with pytest.raises(KeyboardInterrupt):
            evidence_import_file(path=path, parent=evidence_index)
    finally:
        post_save.disconnect(ctrl_c_after_commit, sender=EvidenceFile)

    stored = EvidenceFile.objects.get()
    with stored.file.open("rb") as original:
        assert original.read() == path.read_bytes()
    again = evidence_import_file(path=path, parent=evidence_index)  # the next run
    assert again.resumed and again.file_id == stored.pk
    run_queued_tasks()
    stored.refresh_from_db()
    assert (stored.status, stored.page_count) == ("ready", 1)


@pytest.mark.django_db(transaction=True)
def test_restricted_import(tmp_path, evidence_index, client):
    path = tmp_path / "testimony.pdf"
    path.write_bytes(make_pdf(["a witness speaks"]))
    report = tmp_path / "r.json"
    entries, out, _ = run_import(report, path, "--access", "restricted")
    assert entries[0]["status"] == "ready"
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        assert "by this process" in out  # no worker process could open this database
    assert EvidencePage.objects.get(reference=entries[0]["reference"]).access_level == "restricted"
    assert client.get(f"/evidence/{entries[0]['reference']}/").status_code == 404


def instance_with_pdfs(make_instance, tmp_path, *, files: int, pages: int):
    """A second archive instance with its site tree, and a folder of that many PDFs."""
    instance = make_instance()
    instance.python("from tests.conftest import build_site_tree\nbuild_site_tree()\nprint(1)")
    folder = tmp_path / "batch"
    folder.mkdir()
    line = "The committee heard testimony about cameras installed in every street. "
    for n in range(files):
        texts = [f"{line * 3}\nfile {n} page {p}" for p in range(pages)]
        (folder / f"{n}.pdf").write_bytes(make_pdf(texts))
    return instance, folder


def ctrl_c(process):
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl+C: the whole process group


def as_a_foreground_job():
    """In the child, before exec: Ctrl+C's default action, as a terminal's foreground job has.

    A child inherits an ignored SIGINT, and a shell without job control (a script's `make test
    &`, CI runners) starts its background jobs so. The command rightly leaves an ignored SIGINT
    ignored, which is not what this test simulates: then it ran to the end and exited 0.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def sigterm(process):
    process.terminate()  # kill, a service manager: the command alone


@pytest.mark.parametrize("stop", [ctrl_c, sigterm])
def test_a_stopped_import_is_finished_by_the_same_command(make_instance, tmp_path, stop):
    instance, folder = instance_with_pdfs(make_instance, tmp_path, files=8, pages=40)
    report = tmp_path / "interrupted.json"
    command = instance.command("import_evidence", str(folder), "--workers", "2")
    run = subprocess.Popen(
        [*command, "--report", str(report)],
        env=instance.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as in a terminal
        preexec_fn=as_a_foreground_job,
    )
    deadline = time.monotonic() + 120
    while not instance.sql("SELECT 1 FROM archive_evidencefile WHERE status = 'ready'"):
        assert time.monotonic() < deadline and run.poll() is None, run.communicate()
        time.sleep(0.05)
    stop(run)
    out, err = run.communicate(timeout=60)

    assert run.returncode == 130, (out, err)
    assert "Interrupted. Run the same command again to resume" in err
    assert json.loads(report.read_text())  # what it did so far
    statuses = dict(instance.sql("SELECT status, COUNT(*) FROM archive_evidencefile GROUP BY 1"))
    assert statuses.get("ready", 0) < 8
    # No worker outlives it (they are forks of it: the same command line).
    time.sleep(0.5)
    assert processes_mentioning(str(report)) == []

    done = instance.manage(*command[2:], "--report", str(tmp_path / "finished.json"))

    entries = json.loads((tmp_path / "finished.json").read_text())
    assert {e["status"] for e in entries} <= {"ready", "duplicate"}
    assert sum(e["status"] == "ready" for e in entries) == 8 - statuses.get("ready", 0)
    assert instance.sql("SELECT COUNT(*) FROM archive_evidencepage") == [(8,)]
    assert instance.sql("SELECT COUNT(DISTINCT file_id) FROM archive_pagetext") == [(8,)]
    assert instance.sql("SELECT COUNT(*) FROM archive_pagetext") == [(8 * 40,)]
    assert "already in the archive" in done.stdout


def test_a_terminal_sees_a_progress_bar_with_rates_and_time_left(make_instance, tmp_path):
    instance, folder = instance_with_pdfs(make_instance, tmp_path, files=3, pages=2)
    # stderr is a terminal, as in an interactive shell; a new one reports no size (0 x 0).
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            instance.command("import_evidence", str(folder), "--workers", "2"),
            env=instance.env,
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            timeout=120,
        )
        os.close(terminal)
        drawn = b""
        while select.select([controller], [], [], 0.5)[0]:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(controller)
    assert done.returncode == 0, done.stdout
    last = drawn.decode().replace("\r", "\n").strip().splitlines()[-1]
    # tqdm shows "1.9 files/s", or "1.91s/ files" when a file takes more than a second (a
    # loaded machine): either is a rate.
    rate = r"(?:[\d.]+ files/s|[\d.]+s/ files)"
    assert re.search(rf"^Importing: 100%\|█+\| 3/3 files \[\d\d:\d\d<00:00, +{rate}", last)
    assert re.search(r", [\d.]+ pages/s\]$", last), last
    assert "3 files: 3 new. Read: 3 ready." in done.stdout  # the bar never mixes into stdout


def test_a_quiet_import_prints_no_info_lines_unless_tasks_log_level_asks(make_instance, tmp_path):
    """-v0 with the logging an operator gets by default (LOG_LEVEL=INFO, TASKS_LOG_LEVEL=WARNING):
    django-tasks and its database worker, which log as two loggers, both stay quiet; and
    TASKS_LOG_LEVEL=INFO brings the worker's lines back."""
    defaults = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "LOG_LEVEL": "INFO"}
    instance = make_instance(**defaults, TASKS_LOG_LEVEL="WARNING")
    instance.python("from tests.conftest import build_site_tree\nbuild_site_tree()\nprint(1)")
    for name in ("quiet", "loud"):
        (tmp_path / name).mkdir()
        for n in range(2):
            (tmp_path / name / f"{n}.pdf").write_bytes(make_pdf([f"{name} file {n}"]))

    quiet = instance.run("import_evidence", str(tmp_path / "quiet"), "-v", "0", "--workers", "1")
    instance.env["TASKS_LOG_LEVEL"] = "INFO"
    loud = instance.run("import_evidence", str(tmp_path / "loud"), "-v", "0", "--workers", "1")

    assert quiet.returncode == loud.returncode == 0, (quiet.stderr, loud.stderr)
    assert quiet.stdout == loud.stdout == ""
    assert [line for line in quiet.stderr.splitlines() if " INFO " in line] == []
    assert " INFO django_tasks_db Starting worker" in loud.stderr, loud.stderr


def test_a_worker_killed_mid_file_is_replaced_and_its_file_read_again(make_instance, tmp_path):
    instance, folder = instance_with_pdfs(make_instance, tmp_path, files=3, pages=100)
    started = time.monotonic()
    run = subprocess.Popen(
        instance.command("import_evidence", str(folder), "--workers", "2"),
        env=instance.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    running = (
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        " AND task_path = 'archive.tasks.process_evidence_file'"
    )
    while not (claimed := instance.sql(running)):
        assert time.monotonic() - started < 60 and run.poll() is None, run.communicate()
        time.sleep(0.05)
    (worker_id,) = json.loads(claimed[0][0])
    os.kill(int(worker_id.split("-")[1]), signal.SIGKILL)  # out of memory, say
    out, err = run.communicate(timeout=120)

    assert run.returncode == 0, err
    assert "3 files: 3 new. Read: 3 ready." in out
    assert "died; starting another" in err
    # Well before the 150 s after which a file nobody reads is given up on.
    assert time.monotonic() - started < 60
    assert instance.sql("SELECT COUNT(*) FROM archive_pagetext") == [(300,)]
    # Its task is closed as lost, not left running for ever.
    assert instance.sql(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE worker_ids LIKE ?"
        " AND task_path = 'archive.tasks.process_evidence_file'",
        (f'%"{worker_id}"%',),
    ) == [("FAILED",)]


def nice_value(pid: int) -> int:
    # /proc/<pid>/stat: field 19 is the nice value (after the command name in parentheses).
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])


def test_workers_read_at_a_lower_cpu_priority_than_the_site(shared_db):
    from archive.services.worker import WorkerPool

    pool = WorkerPool(1, niceness=7)
    pool.start()
    try:
        deadline = time.monotonic() + 10
        while nice_value(pool.processes[0].pid) == os.nice(0) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert nice_value(pool.processes[0].pid) == min(19, os.nice(0) + 7)
    finally:
        pool.stop()
    assert nice_value(os.getpid()) == os.nice(0)  # this process keeps its priority
    command = load_command_class("archive", "import_evidence")
    assert command.create_parser("manage.py", "import_evidence").parse_args(["x"]).nice == 10


def test_the_command_line_import_runs_at_a_lower_cpu_priority(make_instance, tmp_path):
    """`manage.py import_evidence` lowers its own process (item creation, hashing), not only
    its workers. The file to import is a named pipe: the command blocks reading it, after its
    start-up, while the test reads the command's nice value from /proc."""
    instance = make_instance()
    instance.python("from tests.conftest import build_site_tree\nbuild_site_tree()\nprint(1)")
    pipe = tmp_path / "held.pdf"
    os.mkfifo(pipe)
    run = instance.start("import_evidence", str(pipe), "--workers", "0")
    try:
        deadline = time.monotonic() + 120
        while True:  # the pipe opens for writing once the command has opened it for reading
            try:
                writer = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as exc:
                assert exc.errno == errno.ENXIO, exc
                assert time.monotonic() < deadline and run.poll() is None, run.communicate()
                time.sleep(0.05)
        niceness = nice_value(run.pid)
        os.close(writer)  # an empty file: refused, and the command ends
        out, _ = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert niceness == min(19, os.nice(0) + 10), out  # --nice 10 by default
    assert run.returncode == 0, out


def test_an_import_retires_kept_public_responses_once_not_per_change(tmp_path, shared_index):
    from django.test.utils import CaptureQueriesContext

    from archive.public_cache import content_version

    paths = mixed_files(tmp_path / "in")
    before = content_version()
    with CaptureQueriesContext(connection) as queries:
        run_import(tmp_path / "report.json", *paths, workers=1)
    updates = [q for q in queries if q["sql"].startswith('UPDATE "archive_publiccontentversion"')]
    # Items created, files read and indexed: each used to retire the cache; now the importer
    # does it every ten seconds while it runs (this one takes less) and once at the end.
    assert len(updates) == 1
    assert content_version() != before
