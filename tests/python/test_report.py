"""The report of any location (``furong report LOCATION --out DIR``, furong.report.write_report):
a directory and a store, Chinese and English, every table complete in its CSV, names of
organisations beside their ids and residents' names only on request, every string escaped."""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pandas as pd
import pytest

import furong
from furong import report
from furong._messages import MESSAGES, Messages, default_lang

EVIL = "<script>alert(1)</script>"
AS_OF = "2025-06-30"


@pytest.fixture(scope="module")
def city_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic city whose first compound is named like an attack."""
    d = tmp_path_factory.mktemp("city")
    furong.synth.city(households=600, seed=5).save(d)
    orgs = pd.read_csv(d / "organisations.csv", dtype=str, keep_default_na=False)
    first = orgs.index[orgs["kind"] == "compound"][0]
    orgs.loc[first, "name"] = EVIL
    orgs.to_csv(d / "organisations.csv", index=False)
    return d


def _cli(*args: str, env: Dict[str, str] = {}) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "furong.cli", *args], capture_output=True, text=True,
                          timeout=900, env={**os.environ, "LANG": "C.UTF-8", **env})


def _tables(page: str) -> List[Dict[str, str]]:
    """Each table's CSV link and the row count the page states for it."""
    out = []
    for block in re.findall(r'<div class="table" id="table-[^"]+">(.*?)</div>', page, re.S):
        href = re.search(r'<a href="(tables/[^"]+\.csv)">CSV</a>', block)
        assert href, block[:300]
        rows = len(re.findall(r"<tr>", block)) - 1
        out.append({"csv": href.group(1), "shown": str(rows), "text": block})
    return out


def test_report_of_a_directory_in_chinese(city_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    r = _cli("report", str(city_dir), "--out", str(out), "--lang", "zh", "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    assert "报告：" in r.stdout and "覆盖（2025-06-30）" in r.stdout
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "组织结构" in page and "覆盖情况" in page
    # Escaped everywhere: the name is text, never a script.
    assert EVIL not in page and html.escape(EVIL) in page
    assert "<script" not in page
    style = page[page.index("<style>"):page.index("</style>")]
    assert '"Noto Sans CJK SC"' in style and "&#34;" not in style  # the template's own CSS, not escaped
    # Every table complete in its CSV, and the page says how many rows it has.
    tables = _tables(page)
    assert len(tables) >= 10
    for t in tables:
        path = out / t["csv"]
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        total = len(rows) - 1
        assert f"共 {total:,} 行" in t["text"], (t["csv"], total)
        assert int(t["shown"]) == min(total, report.PREVIEW_ROWS)
    # Organisation names beside ids, in the tables and the CSV files.
    orgs = pd.read_csv(city_dir / "organisations.csv", dtype=str, keep_default_na=False)
    street = orgs[orgs["kind"] == "street"].iloc[0]
    by_street = pd.read_csv(out / "tables" / "audit_by_street.csv", encoding="utf-8-sig", dtype=str)
    assert street["name"] in set(by_street["街道名称"])
    gaps = pd.read_csv(out / "tables" / "three_party_gaps.csv", encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    assert (gaps["小区名称"] != "").all()
    # Missing values blank, counts as integers (no "nan", no "809.0").
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page)
    assert not [c for c in cells if c in ("nan", "None", "NaN") or re.fullmatch(r"[\d,]+\.0", c)]


def test_english_and_the_locale(city_dir: Path, tmp_path: Path) -> None:
    r = _cli("report", str(city_dir), "--out", str(tmp_path / "en"), "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Coverage audit" in page and "report: " in r.stdout
    r = _cli("report", str(city_dir), "--out", str(tmp_path / "zh"), "--as-of", AS_OF, env={"LANG": "zh_CN.UTF-8"})
    assert r.returncode == 0, r.stderr
    assert '<html lang="zh-CN">' in (tmp_path / "zh" / "index.html").read_text(encoding="utf-8")
    assert default_lang({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}) == "zh"
    assert default_lang({"LANG": "en_US.UTF-8"}) == "en"


def test_report_of_a_store(city_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "city.sqlite"
    r = _cli("store", "init", str(store), "--from", str(city_dir))
    assert r.returncode == 0, r.stderr
    r = _cli("report", str(store), "--out", str(tmp_path / "r"), "--lang", "en", "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Coverage audit" in page and html.escape(EVIL) in page


def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    r = _cli("report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r"))
    assert r.returncode == 1 and "furong: error:" in r.stderr and "nowhere" in r.stderr
    assert "Traceback" not in r.stderr
    r = _cli("report", str(tmp_path), "--out", str(tmp_path / "r"), "--as-of", "2025-02-30")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = _cli("report", str(tmp_path), "--out", str(tmp_path / "r"), "--lang", "fr")
    assert r.returncode == 2
    r = _cli("report", str(furong.datasets.furong_path()), "--out", str(tmp_path / "r"), "--street", "st-nowhere")
    assert r.returncode == 1 and "st-nowhere" in r.stderr and not (tmp_path / "r").exists()


def test_residents_names_only_on_request(tmp_path: Path) -> None:
    net = furong.datasets.furong()
    people = net.people().set_index("id")["name"]
    kw = dict(lang="zh", as_of=report.DEMO_AS_OF, ledger_as_of=report.LEDGER_AS_OF,
              sections=[report.ledger_section], progress=False)
    hidden = report.write_report(net, tmp_path / "hidden", **kw)
    shown = report.write_report(net, tmp_path / "shown", names=True, **kw)
    scores = pd.read_csv(tmp_path / "shown" / "tables" / "leader_scores.csv", encoding="utf-8-sig", dtype=str)
    leader = scores["邻长"].iloc[0]
    name = str(people[leader])
    assert scores["邻长姓名"].iloc[0] == name
    for path in hidden.tables + [hidden.page]:
        if path.suffix in (".csv", ".html"):
            assert name not in path.read_text(encoding="utf-8-sig"), path
    assert name in shown.page.read_text(encoding="utf-8")
    assert "为保护隐私" in hidden.page.read_text(encoding="utf-8")


def test_every_message_has_both_languages() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == {"zh", "en"}, key
        fields = [sorted(re.findall(r"\{(\w+)", t)) for t in texts.values()]
        assert fields[0] == fields[1], key
    assert Messages("zh").term("org", "compound") == "小区" == furong._core.ORG_KIND_TERMS["compound"]
    with pytest.raises(ValueError):
        Messages("fr")


def test_cell_text() -> None:
    assert report.cell_text(809.0) == ("809", True)
    assert report.cell_text(float("nan")) == ("", False)
    assert report.cell_text(None) == ("", False)
    assert report.cell_text(pd.NA) == ("", False)
    assert report.cell_text(12345) == ("12,345", True)


# Traditional characters of the terms the project uses (Changsha's planners write Simplified).
TRADITIONAL = "區會樓網業藝陽園馬東機關黨組織點戶聯務長衛團議員體單獨發賬類結對訪萬動鄰專進話門駐張棟鋒願隊識"


def test_kind_terms_are_simplified_and_complete() -> None:
    core = furong._core
    for names, terms in ((core.ORG_KINDS, core.ORG_KIND_TERMS), (core.LINK_KINDS, core.LINK_KIND_TERMS),
                         (core.ROLE_KINDS, core.ROLE_KIND_TERMS), (core.COMPOUND_TYPES[1:], core.COMPOUND_TYPE_TERMS),
                         (core.UNIT_TYPES[1:], core.UNIT_TYPE_TERMS)):
        assert list(terms) == list(names)
        assert all(t and not set(t) & set(TRADITIONAL) for t in terms.values()), terms


def test_no_traditional_characters_in_the_project() -> None:
    root = Path(__file__).resolve().parents[2]
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    bad = []
    for name in files:
        if name == "tests/python/test_report.py" or name.endswith((".png", ".ipynb")):
            continue
        try:
            text = (root / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found = sorted(set(text) & set(TRADITIONAL))
        if found:
            bad.append(f"{name}: {''.join(found)}")
    assert not bad, bad


def test_xlsx_beside_csv_when_openpyxl_is_installed(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    r = report.write_report(furong.synth.city(households=300, seed=1), tmp_path, lang="en", as_of=AS_OF,
                            progress=False)
    csvs = sorted(p.stem for p in r.tables if p.suffix == ".csv")
    assert csvs == sorted(p.stem for p in r.tables if p.suffix == ".xlsx")
    a = pd.read_excel(tmp_path / "tables" / "audit_by_street.xlsx")
    b = pd.read_csv(tmp_path / "tables" / "audit_by_street.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert 'href="tables/audit_by_street.xlsx"' in r.page.read_text(encoding="utf-8")
