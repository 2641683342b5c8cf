"""Discover: a card per playlist kind, each opening its track list with the reason for each pick.

The cards are generated in the background (:func:`desktop_app.gui.backend.discover_overview`):
each carries its tracks and a cover mosaic built from their embedded art. A detail view shows one
list with Play all, Regenerate, Save and Export, and a familiar-to-adventurous slider.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPoint,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import backend, list_covers, tasks
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP
from desktop_app.gui.library_model import SortRole
from desktop_app.gui.pages.describe import ChipRow, DescribeBox
from desktop_app.gui.track_list_model import TrackListTableModel
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

CARD_COVER = 168
LIST_COLUMNS = (
    ("title", QT_TRANSLATE_NOOP("Columns", "Title")),
    ("artist", QT_TRANSLATE_NOOP("Columns", "Artist")),
    ("album", QT_TRANSLATE_NOOP("Columns", "Album")),
    ("reason", QT_TRANSLATE_NOOP("Columns", "Why this track")),
)


class MixCard(QFrame):
    """A clickable card: cover mosaic, title, one line."""

    clicked = Signal()
    play_clicked = Signal()

    def __init__(self, mix: Any, image: QImage | None) -> None:
        super().__init__()
        self.mix = mix
        self.setObjectName("card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFixedWidth(CARD_COVER + 24)
        cover = QLabel()
        cover.setFixedSize(CARD_COVER, CARD_COVER)
        cover.setScaledContents(True)
        if image is not None and not image.isNull():
            cover.setPixmap(QPixmap.fromImage(image))
        # a round play button over the cover, shown while the mouse is on the card
        from desktop_app.gui.icons import transport_icon

        self.play_button = QToolButton(cover)
        self.play_button.setObjectName("cardPlay")
        self.play_button.setIcon(transport_icon("play", color=QColor("#1c1c21")))
        self.play_button.setIconSize(QSize(22, 22))
        self.play_button.setFixedSize(44, 44)
        self.play_button.setToolTip(self.tr("Play this mix"))
        self.play_button.move(CARD_COVER - 52, CARD_COVER - 52)
        self.play_button.clicked.connect(self.play_clicked.emit)
        self.play_button.hide()
        title = QLabel(mix.title)
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        blurb = QLabel(mix.blurb)
        blurb.setObjectName("muted")
        blurb.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(cover)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addStretch(1)
        self.setToolTip(self.tr("{title}: %Ln tracks", "", len(mix.tracks)).format(title=mix.title))

    def enterEvent(self, event: Any) -> None:
        self.play_button.show()
        super().enterEvent(event)

    def leaveEvent(self, event: Any) -> None:
        self.play_button.hide()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class DiscoverPage(QWidget):
    title = "Discover"
    #: Emitted when the cards have been (re)built.
    ready = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.mixes: list[Any] = []
        self.current: Any = None
        self.random_seed = 0
        self.stack = QStackedWidget()

        # overview: cards
        heading = PageHeader(
            self.tr("Discover"), self.tr("Mixes made from your library and your taste.")
        )
        self.summary = QLabel(self.tr("Looking at your library…"))
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.invite = QPushButton(self.tr("Import a listening history…"))
        self.invite.setObjectName("primary")
        self.invite.clicked.connect(self._invite_import)
        self.invite.setVisible(False)
        self.cards_host = QWidget()
        self.cards = QGridLayout(self.cards_host)
        self.cards.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.cards.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.cards_host)
        overview = QWidget()
        ol = QVBoxLayout(overview)
        ol.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.invite)
        ol.addLayout(top)
        self.describe_box = DescribeBox(window.settings.recent_descriptions)
        self.describe_box.submitted.connect(self.describe)
        ol.addWidget(self.describe_box)
        ol.addWidget(self.describe_box.message)
        ol.addWidget(self.summary)
        ol.addWidget(scroll, 1)

        # detail: one list
        self.back = QPushButton(self.tr("‹ All mixes"))
        self.back.clicked.connect(self.show_overview)
        self.detail_title = QLabel("")
        self.detail_title.setObjectName("pageTitle")
        self.detail_blurb = QLabel("")
        self.detail_blurb.setObjectName("muted")
        self.detail_blurb.setWordWrap(True)
        self.play_all = QPushButton(self.tr("Play all"))
        self.play_all.setObjectName("primary")
        self.play_all.clicked.connect(self.play_current)
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.clicked.connect(self.regenerate)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save_current)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.export_dialog)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("adventurousSlider")
        self.slider.setRange(0, 100)
        self.slider.setValue(int(window.settings.adventurous * 100))
        self.slider.setFixedWidth(180)
        self.slider.setToolTip(self.tr("From tracks close to what you love to farther afield"))
        self._slider_timer = QTimer(self)
        self._slider_timer.setSingleShot(True)
        self._slider_timer.setInterval(300)
        self._slider_timer.timeout.connect(self._slider_settled)
        self.slider.valueChanged.connect(lambda _v: self._slider_timer.start())
        self.model = TrackListTableModel(LIST_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.view = QTableView()
        self.view.setObjectName("discoverList")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, width in enumerate((240, 170, 190)):
            header.resizeSection(i, width)
        self.view.activated.connect(self._activated)
        self.covers = list_covers.install(self.view, window.covers, 0)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        row1 = QHBoxLayout()
        row1.addWidget(self.back)
        row1.addWidget(self.detail_title, 1)
        dl.addLayout(row1)
        dl.addWidget(self.detail_blurb)
        self.chip_row = ChipRow()
        self.chip_row.removed.connect(self.remove_part)
        self.chip_row.setVisible(False)
        dl.addWidget(self.chip_row)
        row2 = QHBoxLayout()
        row2.addWidget(self.play_all)
        row2.addWidget(self.regenerate_button)
        row2.addWidget(self.save_button)
        row2.addWidget(self.export_button)
        row2.addStretch(1)
        row2.addWidget(QLabel(self.tr("Familiar")))
        row2.addWidget(self.slider)
        row2.addWidget(QLabel(self.tr("Adventurous")))
        dl.addLayout(row2)
        dl.addWidget(self.view, 1)

        self.stack.addWidget(overview)
        self.stack.addWidget(detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._generation = 0

    # -- overview ---------------------------------------------------------------------------

    def _invite_import(self) -> None:
        self.window_.set_nav("history")
        self.window_.history.import_dialog()

    @property
    def adventurous(self) -> float:
        return self.slider.value() / 100

    def refresh(self) -> None:
        """Regenerate every card in the background."""
        self._generation += 1
        generation = self._generation
        data_dir = self.window_.data_dir
        adventurous = self.adventurous
        seed = self.random_seed
        cover_cache = self.window_.covers.cache

        def work(ctx: tasks.TaskContext) -> Any:
            overview = backend.discover.discover_overview(
                data_dir, adventurous=adventurous, seed=seed
            )
            from desktop_app.gui.covers import mix_mosaic

            images = [
                mix_mosaic(mix.tracks, CARD_COVER, title=mix.title, cache=cover_cache)
                for mix in overview.mixes
            ]
            return overview, images

        def done(result: Any) -> None:
            if generation == self._generation:
                self._show_cards(*result)

        tasks.run_task(work, done, name="discover")

    def _show_cards(self, overview: Any, images: list[QImage]) -> None:
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.mixes = list(overview.mixes)
        self.summary.setText(overview.message)
        self.invite.setVisible(not overview.has_history)
        columns = max(1, (self.width() - 40) // (CARD_COVER + 40))
        for i, (mix, image) in enumerate(zip(self.mixes, images)):
            card = MixCard(mix, image)
            card.clicked.connect(lambda m=mix: self.open_mix(m))
            card.play_clicked.connect(lambda m=mix: self.play_mix(m))
            self.cards.addWidget(card, i // columns, i % columns)
        self.ready.emit()

    def play_mix(self, mix: Any) -> None:
        """Play a card's mix from its first track (the card's play button)."""
        ids = [int(t["id"]) for t in mix.tracks if t.get("id") is not None]
        if ids:
            self.window_.play_tracks(ids, context=f"discover:{mix.key}")

    def show_overview(self) -> None:
        self.stack.setCurrentIndex(0)

    # -- detail -----------------------------------------------------------------------------

    def open_mix(self, mix: Any) -> None:
        self.current = mix
        self.detail_title.setText(mix.title)
        self.detail_blurb.setText(mix.blurb)
        self.model.set_items(mix.tracks)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.stack.setCurrentIndex(1)
        described = mix.kind == "describe"
        self.chip_row.setVisible(described)
        if described:
            self.chip_row.show_parts(mix.understood or [], mix.removed, mix.unknown or [])
        can_regen = mix.kind is not None
        self.regenerate_button.setEnabled(can_regen)
        self.slider.setEnabled(can_regen)

    def open_radio(self, seed_ids: list[int]) -> None:
        names = [self.window_.track_info(i) for i in seed_ids[:2]]
        label = ", ".join(n[1] for n in names if n)
        self._generate(
            kind="radio",
            seeds=seed_ids,
            title=self.tr("Radio: {seeds}").format(seeds=label),
            blurb=self.tr("Each next track close to the ones before, drifting gently."),
        )

    def open_similar(self, track_id: int) -> None:
        info = self.window_.track_info(track_id)
        title = (
            self.tr("Similar to {title}").format(title=info[1])
            if info
            else self.tr("Similar tracks")
        )
        data_dir = self.window_.data_dir

        def done(items: list[dict[str, Any]]) -> None:
            self.open_mix(
                backend.discover.Mix(
                    key="similar",
                    kind=None,
                    title=title,
                    blurb=self.tr("The closest tracks in sound and in your taste."),
                    tracks=items,
                )
            )

        tasks.run_task(
            lambda ctx: backend.discover.similar(data_dir, track_id, count=50), done, name="similar"
        )

    def _generate(
        self,
        *,
        kind: str,
        title: str,
        blurb: str,
        seeds: list[int] | None = None,
        mood: str | None = None,
        key: str | None = None,
    ) -> None:
        data_dir = self.window_.data_dir
        adventurous = self.adventurous
        seed = self.random_seed
        key = key or (kind if not mood else f"mood:{mood}")
        mix_index = int(key.split(":", 1)[1]) if key.startswith("daily:") else 0

        def done(items: list[dict[str, Any]]) -> None:
            self.open_mix(
                backend.discover.Mix(
                    key=key,
                    kind=kind,
                    title=title,
                    blurb=blurb,
                    tracks=items,
                    seeds=seeds,
                    mood=mood,
                )
            )

        tasks.run_task(
            lambda ctx: backend.discover.generate(
                data_dir,
                kind,
                adventurous=adventurous,
                seed=seed,
                seeds=seeds,
                mood=mood,
                mix_index=mix_index,
            ),
            done,
            name="discover-list",
        )

    # -- describe it in words ---------------------------------------------------------------

    def describe(self, text: str, removed: tuple[int, ...] = ()) -> None:
        """Make a list from a sentence; remember the sentence; errors show under the box."""
        data_dir = self.window_.data_dir
        adventurous = self.adventurous
        seed = self.random_seed
        settings = self.window_.settings
        if not removed:
            self.describe_box.edit.setText(text)
            settings.remember_description(text)
            self.window_.save_settings()
            self.describe_box.set_recent(settings.recent_descriptions)
        self.describe_box.show_message("")

        def failed(exc: BaseException) -> None:
            from analysis.errors import DeepCutsError

            if not isinstance(exc, DeepCutsError):
                tasks._default_error_handler(exc)  # a bug: the window's error reporter
                return
            self.describe_box.show_message(str(exc))
            self.show_overview()

        tasks.run_task(
            lambda ctx: backend.describe.describe(
                data_dir, text, adventurous=adventurous, seed=seed, removed=removed
            ),
            self.open_mix,
            on_error=failed,
            name="describe",
        )

    def remove_part(self, index: int) -> None:
        """A chip was closed: the same sentence without that part."""
        mix = self.current
        if mix is None or mix.description is None:
            return
        removed = tuple(sorted({*mix.removed, index}))
        if len(removed) >= len(mix.understood or []):
            self.describe_box.show_message(
                self.tr("Every part was removed: nothing left to go on.")
            )
            self.show_overview()
            return
        self.describe(mix.description, removed)

    def regenerate(self) -> None:
        if self.current is None or self.current.kind is None:
            return
        self.random_seed += 1
        mix = self.current
        if mix.kind == "describe" and mix.description is not None:
            self.describe(mix.description, mix.removed)
            return
        self._generate(
            kind=mix.kind,
            title=mix.title,
            blurb=mix.blurb,
            seeds=mix.seeds,
            mood=mix.mood,
            key=mix.key,
        )

    def _slider_settled(self) -> None:
        self.window_.settings.adventurous = self.adventurous
        self.window_.save_settings()
        if self.stack.currentIndex() == 1 and self.current is not None and self.current.kind:
            mix = self.current
            if mix.kind == "describe" and mix.description is not None:
                self.describe(mix.description, mix.removed)
                return
            self._generate(
                kind=mix.kind,
                title=mix.title,
                blurb=mix.blurb,
                seeds=mix.seeds,
                mood=mix.mood,
                key=mix.key,
            )

    def play_current(self) -> None:
        ids = self.model.track_ids()
        if ids and self.current is not None:
            self.window_.play_tracks(ids, context=f"discover:{self.current.key}")

    def save_current(self) -> None:
        if self.current is None:
            return
        self.window_.playlists.save_new(self.current.title, self.model.track_ids())

    def export_dialog(self) -> None:
        if self.current is None:
            return
        settings = self.window_.settings
        folder = settings.export_folder or os.path.expanduser("~")
        name = self.current.title.replace("/", "-").replace(":", "")
        suggested = os.path.join(folder, f"{name}.{settings.export_format}")
        filters = {
            "m3u8": self.tr("M3U8 playlist") + " (*.m3u8)",
            "xspf": self.tr("XSPF playlist") + " (*.xspf)",
            "pls": self.tr("PLS playlist") + " (*.pls)",
        }
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export playlist"),
            suggested,
            ";;".join(filters.values()),
            filters[settings.export_format],
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        self.window_.export_tracks(self.model.track_ids(), path, name=self.current.title)

    def _activated(self, index: QModelIndex) -> None:
        ids = self.model.track_ids()
        row = self.proxy.mapToSource(index).row()
        key = self.current.key if self.current is not None else "discover"
        self.window_.play_tracks(ids, start=row, context=f"discover:{key}")

    def _context_menu(self, pos: QPoint) -> None:
        from desktop_app.gui.pages.library import build_track_menu

        rows = sorted(
            {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        )
        index = self.view.indexAt(pos)
        if index.isValid() and self.proxy.mapToSource(index).row() not in rows:
            rows = [self.proxy.mapToSource(index).row()]
        ids = [int(self.model.item(r)["id"]) for r in rows]
        if ids:
            build_track_menu(self.window_, ids, self).exec(self.view.viewport().mapToGlobal(pos))

    def sizeHint(self) -> QSize:
        return QSize(900, 600)
