"""The window's languages: Qt translators, the locale for numbers and dates, translated reasons.

Every user-visible string of the window goes through Qt's own tools: ``self.tr()`` in QObject
subclasses, :func:`tr` (``QCoreApplication.translate``) elsewhere, ``QT_TRANSLATE_NOOP`` for
tables. ``pyside6-lupdate`` collects them into ``resources/i18n/deepcuts_*.ts``;
``pyside6-lrelease`` compiles the ``.qm`` files the app loads (committed beside the ``.ts`` and
checked against them by ``tests/desktop_app/test_i18n.py``; see ``docs/translations.md``).

The language follows the system locale unless Settings chooses one; it applies at start.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("deepcuts.gui")

#: Settings choices: ``system`` follows QLocale.system(); the others name a translation.
LANGUAGES = ("system", "en", "zh_CN")
#: The translations shipped (``resources/i18n/deepcuts_<name>.qm``); English is the source
#: language, its file only holds the plural forms ("1 track", "2 tracks").
TRANSLATIONS = ("en", "zh_CN")

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Qt's marker for texts translated later (tables): ``pyside6-lupdate`` collects it by
    name; typed ``str`` (PySide6's own is typed ``object``)."""
    return text


def tr(context: str, text: str, n: int = -1) -> str:
    """``QCoreApplication.translate`` for code outside QObject subclasses (``%n`` with ``n``)."""
    return QCoreApplication.translate(context, text, None, n)


def resolve(choice: str, system: QLocale | None = None) -> str:
    """The translation a Settings choice stands for: ``en`` or ``zh_CN``.

    ``system`` takes the system locale: any Chinese locale gets Simplified Chinese (the only
    Chinese translation so far), every other language English.
    """
    if choice in TRANSLATIONS:
        return choice
    locale = system if system is not None else QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    return "en"


def locale_for(language: str, system: QLocale | None = None) -> QLocale:
    """The QLocale that formats numbers and dates for a translation: the system locale when it
    speaks that language (keeps a person's own region), else the translation's own locale."""
    sys_locale = system if system is not None else QLocale.system()
    if language == "zh_CN":
        if sys_locale.language() == QLocale.Language.Chinese:
            return sys_locale
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if sys_locale.language() == QLocale.Language.English:
        return sys_locale
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def _load(translator: QTranslator, name: str) -> bool:
    from desktop_app.resource_files import resource_path

    path = resource_path(f"i18n/deepcuts_{name}.qm")
    if path is None or not translator.load(str(path)):
        log.warning("the translation deepcuts_%s.qm is missing from this installation", name)
        return False
    return True


def install(
    choice: str = "system", app: QCoreApplication | None = None, *, set_locale: bool = True
) -> str:
    """Install the translators for a Settings choice and make its locale the default one.

    Returns the translation in use (``en`` or ``zh_CN``). Call before the window is built;
    calling again replaces the previous translators (tests switch languages).
    """
    app = app or QCoreApplication.instance()
    language = resolve(choice)
    if set_locale:  # tests keep the C locale (ISO dates) and only want the plural forms
        QLocale.setDefault(locale_for(language))
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    # English plural forms first: a later translator wins where it has a translation.
    for name in ("en", language) if language != "en" else ("en",):
        translator = QTranslator(app)
        if _load(translator, name):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
    if language != "en":
        # Qt's own strings (standard buttons, file dialogs)
        qt = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{language}", folder):
            QCoreApplication.installTranslator(qt)
            _installed.append(qt)
    return language


# -- numbers and dates in the locale's format ---------------------------------------------------


def number(value: float, decimals: int = 0) -> str:
    """A number with the locale's digit grouping ("12,345"; "12.345" in German)."""
    if QLocale().language() == QLocale.Language.C:  # no language chosen (tests): as before
        return f"{value:,.{decimals}f}"
    if decimals == 0:
        return QLocale().toString(round(value))
    return QLocale().toString(float(value), "f", decimals)


def percent(share: float) -> str:
    """A share (0..1) as a whole percentage in the locale's format."""
    return QLocale().toString(round(share * 100)) + QLocale().percent()


def date(ts: float | None, *, with_time: bool = False) -> str:
    """A Unix timestamp as a local date (and time) in the locale's short format; "" for none."""
    if ts is None or ts != ts or ts <= 0:
        return ""
    from PySide6.QtCore import QDateTime

    moment = QDateTime.fromSecsSinceEpoch(int(ts))
    if QLocale().language() == QLocale.Language.C:  # no language chosen (tests): ISO dates
        return moment.toString("yyyy-MM-dd HH:mm" if with_time else "yyyy-MM-dd")
    if with_time:
        return QLocale().toString(moment, QLocale.FormatType.ShortFormat)
    return QLocale().toString(moment.date(), QLocale.FormatType.ShortFormat)


def day(value: _dt.date) -> str:
    """A calendar day in the locale's short format."""
    from PySide6.QtCore import QDate

    if QLocale().language() == QLocale.Language.C:
        return value.isoformat()
    return QLocale().toString(
        QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat
    )


def date_axis() -> Any:
    """A pyqtgraph date axis whose ticks are in the locale's language ("Dec" / "12月");
    pyqtgraph's own uses strftime, which follows the C library's locale, not the window's."""
    import pyqtgraph as pg
    from PySide6.QtCore import QDateTime

    class LocaleDateAxis(pg.DateAxisItem):  # type: ignore[misc, name-defined]
        def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
            locale = QLocale()
            if locale.language() == QLocale.Language.C:
                return list(super().tickStrings(values, scale, spacing))
            out = []
            for value in values:
                moment = QDateTime.fromSecsSinceEpoch(int(value))
                d = moment.date()
                if spacing >= 300 * 86400 or (spacing >= 25 * 86400 and d.month() == 1):
                    out.append(str(d.year()))
                elif spacing >= 25 * 86400:
                    out.append(
                        locale.standaloneMonthName(d.month(), QLocale.FormatType.ShortFormat)
                    )
                elif spacing >= 86400:
                    # a day and its month, in the language's order ("Dec 6" / "12月6日")
                    out.append(locale.toString(d, QCoreApplication.translate("i18n", "MMM d")))
                else:
                    out.append(locale.toString(moment.time(), "HH:mm"))
            self.drawn = out  # the last ticks, for tests that read what the page shows
            return out

    return LocaleDateAxis()


# -- reasons of picks --------------------------------------------------------------------------


def reason(value: Any) -> str:
    """A pick's reason in the window's language.

    ``recommender.playlists.reasons.Reason`` values carry their English template and arguments;
    the template is translated in the context ``reasons`` and the arguments (reasons themselves,
    or names and numbers) formatted into it. Plain strings (older caches) are shown as they are.
    """
    template = getattr(value, "template", None)
    if template is None:
        return str(value)
    args = {key: reason(arg) for key, arg in value.args.items()}
    return QCoreApplication.translate("reasons", template).format(**args)
