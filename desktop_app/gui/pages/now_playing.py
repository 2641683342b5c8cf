"""Now playing: the track in large (cover, title, artist, album), why it was picked, the queue
(reorder by dragging), and like / dislike / ban."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import list_covers
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

ART = 300
QueueIndexRole = Qt.ItemDataRole.UserRole + 20


class NowPlayingPage(QWidget):
    title = "Now playing"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self._player: Any = None
        self.header = PageHeader(
            self.tr("Now playing"),
            self.tr("The track playing now, why it is here, and what comes next."),
        )
        self.art = QLabel()
        self.art.setObjectName("cover")
        self.art.setFixedSize(ART, ART)
        self.art.setScaledContents(True)
        self.track_title = QLabel(self.tr("Nothing playing"))
        self.track_title.setObjectName("bigTitle")
        self.track_title.setWordWrap(True)
        self.artist = QLabel("")
        self.artist.setObjectName("bigArtist")
        self.artist.setWordWrap(True)
        self.album = QLabel("")
        self.album.setObjectName("muted")
        self.album.setWordWrap(True)
        self.reason = QLabel("")
        self.reason.setObjectName("reason")
        self.reason.setWordWrap(True)
        self.like_button = QPushButton(self.tr("♥  Like"))
        self.like_button.setObjectName("nowLike")
        self.like_button.clicked.connect(lambda: self._feedback("like"))
        self.dislike_button = QPushButton(self.tr("Dislike"))
        self.dislike_button.clicked.connect(lambda: self._feedback("dislike"))
        self.ban_button = QPushButton(self.tr("Ban"))
        self.ban_button.setToolTip(self.tr("Never suggest this track again"))
        self.ban_button.clicked.connect(lambda: self._feedback("ban"))
        buttons = QHBoxLayout()
        for b in (self.like_button, self.dislike_button, self.ban_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        info = QVBoxLayout()
        info.addStretch(1)
        info.addWidget(self.track_title)
        info.addWidget(self.artist)
        info.addWidget(self.album)
        info.addSpacing(8)
        info.addWidget(self.reason)
        info.addSpacing(12)
        info.addLayout(buttons)
        info.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.art, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(info, 1)

        self.queue_title = QLabel(self.tr("Up next"))
        self.queue_title.setObjectName("sectionTitle")
        self.queue = QListWidget()
        self.queue.setObjectName("queueList")
        self.queue.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.queue.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue.setUniformItemSizes(True)  # a long queue lays out without a size per row
        self.queue_covers = list_covers.install(self.queue, window.covers, None)
        self.queue.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.queue.model().rowsMoved.connect(self._rows_moved)
        self.queue.itemActivated.connect(self._play_item)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addSpacing(12)
        layout.addWidget(self.queue_title)
        layout.addWidget(self.queue, 1)
        self._large = False  # the full-size cover of the current track is shown
        self._set_art(None)
        self._enable(False)

    # -- wiring -------------------------------------------------------------------------------

    def activate(self) -> None:
        self.attach()
        self.refresh()

    def attach(self) -> None:
        """Follow the player (created after the first paint, so attached on first use)."""
        if self._player is not None:
            return
        self._player = self.window_.player
        self._player.track_changed.connect(lambda _t: self.refresh())
        self._player.queue_changed.connect(self.refresh_queue)

    def _enable(self, on: bool) -> None:
        for b in (self.like_button, self.dislike_button, self.ban_button):
            b.setEnabled(on)

    # -- showing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        player = self._player
        current = player.current if player is not None else None
        if current is None:
            self.track_title.setText(self.tr("Nothing playing"))
            self.artist.setText("")
            self.album.setText("")
            self.reason.setText(self.tr("Pick a mix on Discover or double-click a track."))
            self._set_art(None)
            self._enable(False)
        else:
            track = self.window_.catalog.track(current)
            self._enable(True)
            if track is not None:
                self.track_title.setText(track.display_title)
                self.artist.setText(track.artist or "")
                self.album.setText(
                    " · ".join(str(x) for x in (track.album, getattr(track, "year", None)) if x)
                )
                self._set_art(None)
                self._large = False
                self.window_.load_cover(track.path, ART, self._cover_loaded, token=current)
                self._load_large_art(track.path, current)
            self.reason.setText(self.reason_for(current))
        self.refresh_queue()

    def reason_for(self, track_id: int) -> str:
        """Why this track is playing: the mix's reason for it, or where it was started from."""
        context = (self._player.context if self._player is not None else None) or ""
        if context.startswith("discover:"):
            discover = self.window_.discover
            for item in discover.model.items:
                if item.get("id") == track_id and item.get("reason"):
                    title = discover.current.title if discover.current is not None else ""
                    return self.tr("From {mix}: {reason}").format(mix=title, reason=item["reason"])
            for mix in discover.mixes:
                if f"discover:{mix.key}" == context:
                    for item in mix.tracks:
                        if item.get("id") == track_id and item.get("reason"):
                            return self.tr("From {mix}: {reason}").format(
                                mix=mix.title, reason=item["reason"]
                            )
                    return self.tr("From {mix}.").format(mix=mix.title)
            return self.tr("Picked by Discover.")
        if context == "library":
            return self.tr("You started this from your library.")
        if context.startswith("playlist"):
            return self.tr("From one of your playlists.")
        if context:
            return self.tr("Started from {where}.").format(where=context)
        return ""

    def refresh_queue(self) -> None:
        player = self._player
        self.queue.clear()
        if player is None:
            return
        catalog = self.window_.catalog
        for i, track_id in enumerate(player.queue):
            track = catalog.track(track_id)
            text = (
                f"{track.display_title} — {track.artist}"
                if track is not None and track.artist
                else (track.display_title if track is not None else f"#{track_id}")
            )
            item = QListWidgetItem(("▶  " if i == player.index else "") + text)
            item.setData(QueueIndexRole, i)
            if track is not None:
                item.setData(list_covers.PathRole, track.path)
                item.setData(list_covers.AlbumRole, track.album)
            if i == player.index:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.queue.addItem(item)
        if 0 <= player.index < self.queue.count():
            self.queue.scrollToItem(self.queue.item(player.index))

    def _set_art(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            from desktop_app.gui.covers import _placeholder

            title = self.track_title.text()
            self.art.setPixmap(QPixmap.fromImage(_placeholder(title, ART, "")))
        else:
            self.art.setPixmap(QPixmap.fromImage(image))

    def _cover_loaded(self, token: int, image: QImage) -> None:
        if self._player is not None and token == self._player.current and not self._large:
            self._set_art(image)

    def _load_large_art(self, path: str, token: int) -> None:
        """The cover at the size it is shown (the cached thumbnail is 256 px; the art here is
        300 px, 600 at 200 % scaling): read from the file in the background, once per track."""
        from desktop_app.gui import tasks
        from desktop_app.gui.cover_cache import read_cover

        side = round(ART * self.devicePixelRatioF())

        def done(image: QImage | None) -> None:
            if image is None or self._player is None or token != self._player.current:
                return
            image.setDevicePixelRatio(side / ART)
            self._large = True
            self.art.setPixmap(QPixmap.fromImage(image))

        tasks.run_task(lambda ctx: read_cover(path, side), done, name="now-playing-art")

    # -- actions ------------------------------------------------------------------------------

    def _rows_moved(self, *_args: Any) -> None:
        """The person dragged a row: the player's queue takes the new order."""
        player = self._player
        if player is None:
            return
        order = [self.queue.item(r).data(QueueIndexRole) for r in range(self.queue.count())]
        self.move_queue(order)

    def move_queue(self, order: list[int]) -> None:
        """Reorder the queue: ``order`` lists the old positions in their new order."""
        player = self._player
        if player is None or sorted(order) != list(range(len(player.queue))):
            return
        current_old = player.index
        player.queue = [player.queue[i] for i in order]
        if current_old >= 0:
            player.index = order.index(current_old)
        player.queue_changed.emit()

    def _play_item(self, item: QListWidgetItem) -> None:
        player = self._player
        if player is None:
            return
        index = item.data(QueueIndexRole)
        player.play_tracks(list(player.queue), index, context=player.context)

    def _feedback(self, kind: str) -> None:
        player = self._player
        if player is None or player.current is None:
            return
        self.window_.feedback([player.current], kind)
        if kind in ("dislike", "ban"):
            player.next()
