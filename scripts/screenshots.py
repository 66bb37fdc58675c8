"""Screenshots of the public interface in each language (issue 16): the home page, an evidence
page and a search, on a 390 px phone and a 1366 px desktop, in English, Simplified and
Traditional Chinese, Tibetan and Uyghur, written to docs/screenshots/ as small palette PNGs.

Builds its own demo archive (manage.py migrate and load_demo into a temporary SQLite database
and media folder), serves it with runserver on a free port, and drives Debian's Chromium through
Playwright. Not a test: run it after changing the interface and look at the pictures.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--keep]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"en": "", "zh-hans": "/zh-hans", "zh-hant": "/zh-hant", "bo": "/bo", "ug": "/ug"}
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MAX_BYTES = 150_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_demo(folder: Path) -> tuple[subprocess.Popen, str]:
    """A demo archive of its own, served on a free port; (server process, base URL)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "true",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the demo server did not start")


def first_evidence_path(base: str) -> str:
    """The newest public item's address, from the evidence list."""
    html = urllib.request.urlopen(base + "/evidence/").read().decode()
    return re.search(r'<h3[^>]*><a href="(/evidence/[^"]+/)"', html).group(1)


def small_png(png: bytes) -> bytes:
    """The screenshot as a 256-colour palette PNG: text and flat colours survive, the bytes
    shrink several times."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo folder")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="screenshots-"))
    server, base = serve_demo(folder)
    try:
        pages = {"home": "/", "evidence": first_evidence_path(base), "search": "/search/?q=camera"}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for screen, viewport in SCREENS.items():
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                for language, prefix in LANGUAGES.items():
                    for name, path in pages.items():
                        page.goto(base + prefix + path, wait_until="networkidle")
                        data = small_png(page.screenshot())
                        target = options.out / f"{name}-{language}-{screen}.png"
                        target.write_bytes(data)
                        flag = "" if len(data) < MAX_BYTES else "  (over 150 KB)"
                        print(f"{target.relative_to(ROOT)}  {len(data) // 1000} KB{flag}")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
