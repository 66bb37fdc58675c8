"""The benchmark corpus: PDFs the project generates, plus ../shared/corpus/real when present."""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

SHARED_REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"
WORDS = (
    "camera monastery testimony council server footage interrogation commissioner meeting data "
    "report evidence witness cell installed supplier firmware contract procurement network "
    "retention policy access request response statement privacy audit device abroad"
).split()


def generated_pdfs(
    folder: Path, *, files: int = 12, pages: int = 30, lines: int = 40, seed: int = 42
) -> list[Path]:
    """Dense text pages (about 2,500 characters each), the same for the same seed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        path = folder / f"generated-{n:02d}.pdf"
        pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        for page in range(pages):
            y = 800
            for _ in range(lines):
                line = " ".join(rng.choice(WORDS) for _ in range(9))
                pdf.drawString(50, y, f"{line} {n}-{page}")
                y -= 18
            pdf.showPage()
        pdf.save()
        paths.append(path)
    return paths


def real_pdfs() -> list[Path]:
    return sorted(SHARED_REAL.glob("*.pdf")) if SHARED_REAL.is_dir() else []
