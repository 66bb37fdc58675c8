"""The demonstration content as plain data: sources, topics, places, items, their files, a letter.

Everything here is invented for the demo and says so. Places are real (a place is not a claim about
anyone) except where an invented story needs one: the monasteries and detention cells are in
"Highland Province (fictional)", so no reader mistakes an invented abuse for a real one.

Keys (`Item.key`) are stable: the loader finds an item again by the slug made from its key, and
other features cite items and quotations by key. Change a key and the next load adds a new item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from archive.choices import AccessLevel, DatePrecision, EvidenceKind, SourceType

CANARY = "CANARY-RESTRICTED-7f3a"

DEMO_NOTE = (
    "Demonstration item: invented for the Evidence Archive demo. The organisations, people and"
    " events in it are fictional; it is not evidence of anything."
)
PDF_NOTICE = "DEMONSTRATION DOCUMENT - invented for the Evidence Archive demo; not real evidence."
PDF_NOTICE_FR = (
    "DOCUMENT DE DÉMONSTRATION - inventé pour la démo de l'Evidence Archive ;"
    " ce n'est pas une preuve."
)


@dataclass(frozen=True)
class SourceSpec:
    name: str
    source_type: str
    url: str
    description: str


@dataclass(frozen=True)
class DocPage:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class PdfSpec:
    name: str
    title: str
    pages: tuple[DocPage, ...]
    author: str = ""
    notice: str = PDF_NOTICE
    # Printed, then scanned: an image-only PDF with no text layer, read by OCR alone.
    scanned: bool = False


@dataclass(frozen=True)
class ImageSpec:
    """A "photo" drawn by sitewide.demo.files; `picture` names the drawing."""

    name: str
    title: str
    picture: str
    caption: str
    # (latitude, longitude) written as EXIF GPS into a JPEG, so the preview's stripping shows.
    gps: tuple[float, float] | None = None


@dataclass(frozen=True)
class TextSpec:
    name: str
    title: str
    text: str


@dataclass(frozen=True)
class EmailSpec:
    """An email (.eml) built with the standard library, its attachments (text files) inside."""

    name: str
    title: str
    subject: str
    sender: str
    to: str
    date: str  # RFC 5322, fixed: the bytes must not change from run to run
    body: str
    attachments: tuple[TextSpec, ...] = ()


@dataclass(frozen=True)
class WordSpec:
    """A Word document (.docx), one paragraph per string, written by sitewide.demo.files."""

    name: str
    title: str
    paragraphs: tuple[str, ...]


FileSpec = PdfSpec | ImageSpec | TextSpec | EmailSpec | WordSpec


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    kind: str
    source: str  # a SourceSpec name
    summary: str
    authors: tuple[str, ...]  # lines as archive/authors.py reads them: "Family, Given" a person
    published_on: date
    date_precision: str
    retrieved_on: date
    original_url: str
    archived_url: str
    language: str
    topics: tuple[str, ...]
    places: tuple[str, ...]
    files: tuple[FileSpec, ...]
    access_level: str = AccessLevel.PUBLIC

    @property
    def slug(self) -> str:
        return "demo-" + self.key.replace("_", "-")


@dataclass(frozen=True)
class Quotation:
    """A sentence that stands, verbatim and on one line, on `page` of the item's first file."""

    key: str
    item: str  # an Item key
    page: int
    text: str


@dataclass(frozen=True)
class LetterSpec:
    slug: str
    title: str
    recipient: str
    date_sent: date
    letter_status: str
    # Plain text paragraphs. A paragraph with markers becomes a claim whose citations are its
    # markers, in order, numbered as footnotes at the paragraph's end: [[quote:KEY]] puts the
    # quotation in quotation marks into the text and cites its item at its page with it;
    # [[cite:ITEM]] and [[cite:ITEM:PAGE]] cite an item (at that page) and leave no text.
    paragraphs: tuple[str, ...] = field(default_factory=tuple)


# --- The site --------------------------------------------------------------------------------

HOME_TITLE = "Evidence Archive"
HOME_INTRO = (
    "<p>The Evidence Archive keeps the evidence behind our letters and campaigns on surveillance"
    " and human rights: reports, testimony, news articles, official documents, company filings,"
    " research, advisories, photos and data. Every item names its source and dates, keeps its"
    " original files byte for byte, and can be read and searched page by page, so that anyone can"
    " check a claim at the cited page.</p>"
    "<p><strong>This is demonstration content.</strong> The organisations, people, documents and"
    " photos shown here were invented to show how the archive works; none of it is evidence of"
    " anything.</p>"
)
EVIDENCE_INDEX = {
    "slug": "evidence",
    "title": "Evidence",
    "intro": "<p>All public evidence, newest first. In this demonstration every item is"
    " invented.</p>",
}
LETTER_INDEX = {
    "slug": "letters",
    "title": "Letters",
    "intro": "<p>Our letters, each claim linked to the evidence it stands on. In this"
    " demonstration the letters are invented.</p>",
}

# --- Sources, topics, places ------------------------------------------------------------------

NGO = "Watchful Rights Collective (demonstration)"
NEWS = "The Example Ledger (demonstration news outlet)"
GOVERNMENT = "Office of the Camera Oversight Commissioner (demonstration)"
COMPANY = "Example Camera Co. Ltd (demonstration)"
ACADEMIC = "Example University Surveillance Studies Group (demonstration)"
WITNESS = "Former detainees, interviewed by the Watchful Rights Collective (demonstration)"

SOURCES = (
    SourceSpec(
        NGO,
        SourceType.NGO,
        "https://example.org/watchful-rights/",
        "A fictional campaign and research group on surveillance and human rights,"
        " invented for the demo.",
    ),
    SourceSpec(
        NEWS,
        SourceType.NEWS_OUTLET,
        "https://example.org/ledger/",
        "A fictional news outlet invented for the demo.",
    ),
    SourceSpec(
        GOVERNMENT,
        SourceType.GOVERNMENT,
        "https://example.org/camera-commissioner/",
        "A fictional UK oversight body for public-space cameras, invented for the demo.",
    ),
    SourceSpec(
        COMPANY,
        SourceType.COMPANY,
        "https://example.org/example-camera-co/",
        "A fictional maker of network cameras with a UK office, invented for the demo.",
    ),
    SourceSpec(
        ACADEMIC,
        SourceType.ACADEMIC,
        "https://example.org/university/surveillance/",
        "A fictional university research group on sensing technology, invented for the demo.",
    ),
    SourceSpec(
        WITNESS,
        SourceType.INDIVIDUAL,
        "",
        "Fictional witnesses whose invented accounts show how testimony is kept.",
    ),
)

CAMERAS = "Surveillance cameras"
FACES = "Facial recognition"
DETENTION = "Detention"
RELIGION = "Freedom of religion"
TRANSFERS = "Data transfers abroad"
SECURITY = "Device security"
OVERSIGHT = "Oversight and accountability"
PROCUREMENT = "Public procurement"
INTERROGATION = "Interrogation technology"
TOPICS = (
    CAMERAS,
    FACES,
    DETENTION,
    RELIGION,
    TRANSFERS,
    SECURITY,
    OVERSIGHT,
    PROCUREMENT,
    INTERROGATION,
)

HIGHLAND = "Highland Province (fictional)"
UK = "United Kingdom"
ITALY = "Italy"
MILAN = "Milan"
FRANCE = "France"
LONDON = "London"
PLACES = (HIGHLAND, UK, ITALY, MILAN, FRANCE, LONDON)

# --- Quotable sentences -----------------------------------------------------------------------
# Each stands at the start of a paragraph on its page, short enough to sit on one line of the PDF,
# so the extracted page text holds it verbatim. A letter quotes them; tests check they are there.

QUOTATIONS = (
    Quotation(
        "prayer_hall",
        "cloisters_report",
        2,
        "The cameras in the prayer hall were installed in March.",
    ),
    Quotation(
        "fourteen_monasteries",
        "cloisters_report",
        3,
        "All fourteen monasteries we visited had cameras from the same supplier.",
    ),
    Quotation(
        "look_at_camera",
        "cloisters_report",
        4,
        "Monks said they were told to look at the camera when they entered.",
    ),
    Quotation(
        "cell_light",
        "witness_k_testimony",
        2,
        "There was a camera in the corner of the cell and its light never went off.",
    ),
    Quotation(
        "camera_would_know",
        "witness_k_testimony",
        3,
        "The guard said the camera would know if we spoke to each other.",
    ),
    Quotation(
        "ninety_seconds",
        "milan_news",
        2,
        "The devices contacted a server outside the European Union every ninety seconds.",
    ),
    Quotation(
        "four_occasions",
        "foi_meetings",
        2,
        "The Commissioner asked the company to attend a public meeting on four occasions.",
    ),
    Quotation(
        "no_meeting",
        "foi_meetings",
        4,
        "No representative of the company has attended a public meeting to date.",
    ),
    Quotation(
        "still_waiting",
        "commissioner_annual_report",
        4,
        "We have asked the supplier to explain itself in public and are still waiting.",
    ),
    Quotation(
        "half_of_councils",
        "commissioner_annual_report",
        3,
        "About half of the councils that answered our survey use cameras from one supplier.",
    ),
    Quotation(
        "sales_grew",
        "company_accounts",
        2,
        "Sales to UK local authorities grew by 18 per cent during the year.",
    ),
    Quotation(
        "chair_sensors",
        "interrogation_paper",
        3,
        "The brochure describes a chair with sensors that record pulse and breathing.",
    ),
    Quotation(
        "stress_score",
        "interrogation_paper",
        4,
        "The software gives each answer a score for signs of stress.",
    ),
    Quotation(
        "port_8443",
        "firmware_advisory",
        2,
        "Firmware version 5.2.1 connects to a hard-coded address on port 8443.",
    ),
    Quotation(
        "sixty_one_councils",
        "council_survey",
        2,
        "Of the 120 councils that answered, 61 said they use the company's cameras.",
    ),
    Quotation(
        "never_sold",
        "company_statement",
        2,
        "We have never sold an interrogation product in the United Kingdom.",
    ),
    Quotation(
        "gare_images",
        "french_release",
        2,
        "Les caméras envoyaient des images vers un serveur à l'étranger.",
    ),
)
_Q = {q.key: q.text for q in QUOTATIONS}


def _council_survey_csv() -> str:
    # 120 invented councils; (37 * n) % 120 < 61 picks exactly 61 of them, spread out.
    rows = ["council,responded_on,uses_example_camera_co,cameras_reported"]
    for n in range(1, 121):
        uses = (37 * n) % 120 < 61
        cameras = 3 + (n * 11) % 40 if uses else 0
        day = 1 + (n * 7) % 28
        rows.append(
            f"Example Council {n:03d} (demonstration),2024-03-{day:02d},"
            f"{'yes' if uses else 'no'},{cameras}"
        )
    return "\n".join(rows) + "\n"


# --- Evidence items ---------------------------------------------------------------------------

ITEMS = (
    Item(
        key="cloisters_report",
        title="Cameras in the Cloisters: camera installations at monasteries in Highland Province",
        kind=EvidenceKind.REPORT,
        source=NGO,
        summary="A field report on network cameras installed inside fourteen monasteries, with"
        " what monks said about them and what the supplier's brochure says they can do. "
        + DEMO_NOTE,
        authors=("Example, Ada", "Sample, Rafael"),
        published_on=date(2023, 9, 12),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 2, 3),
        original_url="https://example.org/watchful-rights/reports/cameras-in-the-cloisters.pdf",
        archived_url="https://example.org/archive/2024/watchful-rights/cameras-in-the-cloisters",
        language="en",
        topics=(CAMERAS, FACES, RELIGION),
        places=(HIGHLAND,),
        files=(
            PdfSpec(
                name="cameras-in-the-cloisters.pdf",
                title="Cameras in the Cloisters (report, 6 pages)",
                author=NGO,
                pages=(
                    DocPage(
                        "Cameras in the Cloisters",
                        (
                            "A field report by the Watchful Rights Collective on camera"
                            " installations at monasteries in Highland Province, September 2023.",
                            "Between January and June 2023 our researchers visited fourteen"
                            " monasteries. At each one we asked the community when cameras had been"
                            " installed, who had installed them, where they pointed and what the"
                            " monks had been told about them. We photographed the devices where we"
                            " could do so without putting anyone at risk.",
                            "This report sets out what we found, compares it with the supplier's"
                            " own product literature and ends with recommendations for the"
                            " supplier and for the authorities that bought the systems.",
                        ),
                    ),
                    DocPage(
                        "1. The Monastery of the Upper Valley",
                        (
                            _Q["prayer_hall"] + " The monks told us that a contractor came without"
                            " warning, fitted four domes to the ceiling beams and left a small grey"
                            " box in the porter's lodge. Nobody asked the abbot's permission.",
                            "Two of the domes face the rows where the monks sit for the morning"
                            " chant. A third looks at the door to the library. The fourth is above"
                            " the main altar and faces the congregation.",
                            "A senior monk told us that since the installation fewer lay visitors"
                            " come to the evening prayer, and that those who do come keep their"
                            " heads down.",
                        ),
                    ),
                    DocPage(
                        "2. Fourteen monasteries, one supplier",
                        (
                            _Q["fourteen_monasteries"] + " The labels on the housings, the mounting"
                            " brackets and the recorders in the porters' lodges all carry the name"
                            " Example Camera Co.",
                            "In twelve of the fourteen monasteries at least one camera watches a"
                            " place of worship. In nine, a camera watches the entrance to the"
                            " sleeping quarters. In every case the recorders were connected to a"
                            " telephone line or a mobile data router, not only to a local screen.",
                            "The annex to this report lists each site with the number of cameras we"
                            " counted and the month the community says they were installed.",
                        ),
                    ),
                    DocPage(
                        "3. What the monks were told",
                        (
                            _Q["look_at_camera"] + " At five monasteries the instruction was"
                            " written on a notice by the door; at the others it was given by the"
                            " officials who came with the contractor.",
                            "Several monks described the cameras as a roll call. One said that a"
                            " novice who had missed two morning prayers was visited at home by an"
                            " official the following week, although nobody had reported his"
                            " absence.",
                            "The supplier's brochure for the dome model advertises recognition of a"
                            " face among 30,000 stored faces and an alert when a listed person"
                            " appears.",
                        ),
                    ),
                    DocPage(
                        "4. Our questions to the supplier",
                        (
                            "We wrote to Example Camera Co. on 2 May and again on 6 June 2023"
                            " with our findings and asked whether it had supplied the cameras,"
                            " whether it had assessed the risks to the communities, and whether"
                            " the recognition features were switched on. We had no answer by the"
                            " time of writing.",
                            "We also asked the provincial authorities for the contracts under which"
                            " the systems were bought. That request was refused.",
                        ),
                    ),
                    DocPage(
                        "5. Recommendations",
                        (
                            "The supplier should say publicly which of its products were sold for"
                            " use in places of worship in Highland Province, disable recognition"
                            " features on them and stop servicing the installations.",
                            "Buyers of the same products elsewhere, including UK councils, should"
                            " ask the supplier to account for these sales before renewing any"
                            " contract.",
                            "Everything in this report is invented for the Evidence Archive"
                            " demonstration.",
                        ),
                    ),
                ),
            ),
            PdfSpec(
                name="cameras-in-the-cloisters-annex.pdf",
                title="Annex: the fourteen monasteries (2 pages)",
                author=NGO,
                pages=(
                    DocPage(
                        "Annex: sites visited (1 of 2)",
                        (
                            "Site 1, Monastery of the Upper Valley: 4 cameras, installed March"
                            " 2022.",
                            "Site 2, Monastery of the Cedar Gate: 3 cameras, installed May 2022.",
                            "Site 3, Hermitage of the Eastern Ridge: 2 cameras, installed May"
                            " 2022.",
                            "Site 4, Monastery of the White Stupa: 6 cameras, installed June 2022.",
                            "Site 5, Monastery of the Lower Ford: 2 cameras, installed July 2022.",
                            "Site 6, Convent of the Spring: 3 cameras, installed August 2022.",
                            "Site 7, Monastery of the Old Bridge: 5 cameras, installed October"
                            " 2022.",
                        ),
                    ),
                    DocPage(
                        "Annex: sites visited (2 of 2)",
                        (
                            "Site 8, Monastery of the High Pass: 4 cameras, installed November"
                            " 2022.",
                            "Site 9, Monastery of the Willow Court: 2 cameras, installed"
                            " December 2022.",
                            "Site 10, Hermitage of the North Face: 1 camera, installed January"
                            " 2023.",
                            "Site 11, Monastery of the Red Wall: 7 cameras, installed January"
                            " 2023.",
                            "Site 12, Convent of the Lake: 3 cameras, installed February 2023.",
                            "Site 13, Monastery of the Stone Steps: 4 cameras, installed March"
                            " 2023.",
                            "Site 14, Monastery of the Long Valley: 5 cameras, installed April"
                            " 2023.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="witness_k_testimony",
        title="Testimony of Witness K: eleven months in a watched cell",
        kind=EvidenceKind.TESTIMONY,
        source=WITNESS,
        summary="A former detainee describes a cell watched day and night by a camera, and what"
        " guards said the camera could do. Published with the witness's consent under a"
        " pseudonym. " + DEMO_NOTE,
        authors=("Witness K (pseudonym)", "Noor Placeholder (interviewer)"),
        published_on=date(2023, 11, 1),
        date_precision=DatePrecision.MONTH,
        retrieved_on=date(2024, 2, 3),
        original_url="https://example.org/watchful-rights/testimony/witness-k.pdf",
        archived_url="https://example.org/archive/2024/watchful-rights/testimony-witness-k",
        language="en",
        topics=(DETENTION, CAMERAS, FACES),
        places=(HIGHLAND,),
        files=(
            PdfSpec(
                name="testimony-witness-k.pdf",
                title="Testimony of Witness K (transcript, 4 pages)",
                author=NGO,
                pages=(
                    DocPage(
                        "Testimony of Witness K",
                        (
                            "Transcript of an interview recorded in October 2023. The witness asked"
                            " to be identified only as Witness K. Details that could identify the"
                            " witness or other detainees have been removed.",
                            "Witness K was held for eleven months in a detention centre in Highland"
                            " Province after being stopped at a checkpoint. No charge was ever read"
                            " out to the witness.",
                        ),
                    ),
                    DocPage(
                        "The cell",
                        (
                            _Q["cell_light"] + " The cell was about four metres by five and held"
                            " twelve people. We slept in two rows on the floor.",
                            "We were not allowed to cover our faces, even to sleep. If someone"
                            " turned to the wall, a voice came from a speaker next to the camera"
                            " and told them to turn back.",
                            "There was a second camera above the door that looked at the whole room"
                            " and a third one in the corridor outside.",
                        ),
                    ),
                    DocPage(
                        "Speaking",
                        (
                            _Q["camera_would_know"] + " We were not allowed to speak our own"
                            " language. People who whispered were taken out of the cell and came"
                            " back hours later.",
                            "Once, after two of us had prayed quietly, we were all called to the"
                            " corridor and shown our faces on a screen with a list of names beside"
                            " them.",
                        ),
                    ),
                    DocPage(
                        "Release",
                        (
                            "Before I was released I was photographed again from the front and from"
                            " both sides, and told to read a paragraph aloud into a microphone.",
                            "I do not know who made the cameras. I remember a logo with a blue"
                            " eye on the box by the door.",
                            "This testimony is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="restricted_testimony",
        title=f"{CANARY} Testimony of Witness R (restricted demonstration item)",
        kind=EvidenceKind.TESTIMONY,
        source=WITNESS,
        summary=f"{CANARY}: an account whose details could identify the witness, so it is"
        " visible only to researchers. Anonymous visitors must never see this item, its title,"
        " its files or its text. " + DEMO_NOTE,
        authors=("Witness R (pseudonym)", "Noor Placeholder (interviewer)"),
        published_on=date(2023, 12, 4),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 2, 3),
        original_url="https://example.org/watchful-rights/restricted/witness-r.pdf",
        archived_url="",
        language="en",
        topics=(DETENTION, CAMERAS),
        places=(HIGHLAND,),
        access_level=AccessLevel.RESTRICTED,
        files=(
            PdfSpec(
                name=f"testimony-witness-r-{CANARY}.pdf",
                title=f"{CANARY} Testimony of Witness R (transcript, 3 pages)",
                author=NGO,
                pages=(
                    DocPage(
                        f"{CANARY} Testimony of Witness R",
                        (
                            f"{CANARY}. Restricted: this invented transcript stands in for"
                            " testimony whose details could identify a witness. It must only ever"
                            " be shown to logged-in researchers with permission.",
                        ),
                    ),
                    DocPage(
                        f"{CANARY} The room",
                        (
                            f"{CANARY}. The witness describes a room on the second floor of a named"
                            " building, with two cameras and a desk where officials read out the"
                            " names of the witness's relatives.",
                        ),
                    ),
                    DocPage(
                        f"{CANARY} After release",
                        (
                            f"{CANARY}. The witness describes being asked to report weekly to an"
                            " office in a named town. All of this is invented for the"
                            " demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="milan_news",
        title="Cameras on Milan streets send data to servers abroad, tests show",
        kind=EvidenceKind.NEWS_ARTICLE,
        source=NEWS,
        summary="A news report on network cameras installed by a city contractor in Milan that"
        " were seen sending data to a server outside the European Union. " + DEMO_NOTE,
        authors=("Sample, Rafael",),
        published_on=date(2024, 1, 18),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 1, 19),
        original_url="https://example.org/ledger/2024/01/18/milan-cameras-data-abroad",
        archived_url="https://example.org/archive/2024/ledger/milan-cameras-data-abroad",
        language="en",
        topics=(TRANSFERS, CAMERAS, SECURITY),
        places=(ITALY, MILAN),
        files=(
            PdfSpec(
                name="ledger-milan-cameras-data-abroad.pdf",
                title="The Example Ledger, 18 January 2024 (article, 3 pages)",
                author=NEWS,
                pages=(
                    DocPage(
                        "Cameras on Milan streets send data to servers abroad",
                        (
                            "By Rafael Sample. Milan, 18 January 2024.",
                            "Network cameras fitted to lamp posts in three districts of Milan last"
                            " year have been sending data to a server outside the European Union,"
                            " according to tests carried out for this newspaper.",
                            "The cameras, made by Example Camera Co., were installed by a"
                            " contractor working for the city to monitor traffic and public"
                            " squares.",
                        ),
                    ),
                    DocPage(
                        "What the tests found",
                        (
                            _Q["ninety_seconds"] + " Each message was small, but once a day each"
                            " camera sent a larger upload of several megabytes.",
                            "Independent security researchers who examined the traffic said the"
                            " messages were encrypted, so they could not say what the uploads held."
                            " The address they were sent to is registered to a hosting company"
                            " outside the EU.",
                        ),
                    ),
                    DocPage(
                        "The responses",
                        (
                            "The city's press office said the contract required all data to be kept"
                            " on servers in Italy and that it had asked the contractor for an"
                            " explanation.",
                            "Example Camera Co. said the connections were used to check for"
                            " software updates and that no images left the country. It did not"
                            " explain the daily uploads.",
                            "This article is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="milan_photo",
        title="Photo: three cameras on a street pole in Milan",
        kind=EvidenceKind.PHOTO,
        source=NEWS,
        summary="A photograph of a lamp post carrying three network cameras, taken for the"
        " news report on cameras sending data abroad. The original JPEG carries the camera's"
        " EXIF data including a (fictional) GPS position, which only researchers with the"
        " restricted permission receive; the public, the preview and evidence packs get a copy"
        " of its pixels without any metadata. " + DEMO_NOTE,
        authors=("Sample, Rafael",),
        published_on=date(2024, 1, 18),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 1, 19),
        original_url="https://example.org/ledger/2024/01/18/milan-cameras-pole.jpg",
        archived_url="",
        language="en",
        topics=(CAMERAS, TRANSFERS),
        places=(ITALY, MILAN),
        files=(
            ImageSpec(
                name="milan-street-pole-cameras.jpg",
                title="Three cameras on a street pole (JPEG with EXIF GPS)",
                picture="street_pole",
                caption="DEMONSTRATION IMAGE - drawn for the Evidence Archive demo",
                gps=(45.4642, 9.1900),
            ),
        ),
    ),
    Item(
        key="gate_photo",
        title="Photo: camera above the gate of the Monastery of the Upper Valley",
        kind=EvidenceKind.PHOTO,
        source=NGO,
        summary="A photograph taken during the field research for 'Cameras in the Cloisters',"
        " showing a dome camera fixed above a monastery's main gate. " + DEMO_NOTE,
        authors=("Example, Ada",),
        published_on=date(2023, 3, 1),
        date_precision=DatePrecision.MONTH,
        retrieved_on=date(2024, 2, 3),
        original_url="https://example.org/watchful-rights/photos/upper-valley-gate.png",
        archived_url="",
        language="en",
        topics=(CAMERAS, RELIGION),
        places=(HIGHLAND,),
        files=(
            ImageSpec(
                name="upper-valley-monastery-gate.png",
                title="Camera above a monastery gate (PNG)",
                picture="monastery_gate",
                caption="DEMONSTRATION IMAGE - drawn for the Evidence Archive demo",
            ),
        ),
    ),
    Item(
        key="company_statement",
        title="Example Camera Co. statement on campaigners' 'accusations'",
        kind=EvidenceKind.STATEMENT,
        source=COMPANY,
        summary="The company's public answer to the campaigners' letter, saying they are"
        " 'throwing around accusations' and denying interrogation sales in the UK. " + DEMO_NOTE,
        authors=("Example Camera Co. UK press office",),
        published_on=date(2024, 6, 3),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 6, 4),
        original_url="https://example.org/example-camera-co/news/statement-2024-06-03",
        archived_url="https://example.org/archive/2024/example-camera-co/statement-2024-06-03",
        language="en",
        topics=(CAMERAS, OVERSIGHT),
        places=(UK, LONDON),
        files=(
            PdfSpec(
                name="example-camera-co-statement-2024-06-03.pdf",
                title="Press statement, 3 June 2024 (2 pages)",
                author=COMPANY,
                pages=(
                    DocPage(
                        "Statement from Example Camera Co. UK",
                        (
                            "London, 3 June 2024. For immediate release.",
                            "Campaigners are throwing around accusations without understanding"
                            " our products or the markets we serve. Example Camera Co. complies"
                            " with the law in every country where it operates.",
                            "Our cameras help councils keep town centres, car parks and schools"
                            " safe. We are proud of that work.",
                        ),
                    ),
                    DocPage(
                        "Our position",
                        (
                            _Q["never_sold"] + " We do not comment on individual customers or"
                            " installations outside the UK.",
                            "We have received the Commissioner's letters and will respond through"
                            " the appropriate channels.",
                            "This statement is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="foi_meetings",
        title="FOI response: the Commissioner's requests for a public meeting with Example"
        " Camera Co.",
        kind=EvidenceKind.FOI_RESPONSE,
        source=GOVERNMENT,
        summary="The Commissioner's office answers a freedom of information request about its"
        " correspondence with the camera maker, and lists four invitations to a public meeting"
        " that were not taken up. " + DEMO_NOTE,
        authors=("{Information Rights Team, Office of the Camera Oversight Commissioner}",),
        published_on=date(2024, 3, 22),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 3, 25),
        original_url="https://example.org/camera-commissioner/foi/2024-0117-response.pdf",
        archived_url="https://example.org/archive/2024/camera-commissioner/foi-2024-0117",
        language="en",
        topics=(OVERSIGHT, CAMERAS),
        places=(UK,),
        files=(
            PdfSpec(
                name="foi-2024-0117-response.pdf",
                title="FOI 2024/0117 response (4 pages)",
                author=GOVERNMENT,
                pages=(
                    DocPage(
                        "Freedom of information request 2024/0117",
                        (
                            "Thank you for your request of 23 February 2024, in which you asked for"
                            " all correspondence between the Commissioner and Example Camera Co."
                            " since January 2022 about a public meeting.",
                            "We hold information within the scope of your request. It is set out"
                            " below. Names of junior staff have been removed.",
                        ),
                    ),
                    DocPage(
                        "Summary of the correspondence",
                        (
                            _Q["four_occasions"] + " The invitations were sent on 14 March 2022,"
                            " 9 September 2022, 2 February 2023 and 11 October 2023.",
                            "Each letter proposed that the company explain, at a meeting open to"
                            " the public and the press, how it ensures that its cameras sold in"
                            " the UK are not linked to abuses abroad.",
                        ),
                    ),
                    DocPage(
                        "The company's replies",
                        (
                            "The company replied to the first and third letters. In both replies it"
                            " said that it would be happy to meet the Commissioner privately.",
                            "The second and fourth letters received no reply that we hold.",
                        ),
                    ),
                    DocPage(
                        "Current position",
                        (
                            _Q["no_meeting"] + " The Commissioner has said that he will continue to"
                            " ask.",
                            "If you are unhappy with this response you may ask for an internal"
                            " review. This response is invented for the Evidence Archive"
                            " demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="council_foi_scanned",
        title="FOI response from Northfield Borough Council about its street cameras (scanned)",
        kind=EvidenceKind.FOI_RESPONSE,
        source=GOVERNMENT,
        summary="A council's answer to a freedom of information request about the cameras on"
        " its streets, printed, signed and sent back as a scan: the PDF holds pictures of its"
        " pages and no text, so the archive reads it with OCR. " + DEMO_NOTE,
        authors=("{Information Governance Team, Northfield Borough Council}",),
        published_on=date(2024, 5, 7),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 5, 9),
        original_url="https://example.org/northfield/foi/2024-0311-response.pdf",
        archived_url="",
        language="en",
        topics=(CAMERAS, PROCUREMENT),
        places=(UK,),
        files=(
            PdfSpec(
                name="northfield-foi-2024-0311-scan.pdf",
                title="FOI 2024/0311 response, scanned (2 pages)",
                author="Northfield Borough Council",
                scanned=True,
                pages=(
                    DocPage(
                        "Freedom of information request 2024/0311",
                        (
                            "You asked how many street cameras the council operates and who"
                            " supplied them.",
                            "The council operates 212 street cameras. Of these, 148 were supplied"
                            " by Example Camera Co. between 2019 and 2023.",
                        ),
                    ),
                    DocPage(
                        "Data sent outside the United Kingdom",
                        (
                            "The council does not hold a record of where the cameras send their"
                            " diagnostic data. We have asked the supplier for this information.",
                            "This response is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="commissioner_annual_report",
        title="Camera Oversight Commissioner: annual report 2023",
        kind=EvidenceKind.GOVERNMENT_DOCUMENT,
        source=GOVERNMENT,
        summary="The Commissioner's annual report to Parliament, with a survey of camera use by"
        " UK councils and an account of the attempts to hold a public meeting with the main"
        " supplier. " + DEMO_NOTE,
        authors=("Camera Oversight Commissioner",),
        published_on=date(2023, 12, 1),
        date_precision=DatePrecision.YEAR,
        retrieved_on=date(2024, 2, 10),
        original_url="https://example.org/camera-commissioner/annual-report-2023.pdf",
        archived_url="https://example.org/archive/2024/camera-commissioner/annual-report-2023",
        language="en",
        topics=(OVERSIGHT, PROCUREMENT, CAMERAS),
        places=(UK,),
        files=(
            PdfSpec(
                name="commissioner-annual-report-2023.pdf",
                title="Annual report 2023 (5 pages)",
                author=GOVERNMENT,
                pages=(
                    DocPage(
                        "Annual report 2023",
                        (
                            "Report of the Camera Oversight Commissioner to Parliament for the year"
                            " 2023.",
                            "My role is to encourage the lawful, proportionate and accountable use"
                            " of cameras in public spaces, and to report on it each year.",
                        ),
                    ),
                    DocPage(
                        "Foreword",
                        (
                            "Public trust in cameras depends on knowing who makes them, who watches"
                            " the pictures and where the data goes. This year I have focused on the"
                            " last two questions.",
                            "I am grateful to the councils that answered our survey, and concerned"
                            " that many could not tell us where their camera data is stored.",
                        ),
                    ),
                    DocPage(
                        "The council survey",
                        (
                            _Q["half_of_councils"] + " Most of those councils bought the cameras"
                            " through a single framework contract.",
                            "Fewer than one in five could tell us whether the cameras connect to"
                            " any server outside the council's own network.",
                        ),
                    ),
                    DocPage(
                        "Engaging the supplier",
                        (
                            _Q["still_waiting"] + " I have invited the company to a public meeting"
                            " four times since March 2022.",
                            "A private meeting is not a substitute. The public who are filmed by"
                            " these cameras deserve to hear the answers.",
                        ),
                    ),
                    DocPage(
                        "Recommendations",
                        (
                            "Councils should check where their camera data is sent and publish the"
                            " answer. Buyers should require suppliers to attend public scrutiny.",
                            "This report is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="company_accounts",
        title="Example Camera Co. (UK) Ltd: strategic report and accounts 2022",
        kind=EvidenceKind.CORPORATE_FILING,
        source=COMPANY,
        summary="The UK subsidiary's annual filing, reporting growth in sales to local"
        " authorities and the number of public sites its products are installed at. " + DEMO_NOTE,
        authors=("{Board of Directors, Example Camera Co. (UK) Ltd}",),
        published_on=date(2023, 4, 1),
        date_precision=DatePrecision.MONTH,
        retrieved_on=date(2024, 2, 12),
        original_url="https://example.org/companies-register/example-camera-co-uk/accounts-2022",
        archived_url="https://example.org/archive/2024/companies/example-camera-co-uk-2022",
        language="en",
        topics=(PROCUREMENT, CAMERAS),
        places=(UK, LONDON),
        files=(
            PdfSpec(
                name="example-camera-co-uk-accounts-2022.pdf",
                title="Strategic report and accounts 2022 (4 pages)",
                author=COMPANY,
                pages=(
                    DocPage(
                        "Example Camera Co. (UK) Ltd",
                        (
                            "Strategic report and financial statements for the year ended 31"
                            " December 2022. Registered office: London.",
                            "The company sells and supports the products of its parent group in the"
                            " United Kingdom and Ireland.",
                        ),
                    ),
                    DocPage(
                        "Strategic report",
                        (
                            _Q["sales_grew"] + " Total turnover rose to 41.2 million pounds.",
                            "Growth came mainly from a framework agreement that lets councils buy"
                            " our cameras without a separate tender.",
                        ),
                    ),
                    DocPage(
                        "Principal risks",
                        (
                            "Our products are installed at more than 900 public sites in the United"
                            " Kingdom. Reputational risk arising from media reports about the"
                            " group's activities elsewhere is considered a principal risk.",
                            "The directors monitor changes to rules on data transfers.",
                        ),
                    ),
                    DocPage(
                        "Directors' statement",
                        (
                            "The directors approved this report in March 2023.",
                            "This filing is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="interrogation_paper",
        title="Scoring the suspect: a review of an interrogation analytics product",
        kind=EvidenceKind.ACADEMIC_PAPER,
        source=ACADEMIC,
        summary="A peer-reviewed paper analysing the sales brochure and technical manual of an"
        " 'interrogation suite' combining cameras, chair sensors and emotion scoring. " + DEMO_NOTE,
        authors=("Example, Ada", "Testowy, Jan"),
        published_on=date(2022, 10, 1),
        date_precision=DatePrecision.MONTH,
        retrieved_on=date(2024, 2, 14),
        original_url="https://example.org/university/surveillance/papers/scoring-the-suspect",
        archived_url="https://example.org/archive/2024/university/scoring-the-suspect",
        language="en",
        topics=(INTERROGATION, FACES, DETENTION),
        places=(HIGHLAND,),
        files=(
            PdfSpec(
                name="scoring-the-suspect.pdf",
                title="Scoring the suspect (paper, 6 pages)",
                author=ACADEMIC,
                pages=(
                    DocPage(
                        "Scoring the suspect",
                        (
                            "Ada Example and Jan Testowy, Example University Surveillance Studies"
                            " Group.",
                            "Abstract. We analyse the marketing and technical documents of a"
                            " product sold as an interrogation suite. We find that it claims to"
                            " detect lies from facial movement and body signals, a claim with no"
                            " scientific support, and that it is designed for use on people who"
                            " cannot refuse.",
                        ),
                    ),
                    DocPage(
                        "1. Sources",
                        (
                            "We obtained a sales brochure dated 2021 and a 60-page technical"
                            " manual. Both carry the name and logo of Example Camera Co.",
                            "We compared the claims in these documents with published research on"
                            " emotion recognition and on the physiology of stress.",
                        ),
                    ),
                    DocPage(
                        "2. The product",
                        (
                            _Q["chair_sensors"] + " The chair has wrist and ankle restraints and a"
                            " fixed headrest that keeps the face in view of two cameras.",
                            "The manual describes a control room screen where an officer sees the"
                            " subject's face, the sensor readings and the questions on a timeline.",
                        ),
                    ),
                    DocPage(
                        "3. The scoring",
                        (
                            _Q["stress_score"] + " Answers above a threshold are marked in red"
                            " and the software suggests that the officer repeats the question.",
                            "No study we know of supports the inference from these signals to"
                            " deception. Stress is a normal response to detention itself.",
                        ),
                    ),
                    DocPage(
                        "4. Discussion",
                        (
                            "A product designed to be used on restrained people, which treats"
                            " fear as evidence of guilt, carries obvious risks of coercion. The"
                            " restraints alone raise questions under the prohibition of"
                            " ill-treatment.",
                        ),
                    ),
                    DocPage(
                        "5. Conclusion",
                        (
                            "The sale of such products should be controlled like other security"
                            " equipment that can be used for torture.",
                            "This paper is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="firmware_advisory",
        title="Advisory EXDEMO-2024-01: undocumented outbound connections in Example Camera"
        " firmware",
        kind=EvidenceKind.VULNERABILITY_ADVISORY,
        source=ACADEMIC,
        summary="A security advisory describing a hard-coded outbound connection in the"
        " firmware of a range of network cameras, with affected versions and mitigations. "
        + DEMO_NOTE,
        authors=("Testowy, Jan", "Fictive, Claire"),
        published_on=date(2024, 2, 7),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 2, 8),
        original_url="https://example.org/university/surveillance/advisories/exdemo-2024-01",
        archived_url="https://example.org/archive/2024/university/exdemo-2024-01",
        language="en",
        topics=(SECURITY, TRANSFERS),
        places=(ITALY, UK),
        files=(
            PdfSpec(
                name="advisory-exdemo-2024-01.pdf",
                title="Advisory EXDEMO-2024-01 (3 pages)",
                author=ACADEMIC,
                pages=(
                    DocPage(
                        "Advisory EXDEMO-2024-01",
                        (
                            "Undocumented outbound connections in Example Camera firmware.",
                            "Severity: high. Affected: dome and bullet cameras running firmware 5.0"
                            " to 5.2.1. Fixed: no fixed version is available.",
                        ),
                    ),
                    DocPage(
                        "Details",
                        (
                            _Q["port_8443"] + " The address cannot be changed in the settings and"
                            " the connection is made even when cloud features are switched off.",
                            "The camera sends its serial number, its uptime and a list of detected"
                            " events. Once a day it accepts a request to upload recorded clips.",
                        ),
                    ),
                    DocPage(
                        "Mitigation and timeline",
                        (
                            "Block outbound traffic from cameras at the network edge. Isolate"
                            " recorders from the internet.",
                            "We reported the issue to the vendor on 3 November 2023 and received no"
                            " reply. This advisory is invented for the Evidence Archive"
                            " demonstration.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="council_survey",
        title="Council camera survey 2024: which UK councils use Example Camera Co. devices",
        kind=EvidenceKind.DATASET,
        source=NGO,
        summary="Answers from 120 UK councils to a freedom of information survey on the"
        " cameras they operate, as a table and a CSV file. " + DEMO_NOTE,
        authors=("Placeholder, Noor", "Sample, Rafael"),
        published_on=date(2024, 4, 30),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 5, 2),
        original_url="https://example.org/watchful-rights/data/council-camera-survey-2024",
        archived_url="https://example.org/archive/2024/watchful-rights/council-camera-survey",
        language="en",
        topics=(PROCUREMENT, CAMERAS, OVERSIGHT),
        places=(UK,),
        files=(
            PdfSpec(
                name="council-camera-survey-2024.pdf",
                title="Council camera survey 2024: method and results (3 pages)",
                author=NGO,
                pages=(
                    DocPage(
                        "Council camera survey 2024",
                        (
                            "In March 2024 we sent the same freedom of information request to 150"
                            " UK councils, asking which makes of camera they operate in public"
                            " spaces and how many.",
                            "The full answers are in the CSV file published with this note.",
                        ),
                    ),
                    DocPage(
                        "Results",
                        (
                            _Q["sixty_one_councils"] + " That is a share of 51 per cent of the"
                            " councils that answered, and 41 per cent of all councils asked.",
                            "Those 61 councils reported 1,497 cameras between them. Thirty councils"
                            " did not answer within the legal time limit.",
                        ),
                    ),
                    DocPage(
                        "Notes on the data",
                        (
                            "Council names in the CSV file are replaced by numbers. Counts are as"
                            " reported by each council and were not checked on the ground.",
                            "This dataset is invented for the Evidence Archive demonstration.",
                        ),
                    ),
                ),
            ),
            TextSpec(
                name="council-camera-survey-2024.csv",
                title="Council camera survey 2024 (CSV, 120 rows)",
                text=_council_survey_csv(),
            ),
        ),
    ),
    Item(
        key="french_release",
        title="Communiqué : des caméras connectées envoient des images hors de l'Union européenne",
        kind=EvidenceKind.STATEMENT,
        source=NGO,
        summary="Communiqué de presse en français sur des caméras qui envoient des données vers"
        " un serveur à l'étranger, à la suite des essais réalisés à Milan. " + DEMO_NOTE,
        authors=("Fictive, Claire",),
        published_on=date(2024, 1, 25),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 1, 26),
        original_url="https://example.org/watchful-rights/fr/communique-2024-01-25",
        archived_url="https://example.org/archive/2024/watchful-rights/fr/communique-2024-01-25",
        language="fr",
        topics=(TRANSFERS, CAMERAS),
        places=(FRANCE, ITALY),
        files=(
            PdfSpec(
                name="communique-cameras-2024-01-25.pdf",
                title="Communiqué du 25 janvier 2024 (3 pages)",
                author=NGO,
                notice=PDF_NOTICE_FR,
                pages=(
                    DocPage(
                        "Communiqué de presse",
                        (
                            "Paris, le 25 janvier 2024.",
                            "Après les essais publiés à Milan, notre collectif demande aux"
                            " collectivités françaises de vérifier où partent les données de leurs"
                            " caméras de vidéoprotection.",
                        ),
                    ),
                    DocPage(
                        "Ce que montrent les essais",
                        (
                            _Q["gare_images"] + " Les appareils contactaient ce serveur toutes"
                            " les quatre-vingt-dix secondes, même lorsque les fonctions en ligne"
                            " étaient désactivées.",
                            "Des caméras du même modèle sont installées dans plusieurs gares et"
                            " places publiques en France.",
                        ),
                    ),
                    DocPage(
                        "Nos demandes",
                        (
                            "Nous demandons la publication des contrats, un contrôle indépendant du"
                            " trafic réseau et la suspension des appareils concernés.",
                            "Ce communiqué est inventé pour la démonstration de l'Evidence"
                            " Archive.",
                        ),
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="procurement_email",
        title="Email: a council officer forwards the camera tender's scoring sheet",
        kind=EvidenceKind.GOVERNMENT_DOCUMENT,
        source=NGO,
        summary="An email from a council procurement officer forwarding the scoring sheet of a"
        " camera tender, with the sheet attached; the attachment is a file of its own. "
        + DEMO_NOTE,
        authors=("Invented, Robin",),
        published_on=date(2024, 4, 9),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 4, 15),
        original_url="https://example.org/watchful-rights/leaks/tender-scoring-email",
        archived_url="https://example.org/archive/2024/watchful-rights/tender-scoring-email",
        language="en",
        topics=(PROCUREMENT, CAMERAS),
        places=(UK, LONDON),
        files=(
            EmailSpec(
                name="tender-scoring-forward.eml",
                title="Email of 9 April 2024, with the scoring sheet",
                subject="Fwd: camera tender scoring",
                sender="Robin Invented <robin.invented@example.org>",
                to="Watchful Rights Collective <tips@example.org>",
                date="Tue, 09 Apr 2024 16:05:00 +0100",
                body="Hello,\n\nAs promised, the scoring sheet for the camera tender is"
                " attached. Price counted for seventy per cent of the score and data"
                " protection for five.\n\nRobin\n\nThis email is invented for the Evidence"
                " Archive demonstration.",
                attachments=(
                    TextSpec(
                        name="tender-scoring.txt",
                        title="Tender scoring sheet",
                        text="Camera tender scoring (demonstration)\n"
                        "Price: 70 points\nDelivery time: 25 points\nData protection: 5 points\n",
                    ),
                ),
            ),
        ),
    ),
    Item(
        key="saved_news_page",
        title="Saved page: a borough pauses its facial recognition trial",
        kind=EvidenceKind.NEWS_ARTICLE,
        source=NEWS,
        summary="A news page saved from the web as HTML; the archive reads its main text and"
        " serves the page itself only as a download. " + DEMO_NOTE,
        authors=("Example, Sam",),
        published_on=date(2024, 5, 2),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 5, 3),
        original_url="https://example.org/ledger/2024/05/02/borough-pauses-trial",
        archived_url="https://example.org/archive/2024/ledger/borough-pauses-trial",
        language="en",
        topics=(FACES, OVERSIGHT),
        places=(UK, LONDON),
        files=(
            TextSpec(
                name="borough-pauses-trial.html",
                title="The Example Ledger, 2 May 2024 (saved web page)",
                text="<!doctype html><html><head><meta charset='utf-8'>"
                "<title>Borough pauses facial recognition trial</title>"
                "<meta property='article:published_time' content='2024-05-02'></head><body>"
                "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
                "<h1>Borough pauses facial recognition trial</h1>"
                "<p>The borough council paused its facial recognition trial on Thursday after"
                " residents asked who could see the images and for how long they were kept.</p>"
                "<p>A council spokesperson said the trial would stay paused until an independent"
                " review of its data protection assessment was published.</p>"
                "<p>This page is invented for the Evidence Archive demonstration.</p>"
                "</article><footer>Copyright The Example Ledger</footer></body></html>",
            ),
        ),
    ),
    Item(
        key="word_briefing",
        title="Briefing note on camera procurement rules (Word document)",
        kind=EvidenceKind.REPORT,
        source=NGO,
        summary="A short briefing note sent to us as a Word document; the archive reads it"
        " through a PDF made by LibreOffice and keeps the .docx as the original. " + DEMO_NOTE,
        authors=("Placeholder, Alex",),
        published_on=date(2024, 6, 11),
        date_precision=DatePrecision.DAY,
        retrieved_on=date(2024, 6, 12),
        original_url="https://example.org/watchful-rights/briefings/procurement-rules",
        archived_url="https://example.org/archive/2024/watchful-rights/procurement-rules",
        language="en",
        topics=(PROCUREMENT, OVERSIGHT),
        places=(UK,),
        files=(
            WordSpec(
                name="procurement-rules-briefing.docx",
                title="Briefing note, 11 June 2024 (Word document)",
                paragraphs=(
                    "Briefing note: camera procurement rules",
                    "Public bodies buying cameras should publish the contract, the data"
                    " protection assessment and the country where the images are stored.",
                    "A tender that gives data protection five points out of a hundred tells"
                    " suppliers that it does not matter.",
                    "This briefing is invented for the Evidence Archive demonstration.",
                ),
            ),
        ),
    ),
)

# --- The letter -------------------------------------------------------------------------------

LETTER = LetterSpec(
    slug="demo-letter-to-example-camera-co-uk",
    title="Letter to Example Camera Co. Ltd, UK office: cameras in monasteries, detention cells"
    " and UK councils",
    recipient="Managing Director, Example Camera Co. Ltd (demonstration), UK office, London",
    date_sent=date(2024, 5, 14),
    letter_status="answered",
    paragraphs=(
        "This letter is demonstration content: the company, the people and the events in it are"
        " invented to show how a letter's claims stand on evidence in the archive.",
        "Dear Managing Director,",
        "We are writing about the use of your company's cameras in places and for purposes that"
        " raise serious human rights concerns, and about your company's refusal to answer those"
        " concerns in public. Each point below links to the evidence it rests on, so that you,"
        " and anyone reading this letter, can check it at the cited page.",
        "First, monasteries. Our field report on the Monastery of the Upper Valley records:"
        " [[quote:prayer_hall]]",
        "Across the province, the report found: [[quote:fourteen_monasteries]]",
        "A photograph shows one of these cameras above a monastery gate, [[cite:gate_photo]] and"
        " the report adds: [[quote:look_at_camera]]",
        "Did your company or its distributors supply these cameras, and are their recognition"
        " features switched on?",
        "Second, detention. A former detainee told us: [[quote:cell_light]]",
        "The same witness said: [[quote:camera_would_know]]",
        "Has your company supplied cameras or software to detention facilities in Highland"
        " Province, directly or through third parties?",
        "Third, interrogation. Researchers who studied a product sold under your company's name"
        " write: [[quote:chair_sensors]]",
        "They add: [[quote:stress_score]]",
        "Do you sell this product or any of its components, and to whom?",
        "Fourth, data sent abroad. Tests on cameras installed in Milan found: [[quote:"
        "ninety_seconds]]",
        "A security advisory reports: [[quote:port_8443]]",
        "A photograph shows cameras of the model concerned. [[cite:milan_photo]]",
        "Where is that server, who operates it, and what data does it receive from cameras in"
        " the United Kingdom?",
        "Fifth, accountability. The Commissioner's records show: [[quote:four_occasions]]",
        "They also show: [[quote:no_meeting]]",
        "The Commissioner's annual report says: [[quote:still_waiting]]",
        "Will you now attend a public meeting?",
        "Sixth, UK councils. Our survey found: [[quote:sixty_one_councils]]",
        "The Commissioner found: [[quote:half_of_councils]]",
        "Your own accounts say: [[quote:sales_grew]]",
        "How many UK councils use your cameras today, and what have you told them about the"
        " matters above?",
        "We will publish this letter and any reply you send. We ask for your answer by 14 June"
        " 2024.",
        "Yours sincerely, the Watchful Rights Collective (demonstration)",
    ),
)


def item_by_key(key: str) -> Item:
    for item in ITEMS:
        if item.key == key:
            return item
    raise KeyError(key)
