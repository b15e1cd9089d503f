"""Originals shared by several machines: a folder or an S3 bucket, one interface, chosen by URL.

Every behaviour test runs on both backends: the folder (a real temporary folder) and a bucket
(boto3 against moto's in-process S3, `mock_aws`: the real client code, a simulated service).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.config import load_settings
from kb.extract import ExtractionResult
from kb.models import ParsedDocument
from kb.originals import Originals, OriginalsUnavailable, S3Originals, open_originals, originals_at, sha256_of
from kb.pipeline import Pipeline
from kb.store import Store

BUCKET = "policykb-originals"


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch):
    """moto's S3 with a bucket, and credentials that can only reach it."""
    pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with moto.mock_aws():
        import boto3

        boto3.client("s3").create_bucket(Bucket=BUCKET)
        yield


@pytest.fixture(params=["folder", "s3"])
def originals(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "folder":
        return originals_at(f"file://{tmp_path / 'shared'}")
    request.getfixturevalue("s3_env")
    return originals_at(f"s3://{BUCKET}/kb-one")


PLAN = b"The harbour authority will dredge the east channel by 2031.\n"


def test_put_keeps_bytes_under_their_sha256_and_get_returns_them(originals):
    sha = originals.put(PLAN)
    assert sha == sha256_of(PLAN)
    assert originals.exists(sha)
    assert originals.get(sha) == PLAN


def test_the_same_bytes_twice_are_kept_once(originals):
    assert originals.put(PLAN) == originals.put(PLAN)
    assert list(originals) == [sha256_of(PLAN)]


def test_listing_gives_every_kept_sha256_in_order(originals):
    shas = sorted(originals.put(f"Plan number {i}: the council will plant {i} trees.".encode()) for i in range(5))
    assert list(originals) == shas


def test_remove_deletes_and_is_quiet_when_already_gone(originals):
    sha = originals.put(PLAN)
    originals.remove(sha)
    assert not originals.exists(sha)
    originals.remove(sha)  # a second clean-up pass finds nothing and says nothing
    with pytest.raises(FileNotFoundError):
        originals.get(sha)


def test_a_name_that_is_not_a_sha256_is_refused(originals):
    for bad in ("../../etc/passwd", "ABC", "g" * 64):
        with pytest.raises(ValueError, match="not a sha256"):
            originals.exists(bad)


def test_a_folder_write_leaves_no_temporary_file(tmp_path: Path):
    store = Originals(tmp_path)
    sha = store.put(PLAN)
    assert sorted(p.name for p in (tmp_path / sha[:2]).iterdir()) == [sha]


def test_a_crash_leftover_is_not_listed_as_an_original(tmp_path: Path):
    store = Originals(tmp_path)
    sha = store.put(PLAN)
    (tmp_path / sha[:2] / ".tmp-half-written").write_bytes(b"half")
    assert list(store) == [sha]


def test_two_buckets_prefixes_do_not_see_each_other(s3_env):
    one, two = originals_at(f"s3://{BUCKET}/kb-one"), originals_at(f"s3://{BUCKET}/kb-two")
    sha = one.put(PLAN)
    assert one.exists(sha) and not two.exists(sha)
    assert list(two) == []


def test_the_bucket_keys_are_content_addressed_under_the_prefix(s3_env):
    import boto3

    store = originals_at(f"s3://{BUCKET}/kb-one/")
    sha = store.put(PLAN)
    keys = [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"kb-one/{sha[:2]}/{sha}"]


# -- chosen by URL in the settings ------------------------------------------------------------

def test_by_default_the_originals_are_the_data_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("POLICYKB_ORIGINALS_URL", raising=False)
    settings = load_settings(data_dir=tmp_path / "data")
    store = open_originals(settings)
    assert isinstance(store, Originals) and store.root == tmp_path / "data" / "originals"


def test_a_file_url_shares_one_folder_between_data_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POLICYKB_ORIGINALS_URL", f"file://{tmp_path / 'shared'}")
    node_a, node_b = load_settings(data_dir=tmp_path / "a"), load_settings(data_dir=tmp_path / "b")
    sha = open_originals(node_a).put(PLAN)
    assert open_originals(node_b).get(sha) == PLAN
    assert node_b.originals_dir == tmp_path / "shared"  # what backups and callers of the folder see


def test_an_s3_url_with_an_endpoint_reaches_the_bucket(s3_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("POLICYKB_ORIGINALS_URL", f"s3://{BUCKET}/kb-one")
    monkeypatch.setenv("POLICYKB_S3_ENDPOINT_URL", "https://s3.us-east-1.amazonaws.com")  # moto answers it
    settings = load_settings(data_dir=tmp_path / "data")
    assert (settings.originals_url, settings.s3_endpoint_url) == (f"s3://{BUCKET}/kb-one",
                                                                  "https://s3.us-east-1.amazonaws.com")
    store = open_originals(settings)
    assert isinstance(store, S3Originals)
    sha = store.put(PLAN)
    assert originals_at(f"s3://{BUCKET}/kb-one").get(sha) == PLAN
    assert not (tmp_path / "data" / "originals").exists()


@pytest.mark.parametrize("url, message", [
    ("s3:///no-bucket", "needs a bucket"),
    ("file://otherhost/share", "local folder"),
    ("ftp://host/originals", "folder .* or a bucket"),
])
def test_a_bad_originals_url_says_what_is_accepted(url: str, message: str):
    with pytest.raises(OriginalsUnavailable, match=message):
        originals_at(url)


# -- the pipeline on a bucket ------------------------------------------------------------------

class NoCommitments:
    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        return ExtractionResult((), ())


def test_the_pipeline_keeps_uploads_in_the_bucket_and_reprocesses_from_it(s3_env, tmp_path: Path):
    settings = load_settings(data_dir=tmp_path / "data", originals_url=f"s3://{BUCKET}/kb-one")
    store = Store(settings.db_path)
    try:
        pipeline = Pipeline(settings, store, extractor=NoCommitments())
        outcome = pipeline.ingest_bytes(PLAN, "harbour.txt")
        assert outcome.status == "added"
        doc = store.get_document(outcome.document_id)
        assert originals_at(f"s3://{BUCKET}/kb-one").get(doc.sha256) == PLAN
        assert not settings.originals_dir.exists()  # nothing went to the local folder
    finally:
        store.close()
