"""Text in the encodings PolicyKB meets decodes to the same clean text."""

from __future__ import annotations

import codecs

import pytest

from kb.ingest import parse_bytes

ENGLISH = "Café policy\n\nThe région will build 5G networks by 2025.\n"
CHINESE = "河池建设绿色发展先行区\n\n河池市将加快建设清洁低碳、安全高效的能源体系，到2025年建成5G基站6000个。\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(ENGLISH.encode("utf-8"), ENGLISH, id="utf-8"),
        pytest.param(ENGLISH.encode("utf-8-sig"), ENGLISH, id="utf-8-bom"),
        pytest.param(ENGLISH.encode("utf-16"), ENGLISH, id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"), ENGLISH, id="utf-16-be-bom"),
        pytest.param(ENGLISH.encode("latin-1"), ENGLISH, id="latin-1"),
        pytest.param(CHINESE.encode("gbk"), CHINESE, id="gbk"),
        pytest.param(CHINESE.encode("gb18030"), CHINESE, id="gb18030"),
        pytest.param(CHINESE.encode("utf-8"), CHINESE, id="utf-8-chinese"),
    ],
)
def test_encodings_decode_to_the_same_text(data, expected):
    doc = parse_bytes(data, "doc.txt")
    assert doc.text == "\n\n".join(part.strip() for part in expected.split("\n\n") if part.strip())
    assert doc.title == expected.split("\n")[0]


@pytest.mark.parametrize(
    "word",
    ["été", "déjà vu", "naïve", "Müller", "São Paulo"],
)
def test_latin1_words_are_not_mistaken_for_chinese(word):
    data = f"Report\n\nThe {word} programme will start in 2024.\n".encode("latin-1")
    assert word in parse_bytes(data, "r.txt").text


def test_windows_1252_quotes():
    data = "Report\n\nThe \u201cgreen\u201d plan will start.\n".encode("cp1252")
    assert "\u201cgreen\u201d" in parse_bytes(data, "r.txt").text


def test_whitespace_and_control_characters_are_normalised():
    data = "Title line\r\n\r\nThe\u00a0city\u00a0 will\tbuild\x07 roads.\u200b\r\nMore text.\r\n".encode("utf-8")
    doc = parse_bytes(data, "ws.txt")
    assert doc.text == "Title line\n\nThe city will build roads. More text."
    assert "\r" not in doc.text and "\u00a0" not in doc.text


def test_a_few_bad_utf8_bytes_are_replaced_with_a_warning():
    data = ("Résumé of the plan\n\n" + "The région will build roads. " * 20).encode("utf-8") + b"\xff\n"
    doc = parse_bytes(data, "bad.txt")
    assert "région" in doc.text
    assert any("not valid UTF-8" in warning for warning in doc.warnings)


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "GB18030"])
def test_html_declared_charset(charset):
    page = (
        f'<html><head><meta charset="{charset}"><title>绿色发展</title></head>'
        "<body><p>河池市将加快建设清洁低碳的能源体系。</p></body></html>"
    )
    doc = parse_bytes(page.encode("gb18030"), "page.html")
    assert doc.text == "河池市将加快建设清洁低碳的能源体系。"
    assert doc.title == "绿色发展"


def test_html_declared_latin1_is_read_as_windows_1252():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
    page += "<body><p>The \u201cgreen\u201d caf\u00e9 will open.</p></body></html>"
    assert parse_bytes(page.encode("cp1252"), "p.html").text == "The \u201cgreen\u201d caf\u00e9 will open."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_truncated_bom_text_is_read_with_a_warning(encoding):
    data = ("Plan é\n\n" + "The région will act. " * 50 + "é").encode(encoding)[:-1]  # cut inside the last "é"
    doc = parse_bytes(data, "cut.txt")
    assert doc.title == "Plan é" and "région" in doc.text
    assert any("were replaced" in warning for warning in doc.warnings)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param("Die Regierung wird bis 2030 die Emissionen senken. Maßnahmen für Gebäude.", "latin-1", id="german-latin-1"),
        pytest.param("Le gouvernement réduira les émissions d'ici 2030. Déjà, la région a planté.", "latin-1", id="french-latin-1"),
        pytest.param("Rząd zatwierdził plan ograniczenia emisji do 2030 roku. Źródła energii będą rozwijane.", "cp1250", id="polish-cp1250"),
        pytest.param("Правительство утвердило план по сокращению выбросов к 2030 году. " * 20, "cp1251", id="russian-cp1251"),
        pytest.param("정부는 2030년까지 온실가스 배출을 줄이는 계획을 승인했다.", "euc_kr", id="korean-euc-kr"),
        pytest.param("政府將於2030年前完成能源轉型計畫，減少溫室氣體排放。", "big5", id="chinese-big5"),
        pytest.param("政府は2030年までに温室効果ガスの排出量を削減する計画を承認した。", "shift_jis", id="japanese-shift-jis"),
    ],
)
def test_other_legacy_encodings_are_detected(text, encoding):
    """Beyond Windows-1252 and GB18030, charset-normalizer picks the encoding that reads cleanly."""
    doc = parse_bytes(f"Report\n\n{text.strip()}\n".encode(encoding), "legacy.txt")
    assert doc.text == f"Report\n\n{text.strip()}"
