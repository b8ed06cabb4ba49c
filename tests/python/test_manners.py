"""Manners of the command line and the public modules: ``--version``, plain-text help, one
DATE placeholder and one ``--as-of`` meaning on every subcommand, diagnostics through
``logging`` (``-v``), public modules that do not export ``np``/``pd``/``os``, signatures
without quoted annotations."""

from __future__ import annotations

import argparse
import importlib
import inspect
import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

import furong
from furong import cli

PACKAGE = Path(furong.__file__).resolve().parent
PUBLIC = sorted(
    "furong." + (p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".").replace(".__init__", ""))
    for p in PACKAGE.rglob("*.py") if not any(part.startswith("_") for part in p.relative_to(PACKAGE).parts))


def _parsers() -> Iterator[Tuple[str, argparse.ArgumentParser]]:
    """Every parser of the command, with its command line."""
    todo: List[Tuple[str, argparse.ArgumentParser]] = [("furong", cli.build_parser())]
    while todo:
        name, p = todo.pop()
        yield name, p
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend((f"{name} {n}", sp) for n, sp in action.choices.items())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        cli.main(["--version"])
    assert e.value.code == 0 and capsys.readouterr().out.strip() == f"furong {furong.__version__}"


@pytest.mark.parametrize("name,parser", list(_parsers()), ids=[n for n, _ in _parsers()])
def test_help_is_plain_text_with_one_date_placeholder(name: str, parser: argparse.ArgumentParser) -> None:
    text = parser.format_help()
    assert not re.search(r"(?m)``|:(func|mod|class|meth|data):`|^\s*\.\. \w", text), text
    for action in parser._actions:
        dates = any(w in (action.help or "") for w in ("YYYY-MM-DD", " day", "date"))
        if action.option_strings and action.type is not None and getattr(action.type, "__name__", "") == "date_arg":
            assert action.metavar == "DATE", (name, action.option_strings)
        if "--as-of" in action.option_strings:
            assert action.metavar == "DATE" and action.help and action.help.startswith("count only "), (name, action.help)
            assert "(default: today)" in action.help and dates


def test_as_of_means_the_same_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "city"
    furong.synth.city(households=300, seed=2).save(d)
    assert cli.main(["audit", str(d), "--all-dates", "--json"]) == 0
    assert '"as_of": null' in capsys.readouterr().out
    assert cli.main(["audit", str(d), "--json"]) == 0  # today, read once
    import datetime

    assert f'"as_of": "{datetime.date.today().isoformat()}"' in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["audit", str(d), "--as-of", "2025-01-01", "--all-dates"])


def test_verbose_logs_diagnostics_on_stderr(tmp_path: Path) -> None:
    d = tmp_path / "city"
    furong.synth.city(households=300, seed=2).save(d)
    args = [sys.executable, "-m", "furong.cli"]
    quiet = subprocess.run(args + ["plan", "branches", str(d)], capture_output=True, text=True, timeout=300)
    loud = subprocess.run(args + ["-v", "plan", "branches", str(d)], capture_output=True, text=True, timeout=300)
    assert quiet.returncode == loud.returncode == 0
    assert quiet.stderr == "" and "furong: loaded " in loud.stderr
    assert quiet.stdout == loud.stdout
    logging.getLogger("furong").handlers.clear()


@pytest.mark.parametrize("module", PUBLIC)
def test_public_modules_do_not_export_helpers(module: str) -> None:
    m = importlib.import_module(module)
    assert not {"np", "pd", "os"} & set(vars(m)), module


@pytest.mark.parametrize("module", PUBLIC)
def test_signatures_have_no_quoted_annotations(module: str) -> None:
    m = importlib.import_module(module)
    for name in getattr(m, "__all__", []):
        obj = getattr(m, name)
        targets = [obj] + ([v for k, v in vars(obj).items() if callable(v) and not k.startswith("_")]
                           if inspect.isclass(obj) and obj.__module__ == module else [])
        for f in targets:
            if not (inspect.isfunction(f) and f.__module__ == module):
                continue
            # With postponed evaluation every annotation is a string already; quotes inside it
            # are doubled quotes in the rendered signature (Sphinx shows the string as it is).
            quoted = {k: v for k, v in f.__annotations__.items() if isinstance(v, str) and re.search(r"['\"]", v)}
            assert not quoted, f"{module}.{f.__qualname__}: {quoted}"


def test_text_output_in_chinese_and_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "city"
    furong.synth.city(households=300, seed=2).save(d)
    street = furong.load(d).organisations().query("kind == 'street'").iloc[0]
    for args, zh, en in ((["audit", str(d), "--as-of", "2025-06-30"], "覆盖情况，统计日期：2025-06-30",
                          "coverage audit as of 2025-06-30"),
                         (["info", str(d)], "个组织", "organisations"),
                         (["plan", "branches", str(d), "--as-of", "2025-06-30"], "联合建支部（2025-06-30）",
                          "branches as of 2025-06-30"),
                         (["match", str(d), "--as-of", "2025-06-30"], "结对共建方案（截至 2025-06-30）",
                          "co-building plan as of 2025-06-30"),
                         (["plan", "policy", str(d), "--as-of", "2025-06-30"], "一类一策缺口（2025-06-30）",
                          "policy gaps as of 2025-06-30"),
                         (["whatif", str(d), "--remove", street["id"], "--as-of", "2025-06-30"],
                          "于 2025-06-30 离开", "leave on 2025-06-30"),
                         (["reach", str(d), "--from", street["id"], "--to", street["id"]], "可达", "is reachable")):
        assert cli.main(args + ["--lang", "zh"]) == 0
        out = capsys.readouterr().out
        assert zh in out and en not in out, out[:500]
        assert cli.main(args + ["--lang", "en"]) == 0
        out = capsys.readouterr().out
        assert en in out and zh not in out, out[:500]
    for args in (["audit", str(d)], ["plan", "branches", str(d)], ["match", str(d)], ["plan", "policy", str(d)]):
        assert cli.main(args + ["--as-of", "2025-06-30", "--lang", "zh"]) == 0
        out = capsys.readouterr().out
        shown = [i for i in re.findall(r"\b(?:st|cm|cp|s|c|k)[-\w]*\d\b", out)]
        assert shown, out[:300]
        orgs = furong.load(d).organisations().set_index("id")["name"]
        named = [i for i in shown if i in orgs.index and isinstance(orgs[i], str) and orgs[i]]
        assert named and all(f"{i} {orgs[i]}" in out for i in named[:10]), (args, out[:500])  # names beside ids


def test_bash_completion(tmp_path: Path) -> None:
    import shutil

    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    script = tmp_path / "furong.bash"
    script.write_text(cli.bash_completion())
    probe = f"""
source {script}
t() {{ COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); COMPREPLY=(); _furong; echo "${{COMPREPLY[*]}}"; }}
t furong pl
t furong plan ""
t furong audit dir --as
t furong report dir --lang ""
t furong ledger add --it
"""
    r = subprocess.run([bash, "-c", probe], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert r.stdout.splitlines() == ["plan", "branches policy property", "--as-of", "en zh", "--item"]
