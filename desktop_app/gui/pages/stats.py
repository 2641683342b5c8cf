"""Stats: a picture of the person's listening, drawn with pyqtgraph from ``history.db``.

Plays per week, the top artists / albums / tracks of a chosen period, a listening clock
(weekday x hour), discoveries per month (first plays of artists) and the skip rate per month.
The figures come from :mod:`recommender.history.stats_cache` (rollups in SQLite) in three
background steps: the overview and the weekly plays first, so the page shows its first chart
quickly even at a million plays, then the other charts, then the top albums and tracks. Hovering a bar or a cell names its exact number; **Export
PNG…** saves the whole page as one picture. pyqtgraph is imported the first time the page opens.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPointF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import i18n, tasks, theme
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from recommender.history import stats_cache as sq


def _sq() -> Any:
    """The stats queries, imported when first needed (recommender.history costs ~0.25 s of
    imports that the window's start-up should not pay)."""
    from recommender.history import stats_cache

    return stats_cache


# After the first chart is drawn, the other charts are built this much later (after a paint).
REST_DELAY_MS = 40

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PERIODS = ("4w", "12m", "year", "all")


def _weekday(i: int) -> str:
    """Monday = 0, in the locale's short form ("Mon", "周一")."""
    from PySide6.QtCore import QLocale

    return QLocale().dayName(i + 1, QLocale.FormatType.ShortFormat)


def tr(text: str) -> str:
    return QCoreApplication.translate("StatsPage", text)


def period_for(key: str, now: float | None = None) -> sq.Period:
    """The :class:`~recommender.history.stats.Period` behind a choice of the period box."""
    moment = time.time() if now is None else now
    if key == "4w":
        return _sq().Period(moment - 28 * _sq().DAY, None)
    if key == "12m":
        return _sq().Period(moment - 365 * _sq().DAY, None)
    if key == "year":
        year = dt.datetime.fromtimestamp(moment).year
        return _sq().Period(dt.datetime(year, 1, 1).timestamp(), None)
    return _sq().Period(None, None)


def month_start(key: str) -> float:
    year, month = (int(p) for p in key.split("-"))
    return dt.datetime(year, month, 1).timestamp()


class Chart(QFrame):
    """A titled pyqtgraph plot with a hover line that names the exact number under the mouse."""

    def __init__(self, title: str, name: str, *, dates: bool = True) -> None:
        super().__init__()
        import pyqtgraph as pg

        self.setObjectName("card")
        self.pg = pg
        self.heading = QLabel(title)
        self.heading.setObjectName("sectionTitle")
        self.hover = QLabel(" ")
        self.hover.setObjectName("muted")
        axis = {"bottom": i18n.date_axis()} if dates else {}
        self.plot = pg.PlotWidget(axisItems=axis, enableMenu=False)  # no menu widgets to build
        self.plot.setObjectName(name)
        self.plot.setMinimumHeight(170)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.15)
        self.xs: list[float] = []
        self.labels: Callable[[int], str] = [].__getitem__
        self.width_ = 1.0
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(
            theme.SPACE["m"], theme.SPACE["m"], theme.SPACE["m"], theme.SPACE["s"]
        )
        layout.addWidget(self.heading)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.hover)
        self.restyle(theme.current())

    def restyle(self, palette: theme.Palette) -> None:
        self.plot.setBackground(palette.surface)
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setPen(self.pg.mkPen(palette.border))
            axis.setTextPen(self.pg.mkPen(palette.muted))

    def set_points(
        self, xs: list[float], labels: list[str] | Callable[[int], str], width: float
    ) -> None:
        """Remember what each bar or point is, for the hover line (``labels``: the texts, or
        a function of the point's index that makes one when the mouse is on it)."""
        self.xs, self.width_ = xs, width
        self.labels = labels if callable(labels) else list(labels).__getitem__

    def label_at(self, x: float) -> str | None:
        """The hover text for the data x coordinate ``x`` (the nearest point within reach)."""
        if not self.xs:
            return None
        best = min(range(len(self.xs)), key=lambda i: abs(self.xs[i] - x))
        if abs(self.xs[best] - x) > self.width_:
            return None
        return self.labels(best)

    def _mouse_moved(self, pos: QPointF) -> None:
        view = self.plot.getPlotItem().vb
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        point = view.mapSceneToView(pos)
        text = self.label_at(point.x())
        self.hover.setText(text or " ")


class ClockChart(Chart):
    """The listening clock: a weekday x hour heat map."""

    def __init__(self) -> None:
        super().__init__(
            QCoreApplication.translate("StatsPage", "Listening clock"), "clockChart", dates=False
        )
        pg = self.pg
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.plot.showGrid(x=False, y=False)
        self.plot.getAxis("left").setTicks([[(i + 0.5, _weekday(i)) for i in range(7)]])
        self.plot.getAxis("bottom").setTicks([[(h + 0.5, f"{h:02d}") for h in range(0, 24, 3)]])
        self.plot.getViewBox().invertY(True)
        self.plot.setLimits(xMin=0, xMax=24, yMin=0, yMax=7)
        self.plot.setRange(xRange=(0, 24), yRange=(0, 7), padding=0)
        self.clock: list[list[int]] = [[0] * 24 for _ in range(7)]

    def set_clock(self, clock: list[list[int]]) -> None:
        import numpy as np

        self.clock = clock
        data = np.array(clock, dtype=float).T  # ImageItem: image[x, y] = [hour, weekday]
        palette = theme.current()
        cmap = self.pg.ColorMap([0.0, 1.0], [palette.color("surface"), palette.color("accent")])
        self.image.setLookupTable(cmap.getLookupTable(nPts=256))
        self.image.setImage(data, levels=(0, max(1.0, float(data.max()))))
        self.image.setRect(0, 0, 24, 7)

    def cell_text(self, weekday: int, hour: int) -> str:
        n = self.clock[weekday][hour]
        return QCoreApplication.translate(
            "StatsPage", "{day} {hour:02d}:00–{hour:02d}:59: {n:,} plays"
        ).format(day=_weekday(weekday), hour=hour, n=n)

    def _mouse_moved(self, pos: QPointF) -> None:
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        point = self.plot.getPlotItem().vb.mapSceneToView(pos)
        hour, day = int(point.x()), int(point.y())
        if 0 <= hour < 24 and 0 <= day < 7:
            self.hover.setText(self.cell_text(day, hour))


class StatsPage(QWidget):
    title = "Stats"
    #: Emitted once the first chart has been drawn with data after a refresh.
    first_painted = Signal()
    #: Emitted when every chart is drawn (the top albums and tracks may still be coming).
    charts_ready = Signal()
    #: Emitted when everything is filled, the top albums and tracks included.
    ready = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.stats: sq.Stats | None = None
        self._built = False
        self._rest_built = False
        self.top_lists: dict[str, QListWidget] = {}
        self._stale = True
        self._version: tuple[int, ...] = ()
        self._generation = 0
        self.charts: dict[str, Chart] = {}
        self.header = PageHeader(
            self.tr("Stats"), self.tr("A picture of your listening, from your play history.")
        )
        self.period = QComboBox()
        self.period.setObjectName("statsPeriod")
        for key, label in zip(
            PERIODS,
            (
                self.tr("Last 4 weeks"),
                self.tr("Last 12 months"),
                self.tr("This year"),
                self.tr("All time"),
            ),
        ):
            self.period.addItem(label, key)
        self.period.setCurrentIndex(PERIODS.index("all"))
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button = QPushButton(self.tr("Export PNG…"))
        self.export_button.clicked.connect(self.export_dialog)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.period, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tiles: dict[str, QLabel] = {}
        tiles = QHBoxLayout()
        tiles.setSpacing(theme.SPACE["l"])
        for key, caption in (
            ("plays", self.tr("plays")),
            ("hours", self.tr("hours heard")),
            ("artists", self.tr("artists")),
            ("discoveries", self.tr("new artists")),
        ):
            tile = QFrame()
            tile.setObjectName("card")
            value = QLabel("–")
            value.setObjectName("statValue")
            cap = QLabel(caption)
            cap.setObjectName("muted")
            tl = QVBoxLayout(tile)
            tl.setContentsMargins(
                theme.SPACE["l"], theme.SPACE["m"], theme.SPACE["l"], theme.SPACE["m"]
            )
            tl.addWidget(value)
            tl.addWidget(cap)
            self.tiles[key] = value
            tiles.addWidget(tile, 1)

        self.body = QWidget()
        self.body.setObjectName("statsBody")
        self.grid = QGridLayout(self.body)
        self.grid.setSpacing(theme.SPACE["l"])
        self.grid.setContentsMargins(0, 0, theme.SPACE["s"], 0)
        self.grid.addLayout(tiles, 0, 0, 1, 2)
        self.placeholder = QLabel(self.tr("Reading your history…"))
        self.placeholder.setObjectName("muted")
        self.grid.addWidget(self.placeholder, 1, 0, 1, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        """Create the first chart only (imports pyqtgraph, unless :meth:`warm` already did):
        everything else waits until it is drawn (:meth:`_build_rest`)."""
        if self._built:
            return
        self._built = True
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True)
        self.charts["weeks"] = Chart(self.tr("Plays per week"), "weeksChart")
        self.placeholder.hide()
        self.grid.addWidget(self.charts["weeks"], 1, 0, 1, 2)
        for row in (1, 2, 3):
            self.grid.setRowMinimumHeight(row, 240)
        theme_manager = getattr(self.window_, "theme", None)
        if theme_manager is not None:
            theme_manager.changed.connect(self._restyle)

    def _build_rest(self) -> None:
        """The other charts and the top lists: built after the first chart is on screen (each
        pyqtgraph plot costs the GUI thread 20-60 ms)."""
        if self._rest_built:
            return
        self._rest_built = True
        self.charts["clock"] = ClockChart()
        self.charts["discoveries"] = Chart(self.tr("Discoveries per month"), "discoveriesChart")
        self.charts["skips"] = Chart(self.tr("Skip rate per month"), "skipsChart")
        self.top_tabs = QTabWidget()
        self.top_tabs.setObjectName("topTabs")
        self.top_lists = {}
        for kind, label in (
            ("artist", self.tr("Top artists")),
            ("album", self.tr("Top albums")),
            ("track", self.tr("Top tracks")),
        ):
            lst = QListWidget()
            lst.setObjectName(f"top-{kind}")
            self.top_lists[kind] = lst
            self.top_tabs.addTab(lst, label)
        top_card = QFrame()
        top_card.setObjectName("card")
        tl = QVBoxLayout(top_card)
        tl.setContentsMargins(
            theme.SPACE["m"], theme.SPACE["m"], theme.SPACE["m"], theme.SPACE["m"]
        )
        tl.addWidget(self.top_tabs)
        self.grid.addWidget(top_card, 2, 0)
        self.grid.addWidget(self.charts["clock"], 2, 1)
        self.grid.addWidget(self.charts["discoveries"], 3, 0)
        self.grid.addWidget(self.charts["skips"], 3, 1)

    def _restyle(self, palette: theme.Palette) -> None:
        for chart in self.charts.values():
            chart.restyle(palette)
        if self.stats is not None:
            if self._rest_built:
                self._draw_rest(self.stats)
            self._draw_weeks(self.stats)

    # -- data -------------------------------------------------------------------------------

    def warm(self) -> None:
        """Build or update the rollups in the background (at start), so the page opens fast."""
        data_dir = self.window_.data_dir

        def work(ctx: tasks.TaskContext) -> None:
            with _sq().open_rollups(data_dir):
                pass
            # pyqtgraph's import (~0.3 s of Python, more when the GIL is shared) is done here
            # rather than on the GUI thread when the page first opens
            import pyqtgraph  # noqa: F401

        tasks.run_task(work, None, name="stats-warm", interactive=True)

    def _history_version(self) -> tuple[int, ...]:
        """Changes whenever history.db (or its write-ahead log) is written."""
        import os

        key: list[int] = []
        for name in ("history.db", "history.db-wal"):
            try:
                st = os.stat(os.path.join(self.window_.data_dir, name))
                key += [st.st_mtime_ns, st.st_size]
            except OSError:
                key += [0, 0]
        return tuple(key)

    def activate(self) -> None:
        self._build()
        version = self._history_version()
        if self._stale or version != self._version:
            self.refresh()

    def invalidate(self) -> None:
        """The history changed: re-read on the next activation (now, if the page is shown)."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def current_period(self) -> sq.Period:
        return period_for(self.period.currentData() or "all")

    def refresh(self) -> None:
        """Read the figures in two background steps: the first chart, then the rest."""
        self._build()
        self._stale = False
        self._version = self._history_version()
        self._generation += 1
        generation = self._generation
        data_dir = self.window_.data_dir
        period = self.current_period()
        offset = _sq().local_offset()

        def first(ctx: tasks.TaskContext) -> sq.Stats:
            return _sq().first_stats(data_dir, period, offset=offset)

        def first_done(stats: sq.Stats) -> None:
            if generation != self._generation:
                return
            self.stats = stats
            self._draw_overview(stats)
            self._draw_weeks(stats)
            QTimer.singleShot(0, self.first_painted.emit)
            tasks.run_task(rest, rest_done, name="stats", interactive=True)
            # the other charts once the first is on screen (a paint comes before this timer)
            QTimer.singleShot(REST_DELAY_MS, self._build_rest)

        def rest(ctx: tasks.TaskContext) -> sq.Stats:
            return _sq().rollup_stats(data_dir, period, offset=offset, check=True)

        def rest_done(stats: sq.Stats) -> None:
            if generation != self._generation:
                return
            self.stats = stats
            self._build_rest()
            self._draw_rest(stats)
            self.charts_ready.emit()
            tasks.run_task(tops, tops_done, name="stats", interactive=True)

        def tops(ctx: tasks.TaskContext) -> dict[str, list[sq.TopRow]]:
            return _sq().top_albums_and_tracks(data_dir, period)

        def tops_done(top: dict[str, list[sq.TopRow]]) -> None:
            if generation != self._generation or self.stats is None:
                return
            self.stats.top.update(top)
            self._build_rest()
            self._draw_tops(self.stats)
            self.ready.emit()

        tasks.run_task(first, first_done, name="stats", interactive=True)

    # -- drawing ----------------------------------------------------------------------------

    def _draw_overview(self, stats: sq.Stats) -> None:
        o = stats.overview
        self.tiles["plays"].setText(f"{o.plays:,}")
        self.tiles["hours"].setText(f"{o.hours:,.0f}")
        self.tiles["artists"].setText(f"{o.artists:,}")
        if o.plays:
            first = i18n.date(o.first or 0)
            last = i18n.date(o.last or 0)
            self.header.set_subtitle(
                self.tr("{plays} plays from {first} to {last}.").format(
                    plays=f"{o.plays:,}", first=first, last=last
                )
            )
        else:
            self.header.set_subtitle(
                self.tr("No plays in this period yet: play music or import a listening history.")
            )

    def _bars(self, chart: Chart, xs: list[float], ys: list[float], width: float) -> None:
        pg = chart.pg
        palette = theme.current()
        chart.plot.clear()
        if xs:
            chart.plot.addItem(
                pg.BarGraphItem(
                    x=xs, height=ys, width=width * 0.85, brush=palette.accent, pen=pg.mkPen(None)
                )
            )
            chart.plot.setXRange(min(xs) - width, max(xs) + width, padding=0.01)
            chart.plot.setYRange(0, max(ys) * 1.08 if max(ys) > 0 else 1, padding=0)

    def _draw_weeks(self, stats: sq.Stats) -> None:
        chart = self.charts["weeks"]
        xs = [w + 3.5 * _sq().DAY for w, _n in stats.weeks]
        ys = [float(n) for _w, n in stats.weeks]
        self._bars(chart, xs, ys, _sq().WEEK)
        weeks = stats.weeks

        def label(i: int) -> str:  # made on hover: 400 dates formatted at once cost 20-80 ms
            w, n = weeks[i]
            return self.tr("Week of {date}: {n} plays").format(date=i18n.date(w), n=f"{n:,}")

        chart.set_points(xs, label, _sq().WEEK / 2)

    def _draw_tops(self, stats: sq.Stats) -> None:
        for kind, lst in self.top_lists.items():
            if kind not in stats.top:
                continue
            lst.clear()
            for i, row in enumerate(stats.top.get(kind, []), start=1):
                by = f" — {row.artist}" if row.artist else ""
                lst.addItem(
                    self.tr("{i}. {label}{by}   {n} plays").format(
                        i=i, label=row.label, by=by, n=f"{row.plays:,}"
                    )
                )

    def _draw_rest(self, stats: sq.Stats) -> None:
        self._draw_overview(stats)
        self._draw_tops(stats)
        self.charts["clock"].set_clock(stats.clock)  # type: ignore[attr-defined]
        new = sum(n for _m, n in stats.discoveries)
        self.tiles["discoveries"].setText(f"{new:,}")
        month = 30.4 * _sq().DAY
        chart = self.charts["discoveries"]
        xs = [month_start(m) + month / 2 for m, _n in stats.discoveries]
        self._bars(chart, xs, [float(n) for _m, n in stats.discoveries], month)
        chart.set_points(
            xs,
            [
                self.tr("{month}: {n} new artists").format(month=m, n=f"{n:,}")
                for m, n in stats.discoveries
            ],
            month / 2,
        )
        chart = self.charts["skips"]
        chart.plot.clear()
        xs = [month_start(m) + month / 2 for m, _r, _k in stats.skip_rate]
        ys = [r * 100 for _m, r, _k in stats.skip_rate]
        if xs:
            palette = theme.current()
            chart.plot.plot(
                xs,
                ys,
                pen=chart.pg.mkPen(palette.accent, width=2),
                symbol="o",
                symbolSize=5,
                symbolBrush=palette.accent,
                symbolPen=None,
            )
            chart.plot.setYRange(0, max(max(ys) * 1.1, 5), padding=0)
        chart.set_points(
            xs,
            [
                self.tr("{month}: {rate:.1f} % skipped ({n} plays)").format(
                    month=m, rate=r * 100, n=f"{k:,}"
                )
                for m, r, k in stats.skip_rate
            ],
            month / 2,
        )

    # -- export -----------------------------------------------------------------------------

    def export_png(self, path: str) -> str:
        """Save the whole page (tiles and charts) as one PNG; returns the path written."""
        if not path.lower().endswith(".png"):
            path += ".png"
        image = self.body.grab()
        if not image.save(path, "PNG"):
            from analysis.errors import DeepCutsError

            raise DeepCutsError(self.tr("Cannot write {path}").format(path=path))
        return path

    def export_dialog(self) -> None:
        import os

        folder = self.window_.settings.export_folder or os.path.expanduser("~")
        path, _f = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the stats as a picture"),
            os.path.join(folder, "deepcuts-stats.png"),
            self.tr("PNG image (*.png)"),
        )
        if path:
            try:
                written = self.export_png(path)
            except Exception as exc:  # a folder that is not writable: one line, no crash
                self.window_.show_message(str(exc))
                return
            self.window_.show_message(self.tr("Saved the stats to {path}.").format(path=written))
