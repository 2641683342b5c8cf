"""The window's translations: the .ts files are complete and match the code, the .qm files match
the .ts, the reasons of picks translate, and the real window in zh_CN shows no English."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.desktop_app import zh_window

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "resources" / "i18n"
LANGUAGES = ("en", "zh_CN")
FIELD = re.compile(r"\{[^{}]*\}")
PERCENT_N = re.compile(r"%L?n")
PERCENT_ARG = re.compile(r"%\d")
BIN = Path(sys.executable).parent


def _messages(language: str) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(I18N / f"deepcuts_{language}.ts").getroot()
    out = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = [f.text or "" for f in translation.iter("numerusform")]
    return forms if message.get("numerus") == "yes" else [translation.text or ""]


def _sources() -> list[Path]:
    files = sorted((REPO / "desktop_app" / "gui").rglob("*.py"))
    return [*files, REPO / "recommender" / "playlists" / "reasons.py"]


def _strings_in_code() -> set[tuple[str, str]]:
    """(context, source) of every literal passed to self.tr, QCoreApplication.translate and
    QT_TRANSLATE_NOOP, read by ast: independent of lupdate's own parser, which misses some
    calls (a call as the count argument)."""
    found = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [tree, *[n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]]:
            name = getattr(cls, "name", "")
            for node in ast.walk(cls):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
                if callee == "tr" and isinstance(func, ast.Attribute) and name:
                    if isinstance(args[0], str):
                        found.add((name, args[0]))
                elif (
                    callee in ("translate", "QT_TRANSLATE_NOOP")
                    and len(args) >= 2
                    and isinstance(args[0], str)
                    and isinstance(args[1], str)
                ):
                    found.add((args[0], args[1]))
    return found


def test_translations_are_finished_and_keep_their_fields():
    messages = _messages("zh_CN")
    assert len(messages) > 300
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        for form in _forms(message):
            assert form.strip(), (context, source)
            # the same {fields} and %n: .format() and Qt fill them in
            assert sorted(FIELD.findall(form)) == sorted(FIELD.findall(source)), (source, form)
            assert bool(PERCENT_N.search(form)) == bool(PERCENT_N.search(source)), (source, form)
            assert sorted(PERCENT_ARG.findall(form)) == sorted(PERCENT_ARG.findall(source))
    english = _messages("en")
    assert english, "the English plural forms are missing"
    for key, message in english.items():
        assert message.get("numerus") == "yes", key  # plural forms only
        forms = _forms(message)
        assert len(forms) == 2 and all(forms), key
        assert forms[1] == key[1]  # the plural is the source text itself


def test_every_string_of_the_code_is_in_the_ts_files():
    in_code = _strings_in_code()
    in_ts = set(_messages("zh_CN"))
    assert in_code - in_ts == set(), "run .ci/update-translations and translate the new strings"
    assert in_ts - in_code == set(), "obsolete entries: run .ci/update-translations"


def test_lupdate_finds_nothing_new_and_lrelease_gives_the_committed_qm(tmp_path):
    lupdate, lrelease = BIN / "pyside6-lupdate", BIN / "pyside6-lrelease"
    for tool in (lupdate, lrelease):
        assert tool.exists(), tool
    for language in LANGUAGES:
        ts = tmp_path / f"deepcuts_{language}.ts"
        shutil.copy(I18N / ts.name, ts)
        flags = ["-pluralonly"] if language == "en" else []
        subprocess.run(
            [str(lupdate), "-no-obsolete", "-locations", "none", *flags]
            + [str(p) for p in _sources()]
            + ["-ts", str(ts)],
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        assert ts.read_text(encoding="utf-8") == (I18N / ts.name).read_text(encoding="utf-8"), (
            f"{ts.name} is not up to date with the code: run .ci/update-translations"
        )
        qm = tmp_path / f"deepcuts_{language}.qm"
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
        assert qm.read_bytes() == (I18N / qm.name).read_bytes(), (
            f"{qm.name} is older than its .ts: run .ci/update-translations"
        )


def test_every_reason_template_has_a_translation():
    from recommender.playlists import reasons

    messages = _messages("zh_CN")
    assert len(reasons.TEMPLATES) == len(set(reasons.TEMPLATES)) > 50
    for template in reasons.TEMPLATES:
        message = messages.get(("reasons", template))
        assert message is not None, template
        assert all(form.strip() for form in _forms(message)), template


@pytest.fixture
def chinese(qapp):
    from PySide6.QtCore import QLocale

    from desktop_app.gui import i18n

    before = QLocale()
    assert i18n.install("zh_CN", qapp) == "zh_CN"
    yield i18n
    i18n.install("en", qapp, set_locale=False)
    QLocale.setDefault(before)


def test_language_choice_and_locale_formats(chinese):
    from PySide6.QtCore import QLocale

    from desktop_app.gui import i18n

    zh_tw = QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan)
    french = QLocale(QLocale.Language.French, QLocale.Country.France)
    assert i18n.resolve("system", zh_tw) == "zh_CN"
    assert i18n.resolve("system", french) == "en"
    assert i18n.resolve("en", zh_tw) == "en"
    assert i18n.resolve("zh_CN", french) == "zh_CN"
    assert i18n.locale_for("zh_CN", french).language() == QLocale.Language.Chinese
    assert i18n.number(1234567) == "1,234,567"
    assert i18n.date(1_709_251_200) in ("2024/3/1", "2024/3/2")  # the zh_CN short date
    assert i18n.tr("MainWindow", "Found %Ln tracks.", 12345) == "找到 12,345 首曲目。"


def test_reasons_read_in_chinese_and_stay_english_for_the_cli(chinese):
    from recommender.playlists import reasons as r
    from recommender.playlists.helpers import _describe, _month, _span, _times
    from tests.recommender.playlist_library import FakeDescriptors

    title = r.Reason(r.TITLE, title="月亮代表我的心")
    why = r.Reason(r.PLAYED_TIMES, title=title, times=_times(12))
    likeness = r.Reason(r.SIMILAR, traits=r.and_join([r.Reason(r.TEMPO), r.Reason(r.TIMBRE)]))
    reason = r.Reason(r.THEN, a=why, b=likeness)
    assert str(reason) == "you played “月亮代表我的心” 12 times; similar tempo and timbre"
    assert chinese.reason(reason) == "你播放过《月亮代表我的心》12 次；速度和音色相近"
    assert chinese.reason(_span(280)) == "九个月"
    assert str(_span(280)) == "nine months"
    assert chinese.reason(_month(1_709_251_200)) == "2024年3月"
    d = FakeDescriptors(72.0, "A minor", 9, "minor", 0.8, 0.2, 0.2, 0.9)
    assert str(_describe(d)) == "72 BPM, low energy, A minor, dark, acoustic"
    assert chinese.reason(_describe(d)) == "72 BPM，低能量，A 小调，暗沉，原声"
    assert chinese.reason("a plain string") == "a plain string"


def _reason_templates(value: object) -> set[str]:
    template = getattr(value, "template", None)
    if template is None:
        return set()
    out = {template}
    for arg in value.args.values():  # type: ignore[attr-defined]
        out |= _reason_templates(arg)
    return out


@pytest.mark.parametrize("history", [True, False])
def test_every_generated_reason_translates(chinese, history):
    """Every generator's reasons are Reason values built from registered templates only, and
    their Chinese text keeps no English word of a template."""
    from recommender.playlists import reasons as r
    from recommender.playlists.context import Options, PlaylistContext
    from recommender.playlists.generate import KINDS, generate
    from tests.recommender.playlist_library import build_library

    lib = build_library()
    ctx = PlaylistContext(lib.data(with_history=history), lib.meta(), descriptors=lib.descriptors)
    names = set(lib.meta().titles) | set(lib.meta().artists) | set(lib.meta().albums)
    names |= {g for genres in lib.data().genres for g in genres}
    seen: set[str] = set()
    for kind in KINDS:
        if not history and kind in ("forgotten", "deep-cuts"):
            continue
        result = generate(ctx, kind, Options(count=20), seeds=[0, 5], mood_name="calm")
        picks = [p for m in result for p in m.picks] if hasattr(result[0], "picks") else result
        for pick in picks:
            templates = _reason_templates(pick.reason)
            assert templates, (kind, pick.reason)
            assert templates <= set(r.TEMPLATES), (kind, templates - set(r.TEMPLATES))
            seen |= templates
            text = chinese.reason(pick.reason)
            for name in sorted(names, key=len, reverse=True):
                text = text.replace(name, "") if name else text
            text = re.sub(r"\b[A-G][#b]?\b|BPM", "", text)  # key names stay as they are
            assert not re.search(r"[A-Za-z]{3,}", text), (kind, str(pick.reason), text)
    assert len(seen) > 20


@pytest.mark.xvfb
def test_window_in_chinese_shows_no_english_on_any_page(tmp_path):
    """The real window (xcb under Xvfb, with the fonts .ci/setup installs) in zh_CN: every page
    is walked for English left in its labels, buttons, tabs, headers, items and menus, and
    photographed (tests/desktop_app/zh_window.py)."""
    require_tool("Xvfb", "xvfb")
    from tests.desktop_app.test_real_app import _start_xvfb

    xvfb, display = _start_xvfb(tmp_path)
    try:
        env = dict(os.environ, DISPLAY=display, PYTHONPATH=str(REPO), LANG="zh_CN.UTF-8")
        env.pop("QT_QPA_PLATFORM", None)
        result = subprocess.run(
            [sys.executable, "-m", "tests.desktop_app.zh_window", "--out", str(tmp_path)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    # Chinese glyphs need a CJK font (.ci/setup installs fonts-wqy-microhei): else boxes
    assert report["cjk_fonts"], "no font with Simplified Chinese glyphs is installed"
    pages = report["pages"]
    assert set(pages) == set(zh_window.PAGES)
    assert {page: left for page, left in pages.items() if left} == {}
    from PySide6.QtGui import QImage

    for shot in report["shots"]:
        image = QImage(shot)
        assert not image.isNull() and image.width() >= 1000, shot


def test_the_language_chosen_in_settings_is_kept_for_the_next_start(make_window, data_dir, qapp):
    from PySide6.QtCore import QLocale

    from desktop_app.gui import i18n
    from desktop_app.gui.gui_settings import GuiSettings

    window = make_window()
    box = window.settings_page.language_box
    assert [box.itemData(i) for i in range(box.count())] == list(i18n.LANGUAGES)
    assert not window.settings_page.language_note.isVisibleTo(window.settings_page)
    box.setCurrentIndex(box.findData("zh_CN"))
    assert window.settings_page.language_note.isVisibleTo(window.settings_page)
    assert GuiSettings.load(data_dir).language == "zh_CN"
    # what app.main does at the next start, before building the window
    before = QLocale()
    try:
        assert i18n.install(GuiSettings.load(data_dir).language, qapp) == "zh_CN"
        second = make_window()
        nav = [second.nav.item(i).text() for i in range(second.nav.count())]
        assert nav == ["发现", "正在播放", "曲库", "播放列表", "历史", "统计", "地图", "设置"]
    finally:
        i18n.install("en", qapp, set_locale=False)
        QLocale.setDefault(before)


def test_reasons_of_described_lists_translate(chinese):
    """The describe box's lists (recommender/words) give reasons from registered templates too."""
    from recommender.playlists import reasons as r
    from recommender.words.answer import describe
    from tests.recommender.words_library import context
    from tests.recommender.words_queries import QUERIES

    ctx = context(with_history=True)
    seen: set[str] = set()
    for text, _checks in QUERIES:
        if not text.strip():
            continue
        try:
            _query, picks = describe(ctx, text)
        except Exception:  # a query the tests expect to be refused
            continue
        for pick in picks:
            templates = _reason_templates(pick.reason)
            assert templates <= set(r.TEMPLATES), (text, templates - set(r.TEMPLATES))
            seen |= templates
            translated = chinese.reason(pick.reason)
            assert translated and "{" not in translated, (text, translated)
    for template in (r.FROM_YEAR, r.PAREN, r.FAVOURITE_PLAYED, r.PLAY_A_LOT):
        assert template in seen, template
