"""MPRIS 2 on the session bus, so media keys, ``playerctl`` and the desktop's media widget see
and control the player (https://specifications.freedesktop.org/mpris-spec/ , read in
docs/gui.md).

Bus name ``org.mpris.MediaPlayer2.deepcuts``, object ``/org/mpris/MediaPlayer2``, with the root
interface ``org.mpris.MediaPlayer2`` (Identity, DesktopEntry, Raise, Quit) and
``org.mpris.MediaPlayer2.Player`` (PlaybackStatus, Metadata, Position, Volume, the Can*
properties; Play, Pause, PlayPause, Stop, Next, Previous, Seek, SetPosition, OpenUri), each a
:class:`QDBusAbstractAdaptor` child of one :class:`MprisService`. Changes of the player are
announced with ``org.freedesktop.DBus.Properties.PropertiesChanged`` and ``Seeked``.

Without a session bus (a plain offscreen test run, Windows, macOS) :func:`start` returns
``None`` and nothing else changes.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import ClassInfo, Property, QObject, QUrl, Signal, Slot
from PySide6.QtDBus import (
    QDBusAbstractAdaptor,
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusVariant,
)

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

log = logging.getLogger("deepcuts.gui.mpris")

BUS_NAME = "org.mpris.MediaPlayer2.deepcuts"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_IFACE = "org.mpris.MediaPlayer2"
PLAYER_IFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"


def track_object_path(track_id: int) -> str:
    return f"/org/deepcuts/track/{int(track_id)}"


@ClassInfo({"D-Bus Interface": ROOT_IFACE})  # type: ignore[call-arg]
class RootAdaptor(QDBusAbstractAdaptor):  # type: ignore[operator]
    """``org.mpris.MediaPlayer2``: who the player is."""

    def __init__(self, service: MprisService) -> None:
        super().__init__(service)
        self.service = service
        self.setAutoRelaySignals(False)

    def _identity(self) -> str:
        return "Deep Cuts"

    def _desktop_entry(self) -> str:
        return "deepcuts"

    def _true(self) -> bool:
        return True

    def _false(self) -> bool:
        return False

    def _empty(self) -> list[str]:
        return []

    def _mime(self) -> list[str]:
        return ["audio/flac", "audio/mpeg", "audio/ogg", "audio/mp4", "audio/x-wav"]

    def _schemes(self) -> list[str]:
        return ["file"]

    Identity = Property(str, _identity)
    DesktopEntry = Property(str, _desktop_entry)
    CanQuit = Property(bool, _true)
    CanRaise = Property(bool, _true)
    HasTrackList = Property(bool, _false)
    CanSetFullscreen = Property(bool, _false)
    Fullscreen = Property(bool, _false)
    SupportedUriSchemes = Property("QStringList", _schemes)  # type: ignore[arg-type]
    SupportedMimeTypes = Property("QStringList", _mime)  # type: ignore[arg-type]

    @Slot()
    def Raise(self) -> None:
        self.service.raise_window()

    @Slot()
    def Quit(self) -> None:
        self.service.quit()


@ClassInfo({"D-Bus Interface": PLAYER_IFACE})  # type: ignore[call-arg]
class PlayerAdaptor(QDBusAbstractAdaptor):  # type: ignore[operator]
    """``org.mpris.MediaPlayer2.Player``: state and transport."""

    Seeked = Signal("qlonglong")  # type: ignore[arg-type]

    def __init__(self, service: MprisService) -> None:
        super().__init__(service)
        self.service = service
        self.setAutoRelaySignals(False)

    # properties

    def _status(self) -> str:
        return self.service.playback_status()

    def _metadata(self) -> dict[str, Any]:
        return self.service.metadata()

    def _position(self) -> int:
        return self.service.position_us()

    def _volume(self) -> float:
        return self.service.volume()

    def _set_volume(self, value: float) -> None:
        self.service.set_volume(value)

    def _rate(self) -> float:
        return 1.0

    def _set_rate(self, _value: float) -> None:
        pass

    def _can_move(self) -> bool:
        return self.service.has_queue()

    def _true(self) -> bool:
        return True

    def _loop(self) -> str:
        return "None"

    def _false(self) -> bool:
        return False

    PlaybackStatus = Property(str, _status)
    LoopStatus = Property(str, _loop)
    Shuffle = Property(bool, _false)
    Metadata = Property("QVariantMap", _metadata)  # type: ignore[arg-type]
    Position = Property("qlonglong", _position)  # type: ignore[arg-type]
    Volume = Property(float, _volume, _set_volume)
    Rate = Property(float, _rate, _set_rate)
    MinimumRate = Property(float, _rate)
    MaximumRate = Property(float, _rate)
    CanGoNext = Property(bool, _can_move)
    CanGoPrevious = Property(bool, _can_move)
    CanPlay = Property(bool, _can_move)
    CanPause = Property(bool, _can_move)
    CanSeek = Property(bool, _can_move)
    CanControl = Property(bool, _true)

    # methods

    @Slot()
    def Play(self) -> None:
        self.service.play()

    @Slot()
    def Pause(self) -> None:
        self.service.pause()

    @Slot()
    def PlayPause(self) -> None:
        self.service.play_pause()

    @Slot()
    def Stop(self) -> None:
        self.service.stop()

    @Slot()
    def Next(self) -> None:
        self.service.next()

    @Slot()
    def Previous(self) -> None:
        self.service.previous()

    @Slot("qlonglong")
    def Seek(self, offset_us: int) -> None:
        self.service.seek_by(int(offset_us))

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track: QDBusObjectPath, position_us: int) -> None:
        self.service.set_position(track.path(), int(position_us))

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        self.service.open_uri(uri)


class MprisService(QObject):
    """Connects the window's player to the two adaptors and announces its changes."""

    def __init__(self, window: MainWindow, connection: QDBusConnection) -> None:
        super().__init__(window)
        self.window_ = window
        self.connection = connection
        self.root = RootAdaptor(self)
        self.player_iface = PlayerAdaptor(self)
        self._last: dict[str, Any] = {}

    # what the adaptors ask

    @property
    def player(self) -> Any:
        return self.window_.player

    def has_queue(self) -> bool:
        return bool(self.player.queue)

    def playback_status(self) -> str:
        player = self.player
        if player.is_playing():
            return "Playing"
        if player.current is not None:
            return "Paused"
        return "Stopped"

    def metadata(self) -> dict[str, Any]:
        """The Metadata map as sent: ``mpris:length`` as a D-Bus int64 (see :func:`int64`)."""
        return typed_metadata(self.plain_metadata())

    def plain_metadata(self) -> dict[str, Any]:
        """The Metadata map with plain Python values (compared between announcements)."""
        track_id = self.player.current
        if track_id is None:
            return {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
        meta: dict[str, Any] = {"mpris:trackid": QDBusObjectPath(track_object_path(track_id))}
        track = self.window_.catalog.track(track_id)
        if track is None:
            return meta
        meta["xesam:title"] = track.display_title
        if track.artist:
            meta["xesam:artist"] = [track.artist]
        if getattr(track, "album", None):
            meta["xesam:album"] = track.album
        meta["xesam:url"] = QUrl.fromLocalFile(track.path).toString()
        duration = self.player.media.duration() or int((track.duration or 0) * 1000)
        if duration:
            meta["mpris:length"] = int(duration) * 1000
        art = self.art_url(track.path)
        if art:
            meta["mpris:artUrl"] = art
        return meta

    def art_url(self, path: str) -> str | None:
        finder = getattr(self.window_, "cover_file_for", None)
        art = finder(path) if finder is not None else None
        return QUrl.fromLocalFile(str(art)).toString() if art else None

    def position_us(self) -> int:
        return int(self.player.media.position()) * 1000

    def volume(self) -> float:
        # Qt keeps a float32: 0.8 comes back as 0.800000011920929 without the rounding
        return round(float(self.player.audio.volume()), 4)

    def set_volume(self, value: float) -> None:
        bar = getattr(self.window_, "_player_bar", None)
        if bar is not None:
            bar.volume.setValue(int(max(0.0, min(1.0, value)) * 100))
        else:
            self.player.set_volume(value)

    # what the adaptors do

    def play(self) -> None:
        if not self.player.is_playing():
            self.player.toggle()

    def pause(self) -> None:
        if self.player.is_playing():
            self.player.media.pause()

    def play_pause(self) -> None:
        self.player.toggle()

    def stop(self) -> None:
        self.player.stop()

    def next(self) -> None:
        self.player.next()

    def previous(self) -> None:
        self.player.previous()

    def seek_by(self, offset_us: int) -> None:
        target = max(0, self.player.media.position() + offset_us // 1000)
        duration = self.player.media.duration()
        if duration and target > duration:
            self.player.next()
            return
        self.player.seek(target)
        self._emit_seeked(target * 1000)

    def set_position(self, track_path: str, position_us: int) -> None:
        current = self.player.current
        if current is None or track_path != track_object_path(current) or position_us < 0:
            return
        self.player.seek(position_us // 1000)
        self._emit_seeked(position_us)

    def open_uri(self, uri: str) -> None:
        path = QUrl(uri).toLocalFile()
        track = self.window_.catalog.track_by_path(path) if path else None
        if track is not None:
            self.window_.play_tracks([track.id], context="mpris")

    def raise_window(self) -> None:
        self.window_.showNormal()
        self.window_.raise_()
        self.window_.activateWindow()

    def quit(self) -> None:
        self.window_.close()

    # announcements

    def attach(self, player: Any) -> None:
        player.track_changed.connect(lambda _t: self.announce())
        player.state_changed.connect(lambda _s: self.announce())
        player.queue_changed.connect(self.announce)
        player.audio.volumeChanged.connect(lambda _v: self.announce())

    def announce(self) -> None:
        """Send PropertiesChanged for the Player properties whose value changed."""
        now: dict[str, Any] = {
            "PlaybackStatus": self.playback_status(),
            "Metadata": self.plain_metadata(),
            "Volume": self.volume(),
            "CanGoNext": self.has_queue(),
            "CanGoPrevious": self.has_queue(),
            "CanPlay": self.has_queue(),
            "CanPause": self.has_queue(),
            "CanSeek": self.has_queue(),
        }
        changed = {k: v for k, v in now.items() if _comparable(self._last.get(k)) != _comparable(v)}
        self._last = now
        if not changed:
            return
        message = QDBusMessage.createSignal(
            OBJECT_PATH, "org.freedesktop.DBus.Properties", "PropertiesChanged"
        )
        if "Metadata" in changed:
            changed["Metadata"] = typed_metadata(changed["Metadata"])
        message.setArguments([PLAYER_IFACE, changed, _empty_string_list()])
        self.connection.send(message)

    def _emit_seeked(self, position_us: int) -> None:
        # the adaptor's signal is declared qlonglong, so it goes out as the spec's x (a plain
        # int in a hand-made message would go out as a 32-bit i)
        self.player_iface.Seeked.emit(int(position_us))


_APPEND_INT64: Any = None


def _int64_appender() -> Any:
    """Qt's ``QDBusArgument::operator<<(qlonglong)``, called through ctypes (``False`` when it
    cannot be found).

    Why: the D-Bus type of a value inside a map (``a{sv}``, as Metadata is) follows its
    ``QVariant``'s type, and PySide6 turns a Python int into a 32-bit ``int`` whenever it fits;
    its ``QDBusArgument.__lshift__`` always picks the ``ushort`` overload for an int (PySide6
    6.11, tried: ``arg << 5`` has the signature ``q``). A ``QDBusArgument`` holding one value is
    written into a map with that value's own signature, so the C++ operator for ``qlonglong``
    (a stable, exported symbol of Qt 6's ABI) gives the spec's ``x``.
    """
    global _APPEND_INT64
    if _APPEND_INT64 is None:
        _APPEND_INT64 = False
        try:
            import ctypes

            import PySide6

            names = [
                os.path.join(os.path.dirname(PySide6.__file__), "Qt", "lib", "libQt6DBus.so.6")
            ]
            names.append("libQt6DBus.so.6")
            for name in names:
                try:
                    lib = ctypes.CDLL(name)
                    func = lib._ZN13QDBusArgumentlsEx
                except (OSError, AttributeError):
                    continue
                func.argtypes = [ctypes.c_void_p, ctypes.c_longlong]
                func.restype = ctypes.c_void_p
                _APPEND_INT64 = func
                break
        except Exception:  # no ctypes, no library: plain ints below
            log.debug("QDBusArgument::operator<<(qlonglong) not found", exc_info=True)
        if _APPEND_INT64 is False:
            log.info("cannot send 64-bit integers in MPRIS metadata; sending plain integers")
    return _APPEND_INT64


def int64(value: int) -> Any:
    """``value`` as a D-Bus ``x`` (int64) for a map entry: a ``QDBusArgument`` holding it."""
    append = _int64_appender()
    if not append:
        return int(value)
    from shiboken6 import Shiboken

    arg = QDBusArgument()
    append(Shiboken.getCppPointer(arg)[0], int(value))
    if arg.currentSignature() != "x":  # never expected: fall back to what PySide sends
        return int(value)
    return arg


def typed_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` with the integers the spec types as int64 (``mpris:length``) made so."""
    out = dict(meta)
    if isinstance(out.get("mpris:length"), int):
        out["mpris:length"] = int64(out["mpris:length"])
    return out


def _comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, QDBusObjectPath):
        return ("o", value.path())
    if isinstance(value, QDBusVariant):
        return ("v", value.variant())
    return value


def _empty_string_list() -> Any:
    from PySide6.QtCore import QStringListModel

    return QStringListModel().stringList()


def start(window: MainWindow) -> MprisService | None:
    """Register the MPRIS service for ``window`` on the session bus (``None`` without a bus)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") and not os.path.exists(
        f"/run/user/{os.getuid()}/bus" if hasattr(os, "getuid") else "/nonexistent"
    ):
        return None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        log.info("no session bus: MPRIS is off")
        return None
    service = MprisService(window, bus)
    options = QDBusConnection.RegisterOption.ExportAdaptors
    if not bus.registerObject(OBJECT_PATH, service, options):
        log.warning("cannot register %s on the session bus", OBJECT_PATH)
        return None
    name = BUS_NAME
    if not bus.registerService(name):  # a second instance: the spec's instance suffix
        name = f"{BUS_NAME}.instance{os.getpid()}"
        if not bus.registerService(name):
            log.warning("cannot own %s on the session bus", BUS_NAME)
            return None
    service.bus_name = name  # type: ignore[attr-defined]
    log.info("MPRIS on the session bus as %s", name)
    return service
