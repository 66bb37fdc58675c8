#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real (Chromium for the browser tests; the Noto
# CJK, Tibetan and Arabic fonts the multilingual search tests write PDFs in; LibreOffice for office
# documents; Tesseract for OCR; pandoc, biber and CSL styles for the citation exports; Node and npm
# for the npm clients) when they are missing and this shell may install them (root with apt-get).
# Elsewhere it says what is missing; the tests that need it then skip with that reason, or fail
# when CI=true.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
[ -e /usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf ] || missing+=(fonts-noto-core)
# The same fonts draw the interface in Chinese, Tibetan and Uyghur (assets/css/site.css picks
# them by :lang(); tests/browser/test_languages.py checks Chromium used them); Noto Naskh Arabic
# for Uyghur comes with fonts-noto-core.
[ -e /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || missing+=(fonts-noto-core)
# GNU gettext: `make messages` compiles the catalogues; tests/sitewide/test_catalogues.py
# extracts the strings afresh with it.
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# Office documents are converted to PDF by LibreOffice (archive/processing/office.py): the
# headless packages, without the desktop.
command -v soffice >/dev/null 2>&1 ||
    missing+=(libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui)
# Tesseract and the language packs OCR uses (archive/processing/ocr.py), osd for script detection.
for pack in eng osd chi-sim chi-tra bod uig ara jpn kor fra pol deu nld rus; do
    file="/usr/share/tesseract-ocr/5/tessdata/${pack/-/_}.traineddata"
    [ -f "$file" ] || missing+=("tesseract-ocr-$pack")
done
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
# tesserocr, the binding OCR reads through, is built against Debian's libtesseract and Leptonica
# (requirements.txt): their headers, pkg-config and a C++ compiler, before `pip install`.
[ -f /usr/include/tesseract/baseapi.h ] || missing+=(libtesseract-dev)
[ -f /usr/include/leptonica/allheaders.h ] || missing+=(libleptonica-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
# The reference clients the citation exports are read back with (tests/letters/
# test_reference_clients.py): pandoc --citeproc with real CSL styles (APA, Chicago), and biber,
# which checks the .bib against biblatex's data model without a TeX installation.
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
command -v biber >/dev/null 2>&1 || missing+=(biber)
[ -f /usr/share/citation-style-language/styles/apa.csl ] || missing+=(citation-style-language-styles)
# Node and npm run the npm reference clients (citeproc-js, citation-js: package.json, `make node`).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} (Debian packages) for the tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "Missing system packages: ${missing[*]} (apt-get install ${missing[*]})." >&2
    [ "${CI:-}" != "true" ] || exit 1
fi
