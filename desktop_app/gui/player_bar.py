"""The player bar at the bottom of the window: cover, title, transport, seek, volume, like."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
)

from desktop_app.gui.icons import transport_icon
from desktop_app.gui.library_model import format_duration
from desktop_app.gui.player import PlayerController

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

COVER_SIZE = 56


class PlayerBar(QFrame):
    def __init__(self, window: MainWindow, player: PlayerController) -> None:
        super().__init__()
        self.setObjectName("playerBar")
        self.window_ = window
        self.player = player

        self.cover = QLabel()
        self.cover.setObjectName("cover")
        self.cover.setFixedSize(COVER_SIZE, COVER_SIZE)
        self.cover.setScaledContents(True)
        self.title = QLabel(self.tr("Nothing playing"))
        self.title.setObjectName("nowTitle")
        self.artist = QLabel("")
        self.artist.setObjectName("muted")
        for label in (self.title, self.artist):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addStretch(1)
        text.addWidget(self.title)
        text.addWidget(self.artist)
        text.addStretch(1)

        def button(icon: str, tip: str, slot, name: str) -> QToolButton:
            b = QToolButton()
            b.setIcon(transport_icon(icon))
            b.setIconSize(QSize(22, 22))
            b.setToolTip(tip)
            b.setObjectName(name)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            self._icon_kinds[b] = icon
            return b

        self._icon_kinds: dict[QToolButton, str] = {}
        self.prev_button = button("previous", self.tr("Previous"), player.previous, "prevButton")
        self.play_button = button("play", self.tr("Play / pause"), player.toggle, "playButton")
        self.next_button = button("next", self.tr("Next"), player.next, "nextButton")
        self.like_button = QToolButton()
        self.like_button.setText("♥")
        self.like_button.setToolTip(self.tr("Like this track"))
        self.like_button.setObjectName("likeButton")
        self.like_button.setAutoRaise(True)
        self.like_button.clicked.connect(lambda: self._feedback("like"))
        self.dislike_button = QToolButton()
        self.dislike_button.setText("✕")
        self.dislike_button.setToolTip(self.tr("Dislike this track (plays less often)"))
        self.dislike_button.setObjectName("dislikeButton")
        self.dislike_button.setAutoRaise(True)
        self.dislike_button.clicked.connect(lambda: self._feedback("dislike"))

        self.position = QLabel("0:00")
        self.position.setObjectName("muted")
        self.length = QLabel("0:00")
        self.length.setObjectName("muted")
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setObjectName("seekSlider")
        self.seek.setRange(0, 0)
        self.seek.sliderReleased.connect(lambda: player.seek(self.seek.value()))
        self._seeking = False
        self.seek.sliderPressed.connect(lambda: setattr(self, "_seeking", True))
        self.seek.sliderReleased.connect(lambda: setattr(self, "_seeking", False))
        volume_icon = QLabel()
        volume_icon.setPixmap(transport_icon("volume").pixmap(18, 18))
        self.volume_icon = volume_icon
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volumeSlider")
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(100)
        self.volume.setValue(int(window.settings.volume * 100))
        self.volume.valueChanged.connect(self._volume)
        player.set_volume(window.settings.volume)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 12, 6)
        layout.addWidget(self.cover)
        layout.addLayout(text, 3)
        layout.addWidget(self.like_button)
        layout.addWidget(self.dislike_button)
        layout.addSpacing(8)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.play_button)
        layout.addWidget(self.next_button)
        layout.addSpacing(8)
        layout.addWidget(self.position)
        layout.addWidget(self.seek, 5)
        layout.addWidget(self.length)
        layout.addSpacing(8)
        layout.addWidget(volume_icon)
        layout.addWidget(self.volume)

        player.track_changed.connect(self._track_changed)
        player.state_changed.connect(self._state_changed)
        player.position_changed.connect(self._position_changed)
        self._set_cover(None)
        self._enable(False)
        theme_manager = getattr(window, "theme", None)
        if theme_manager is not None:
            theme_manager.changed.connect(self.restyle)

    def restyle(self, _palette: object = None) -> None:
        """Redraw the painted icons in the current theme's colours."""
        for b, kind in self._icon_kinds.items():
            if b is self.play_button:
                kind = "pause" if self.player.is_playing() else "play"
            b.setIcon(transport_icon(kind))
        self.volume_icon.setPixmap(transport_icon("volume").pixmap(18, 18))

    def _enable(self, on: bool) -> None:
        for w in (self.like_button, self.dislike_button, self.seek):
            w.setEnabled(on)

    def _feedback(self, kind: str) -> None:
        if self.player.current is not None:
            self.window_.feedback([self.player.current], kind)
            if kind == "dislike":
                self.player.next()

    def _volume(self, value: int) -> None:
        self.player.set_volume(value / 100)
        self.window_.settings.volume = value / 100

    def _set_cover(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            from desktop_app.resource_files import resource_path

            icon_file = resource_path("deepcuts.svg")
            pix = QIcon(str(icon_file)).pixmap(COVER_SIZE, COVER_SIZE) if icon_file else QPixmap()
            if pix.isNull():
                pix = QPixmap(COVER_SIZE, COVER_SIZE)
                pix.fill(Qt.GlobalColor.darkGray)
            self.cover.setPixmap(pix)
        else:
            self.cover.setPixmap(QPixmap.fromImage(image))

    def _track_changed(self, track_id: int) -> None:
        if track_id < 0:
            self.title.setText(self.tr("Nothing playing"))
            self.artist.setText("")
            self._set_cover(None)
            self._enable(False)
            return
        info = self.window_.track_info(track_id)
        self._enable(True)
        if info is None:
            return
        path, title, artist = info
        self.title.setText(title)
        self.artist.setText(artist)
        self.title.setToolTip(path)
        self._set_cover(None)
        self.window_.load_cover(path, COVER_SIZE * 2, self._cover_loaded, token=track_id)

    def _cover_loaded(self, token: int, image: QImage) -> None:
        if token == self.player.current:
            self._set_cover(image)

    def _state_changed(self, playing: bool) -> None:
        self.play_button.setIcon(transport_icon("pause" if playing else "play"))

    def _position_changed(self, position: int, duration: int) -> None:
        if duration > 0 and self.seek.maximum() != duration:
            self.seek.setRange(0, duration)
            self.length.setText(format_duration(duration / 1000))
        if not self._seeking:
            self.seek.setValue(position)
        self.position.setText(format_duration(position / 1000))
