"""Real music for the benchmarks: freely licensed Debian game soundtracks (issues 3 and 13).

Each package is fetched once with ``apt-get download`` into ``<cache>/debs`` and only its music
folders are unpacked (``dpkg-deb --fsys-tarfile`` piped through ``tar`` with a wildcard), into
``<cache>/soundtracks/<package>/``; a marker file records that the package is done, so later
runs reuse it. Several packages are mostly game data (``supertuxkart-data`` is 630 MB, of which
67 MB are music), so nothing else is written out. ``<cache>`` defaults to the git-ignored
``bench-data/`` of the checkout; nothing is copied into the repository.

Only the sixteen packages issue 13 names are used (other music packages are kept for
independent checks). Of those, four hold no music an ordinary library would contain:
``neverball-data`` ships none, ``fb-music-high`` and ``pingus-data`` ship tracker modules
(``.xm``, ``.it``, ``.s3m``: FFmpeg here has no module decoder) and ``xblast-tnt-musics`` headerless
``.raw`` samples. The other twelve are the soundtracks below; a soundtrack is a package (its
label in the similarity benchmark), and only files of :data:`MIN_TRACK_SECONDS` or more count
as music (sound effects and jingles are not tracks).

The development / held-out split is fixed here, chosen before any figure of the held-out set
was looked at (by style and size only, so each side has orchestral, electronic and band-like
music): every weight, layer and threshold of the learned embedding was chosen on
:data:`DEVELOPMENT`; :data:`HELD_OUT` is only ever scored.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = REPO / "bench-data"

#: Tracks shorter than this are sound effects or jingles, not music.
MIN_TRACK_SECONDS = 30.0

#: Every package issue 13 allows (name -> short label); only these are ever downloaded.
ISSUE_PACKAGES = {
    "wesnoth-1.16-music": "wesnoth",
    "hyperrogue-music": "hyperrogue",
    "planetblupi-music-ogg": "planetblupi",
    "fb-music-high": "frozenbubble",
    "xblast-tnt-musics": "xblast",
    "supertux-data": "supertux",
    "supertuxkart-data": "supertuxkart",
    "hedgewars-data": "hedgewars",
    "widelands-data": "widelands",
    "freedroidrpg-data": "freedroidrpg",
    "neverball-data": "neverball",
    "pingus-data": "pingus",
    "lincity-ng-data": "lincity",
    "extremetuxracer-data": "etr",
    "xmoto-data": "xmoto",
    "megaglest-data": "megaglest",
}

#: The twelve soundtracks with decodable music (see the module docstring for the other four).
#: Development: orchestral fantasy (Wesnoth), synth (HyperRogue), light pop (Planet Blupi),
#: platformer (SuperTux), kart racing by many composers (SuperTuxKart), orchestral strategy
#: (Widelands), city builder (LinCity-NG).
DEVELOPMENT = (
    "wesnoth-1.16-music",
    "hyperrogue-music",
    "planetblupi-music-ogg",
    "supertux-data",
    "supertuxkart-data",
    "widelands-data",
    "lincity-ng-data",
)
#: Held out, only scored: cartoon (Hedgewars), ambient/electronic RPG (FreedroidRPG), winter
#: sports (Extreme Tux Racer), epic strategy (MegaGlest), motocross rock (XMoto). Chosen by
#: style and size (five mid-sized soundtracks, so no one class dominates the figure).
HELD_OUT = (
    "hedgewars-data",
    "freedroidrpg-data",
    "extremetuxracer-data",
    "megaglest-data",
    "xmoto-data",
)
SOUNDTRACKS = DEVELOPMENT + HELD_OUT

#: The three packages of the speed benchmark (issue 3's figures use them).
SPEED_PACKAGES = ("wesnoth-1.16-music", "hyperrogue-music", "planetblupi-music-ogg")

_AUDIO = ("ogg", "mp3", "flac", "opus", "wav")
# Folder names that hold music in these packages (music/, Music/, Musics/ ...).
_MUSIC_PATTERNS = [f"*/{d}/*" for d in ("music", "Music", "musics", "Musics")]


def fetch(cache: Path, packages: tuple[str, ...] = SOUNDTRACKS) -> dict[str, Path]:
    """Download (once) and unpack the music folders of ``packages``.

    Returns
    -------
    dict
        package -> its unpacked folder under ``<cache>/soundtracks``.
    """
    unknown = [p for p in packages if p not in ISSUE_PACKAGES]
    if unknown:
        raise SystemExit(f"not a package of issue 13: {', '.join(unknown)}")
    debs = cache / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for package in packages:
        dest = cache / "soundtracks" / package
        marker = dest / ".unpacked"
        if not marker.exists():
            deb = _download(package, debs)
            dest.mkdir(parents=True, exist_ok=True)
            _unpack_music(deb, dest)
            marker.write_text("ok\n")
        out[package] = dest
    return out


def _download(package: str, debs: Path) -> Path:
    found = sorted(debs.glob(f"{package}_*.deb"))
    if not found:
        print(f"downloading {package} into {debs} ...", file=sys.stderr)
        proc = subprocess.run(
            ["apt-get", "download", package], cwd=debs, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise SystemExit(f"apt-get download {package} failed: {proc.stderr.strip()[:500]}")
        found = sorted(debs.glob(f"{package}_*.deb"))
    return found[-1]


def _unpack_music(deb: Path, dest: Path) -> None:
    """Only the music folders of ``deb`` (``tar`` exits 2 when a pattern matches nothing)."""
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE) as p:
        subprocess.run(
            ["tar", "-x", "-C", str(dest), "--wildcards", *_MUSIC_PATTERNS],
            stdin=p.stdout,
            stderr=subprocess.DEVNULL,
            check=False,
        )


def audio_files(folder: Path) -> list[Path]:
    """Audio files under ``folder`` (the scanner finds the same; this is for counting)."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower().lstrip(".") in _AUDIO)


def package_of(path: str) -> str:
    """Which package an unpacked file came from, or ``""``."""
    marker = "/soundtracks/"
    i = path.find(marker)
    if i < 0:
        return ""
    return path[i + len(marker) :].split("/", 1)[0]


def label_of(path: str) -> str:
    """Short soundtrack label of a file (``"wesnoth"``), ``""`` for none."""
    return ISSUE_PACKAGES.get(package_of(path), "")
