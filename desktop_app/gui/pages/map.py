"""Map: the whole library in two dimensions, from the taste model's embedding.

Points come from :func:`desktop_app.gui.backend.map_points` (the model's item embedding, or the
audio features before a model exists, projected to 2-D by PCA, coloured by k-means taste cluster
or by genre). pyqtgraph is imported the first time the page opens, not at start-up. One
``ScatterPlotItem`` per colour keeps 100,000 points fluid (one brush per item instead of one per
point); hover and click find the nearest point with one vectorised distance over the visible
points, and the lasso tests every point against the drawn polygon with numpy.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import DeepCutsError
from desktop_app.gui import backend, tasks
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    import numpy as np

    from desktop_app.gui.main_window import MainWindow

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#8cd17d",
    "#d4a6c8",
)
HOVER_PIXELS = 8.0


def points_in_polygon(xy: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Boolean mask of the points of ``xy`` (n, 2) inside ``polygon`` (m, 2), even-odd rule."""
    import numpy as np

    x, y = xy[:, 0], xy[:, 1]
    inside = np.zeros(len(xy), dtype=bool)
    px, py = polygon[:, 0], polygon[:, 1]
    j = len(polygon) - 1
    for i in range(len(polygon)):
        xi, yi, xj, yj = px[i], py[i], px[j], py[j]
        crosses = (yi > y) != (yj > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = (xj - xi) * (y - yi) / (yj - yi) + xi
        inside ^= crosses & (x < at)
        j = i
    return inside


class MapPage(QWidget):
    title = "Map"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.data: Any = None
        self.selected: Any = None  # bool mask over the points, once there are points
        self.plot: Any = None
        self._items: list[Any] = []
        self._highlight: Any = None
        self._lasso_curve: Any = None
        self._stale = True
        self._loading = False
        heading = PageHeader(
            self.tr("Map"), self.tr("Your library in two dimensions: close points sound alike.")
        )
        self.info = QLabel(self.tr("The map appears once your music has been analysed."))
        self.info.setObjectName("muted")
        self.info.setWordWrap(True)
        self.info.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.legend = QLabel("")
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.hover_label = QLabel("")
        self.hover_label.setObjectName("mapHover")
        self.colour = QComboBox()
        self.colour.addItems([self.tr("Colour by taste cluster"), self.tr("Colour by genre")])
        self.colour.currentIndexChanged.connect(self._draw)
        self.lasso = QPushButton(self.tr("Lasso"))
        self.lasso.setCheckable(True)
        self.lasso.setToolTip(self.tr("Draw around points to select them"))
        self.save_selection = QPushButton(self.tr("Save selection as playlist"))
        self.save_selection.setEnabled(False)
        self.save_selection.clicked.connect(self.save_selected)
        self.play_selection = QPushButton(self.tr("Play selection"))
        self.play_selection.setEnabled(False)
        self.play_selection.clicked.connect(self.play_selected)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.colour)
        top.addWidget(self.lasso)
        top.addWidget(self.play_selection)
        top.addWidget(self.save_selection)
        self.canvas_host = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)  # its own line: beside the buttons it wrapped into a column
        layout.addLayout(self.canvas_host, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.hover_label)

    # -- lifecycle --------------------------------------------------------------------------

    def invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self.activate()

    def activate(self) -> None:
        if self.plot is None:
            self._build_plot()
        if self._stale and not self._loading:
            self._load()

    def _build_plot(self) -> None:
        import numpy as np
        import pyqtgraph as pg

        page = self

        class LassoViewBox(pg.ViewBox):
            def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:
                if not page.lasso.isChecked() or ev.button() != Qt.MouseButton.LeftButton:
                    super().mouseDragEvent(ev, axis)
                    return
                ev.accept()
                point = self.mapSceneToView(ev.scenePos())
                if ev.isStart():
                    page._lasso_points = [(point.x(), point.y())]
                else:
                    page._lasso_points.append((point.x(), point.y()))
                page._draw_lasso()
                if ev.isFinish():
                    page.finish_lasso(np.array(page._lasso_points, dtype=float))

        pg.setConfigOptions(antialias=False)
        self._pg = pg
        self.viewbox = LassoViewBox()
        self.plot = pg.PlotWidget(viewBox=self.viewbox, background="#16161a")
        self.plot.setObjectName("mapPlot")
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMouseTracking(True)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._mouse_clicked)
        self._lasso_points: list[tuple[float, float]] = []
        self.canvas_host.addWidget(self.plot)

    def _load(self) -> None:
        self._loading = True
        self.info.setText(self.tr("Drawing the map of your library…"))
        data_dir = self.window_.data_dir

        def done(data: Any) -> None:
            self._loading = False
            self._stale = False
            self.set_data(data)

        def failed(exc: BaseException) -> None:
            self._loading = False
            self.info.setText(str(exc) if str(exc) else self.tr("The map could not be drawn."))
            if not isinstance(exc, DeepCutsError):
                self.window_.reporter.report(exc)

        tasks.run_task(
            lambda ctx: backend.map.map_points(data_dir), done, on_error=failed, name="map"
        )

    # -- drawing ----------------------------------------------------------------------------

    def set_data(self, data: Any) -> None:
        import numpy as np

        self.data = data
        self.selected = np.zeros(len(data.ids), dtype=bool)
        source = {
            "sound and tags": self.tr("sound and tags"),
            "taste model": self.tr("taste model"),
        }.get(data.source, data.source)
        self.info.setText(
            self.tr(
                "%Ln tracks · {source}. Hover to see a track, "
                "click to play it, use the lasso to make a playlist.",
                "",
                len(data.ids),
            ).format(source=source)
        )
        self._draw()

    def _draw(self) -> None:
        if self.plot is None or self.data is None:
            return
        pg = self._pg
        for item in self._items:
            self.plot.removeItem(item)
        self._items = []
        by_genre = self.colour.currentIndex() == 1
        codes = self.data.genre_codes if by_genre else self.data.cluster_codes
        n_codes = int(codes.max()) + 1 if len(codes) else 0
        xy = self.data.xy
        size = 8 if len(xy) < 2000 else 5 if len(xy) < 20000 else 3
        for code in range(n_codes):
            mask = codes == code
            if not mask.any():
                continue
            colour = PALETTE[code % len(PALETTE)] if code < len(PALETTE) else "#666670"
            item = pg.ScatterPlotItem(
                x=xy[mask, 0],
                y=xy[mask, 1],
                size=size,
                pen=None,
                brush=pg.mkBrush(colour),
                pxMode=True,
                hoverable=False,
            )
            self.plot.addItem(item)
            self._items.append(item)
        names = self.data.genre_names if by_genre else self.data.cluster_names
        self.legend.setText(
            "  ".join(
                f'<span style="color:{PALETTE[c % len(PALETTE)] if c < len(PALETTE) else "#666670"}">'
                f"&#9679;</span> {html.escape(self._group_name(name))}"
                for c, name in enumerate(names[:n_codes])
                if (codes == c).any()
            )
        )
        self.plot.getViewBox().autoRange(padding=0.08)
        self._draw_selection()

    def _draw_selection(self) -> None:
        pg = self._pg
        if self._highlight is not None:
            self.plot.removeItem(self._highlight)
            self._highlight = None
        if self.selected.any():
            xy = self.data.xy[self.selected]
            # a translucent white dot over each selected point: readable for 5 points or 50,000
            size = 9 if len(xy) < 2000 else 5
            self._highlight = pg.ScatterPlotItem(
                x=xy[:, 0],
                y=xy[:, 1],
                size=size,
                pen=None,
                brush=pg.mkBrush(255, 255, 255, 110),
                pxMode=True,
            )
            self.plot.addItem(self._highlight)
        n = int(self.selected.sum())
        self.save_selection.setEnabled(n > 0)
        self.play_selection.setEnabled(n > 0)
        self.save_selection.setText(
            self.tr("Save %Ln as playlist", "", n) if n else self.tr("Save selection as playlist")
        )

    def _group_name(self, name: str) -> str:
        """A legend entry: a genre as tagged, or "group N" of the taste clusters."""
        if not name:
            return self.tr("no genre")
        if name.startswith("group ") and name[6:].isdigit():
            return self.tr("group {n}").format(n=name[6:])
        return name

    def _draw_lasso(self) -> None:
        import numpy as np

        pg = self._pg
        pts = np.array(self._lasso_points + self._lasso_points[:1], dtype=float)
        if self._lasso_curve is None:
            self._lasso_curve = pg.PlotCurveItem(pen=pg.mkPen("#ffffff", width=1))
            self.plot.addItem(self._lasso_curve)
        self._lasso_curve.setData(pts[:, 0], pts[:, 1])

    # -- interaction ------------------------------------------------------------------------

    def nearest(self, x: float, y: float, *, max_pixels: float = HOVER_PIXELS) -> int | None:
        """Index of the point nearest to view coordinates (x, y) within ``max_pixels``."""
        if self.data is None or not len(self.data.ids):
            return None
        import numpy as np

        px, py = self.viewbox.viewPixelSize()
        d = ((self.data.xy[:, 0] - x) / max(px, 1e-12)) ** 2 + (
            (self.data.xy[:, 1] - y) / max(py, 1e-12)
        ) ** 2
        i = int(np.argmin(d))
        return i if d[i] <= max_pixels**2 else None

    def _mouse_moved(self, pos: QPointF) -> None:
        if self.data is None:
            return
        point = self.viewbox.mapSceneToView(pos)
        i = self.nearest(point.x(), point.y())
        self.hover_label.setText(self.data.labels[i] if i is not None else "")

    def _mouse_clicked(self, event: Any) -> None:
        if self.data is None or self.lasso.isChecked():
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.viewbox.mapSceneToView(event.scenePos())
        i = self.nearest(point.x(), point.y())
        if i is not None:
            self.play_point(i)

    def play_point(self, i: int) -> None:
        self.window_.play_tracks([int(self.data.ids[i])], context="map")

    def finish_lasso(self, polygon: np.ndarray) -> None:
        if self._lasso_curve is not None:
            self.plot.removeItem(self._lasso_curve)
            self._lasso_curve = None
        if len(polygon) < 3 or self.data is None:
            return
        self.select_polygon(polygon)

    def select_polygon(self, polygon: np.ndarray) -> int:
        self.selected = points_in_polygon(self.data.xy, polygon)
        self._draw_selection()
        return int(self.selected.sum())

    def selected_ids(self) -> list[int]:
        if self.data is None:
            return []
        return [int(i) for i in self.data.ids[self.selected]]

    def save_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.window_.playlists.save_new(self.tr("From the map (%n tracks)", "", len(ids)), ids)

    def play_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.window_.play_tracks(ids, context="map")
