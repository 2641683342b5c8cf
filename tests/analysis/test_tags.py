"""Tag round trips: files generated in every writable format, tags written, read back exactly."""

from __future__ import annotations

import os
import shutil

import pytest
from mutagen import id3
from mutagen.apev2 import APEv2

from analysis.tags import clean_text, parse_number_pair, read_audio_file
from tests.media import TAGGABLE, TINY_JPEG, WRITABLE, tag_file, write_audio

RECORDING = "58900088-3e21-41d5-a2f6-44f3c34e056b"
RELEASE = "0b4ab1bb-c382-349e-af18-592e702c6bc6"
ARTIST_IDS = ["69ee3720-a7cb-4402-b48d-a02c366f2bcf", "11111111-2222-3333-4444-555555555555"]

FULL_TAGS = dict(
    title="Ünïcode — テスト 🎵",
    artist=["Beyoncé", "Jay‐Z"],
    album="Ålbum",
    album_artist="Various",
    genre=["Rock", "Jazz"],
    date="2001-02-03",
    track="3/12",
    disc="1/2",
    composer="Ravel",
    label="Label Ltd",
    isrc="USABC1234567",
    mb_recording_id=RECORDING,
    mb_release_id=RELEASE,
    mb_artist_id=ARTIST_IDS,
    fmps_rating="0.8",
    fmps_playcount="7",
)


@pytest.mark.parametrize("ext", TAGGABLE)
def test_tags_round_trip_every_writable_format(tmp_path, ext):
    path = tmp_path / f"full{ext}"
    write_audio(path, seconds=1.0)
    tags = dict(FULL_TAGS)
    if ext in (".wma",):
        tags.pop("fmps_playcount")
    tag_file(path, **tags, cover=TINY_JPEG)
    rec = read_audio_file(os.fsencode(path))
    assert "error" not in rec, rec
    assert rec["title"] == "Ünïcode — テスト 🎵"
    assert rec["artists"] == ["Beyoncé", "Jay‐Z"]
    assert rec["artist"] == "Beyoncé; Jay‐Z"
    assert rec["album"] == "Ålbum"
    assert rec["genres"] == ["Rock", "Jazz"] and rec["genre"] == "Rock"
    assert rec["year"] == 2001
    assert (rec["track_number"], rec["track_total"]) == (3, 12)
    assert (rec["disc_number"], rec["disc_total"]) == (1, 2)
    assert rec["composer"] == "Ravel"
    assert rec["isrc"] == "USABC1234567"
    assert rec["mb_recording_id"] == RECORDING
    assert rec["mb_release_id"] == RELEASE
    assert rec["mb_artist_ids"] == ARTIST_IDS
    assert rec["identity"] == f"mbid:{RECORDING}"
    assert rec["tag_rating"] == pytest.approx(0.8)
    if ext != ".wma":
        assert rec["tag_play_count"] == 7
        assert rec["has_cover"] is True
        assert rec["label"] == "Label Ltd"
        assert rec["album_artist"] == "Various"
    assert rec["duration"] == pytest.approx(1.0, abs=0.1)
    assert rec["sample_rate"]
    assert rec["channels"] == 1 or (ext in (".wv", ".tta") and rec["channels"] is None)
    assert rec["sample_hash"]


@pytest.mark.parametrize("ext", WRITABLE)
def test_untagged_files_read_with_stream_info(tmp_path, ext):
    path = tmp_path / f"plain{ext}"
    write_audio(path, seconds=1.0)
    rec = read_audio_file(os.fsencode(path))
    assert "error" not in rec, rec
    assert rec["format"] and rec["duration"] == pytest.approx(1.0, abs=0.15)
    assert rec["identity"].startswith("meta:") and "plain" in rec["identity"]


def test_id3v23_and_v24_both_read(tmp_path):
    for version in (3, 4):
        path = tmp_path / f"v2{version}.mp3"
        write_audio(path)
        # ID3v2.3 has no multi-value frames: writers join values with "/", which stays one
        # value on reading (splitting would break "AC/DC").
        tag_file(
            path,
            id3_version=version,
            title="Title",
            artist=["AC/DC"],
            date="1999",
            genre=["Pop", "Rock"] if version == 4 else ["Rock"],
        )
        assert id3.ID3(path).version[1] == version
        rec = read_audio_file(os.fsencode(path))
        assert rec["title"] == "Title" and rec["year"] == 1999
        assert rec["genres"] == (["Pop", "Rock"] if version == 4 else ["Rock"])
        assert rec["artists"] == ["AC/DC"]


def test_id3v1_only(tmp_path):
    path = tmp_path / "v1.mp3"
    write_audio(path)
    with open(path, "ab") as fh:  # a raw 128-byte ID3v1 tag, nothing else
        tag = b"TAG" + b"V1 Title".ljust(30, b"\0") + b"V1 Artist".ljust(30, b"\0")
        tag += b"V1 Album".ljust(30, b"\0") + b"1987" + b"".ljust(28, b"\0") + b"\0\x05" + b"\x11"
        fh.write(tag)
    rec = read_audio_file(os.fsencode(path))
    assert (rec["title"], rec["artist"], rec["album"], rec["year"]) == (
        "V1 Title",
        "V1 Artist",
        "V1 Album",
        1987,
    )
    assert rec["track_number"] == 5
    assert rec["genre"] == "Rock"


def test_apev2_on_mp3_is_read_and_id3_wins(tmp_path):
    path = tmp_path / "ape.mp3"
    write_audio(path)
    ape = APEv2()
    ape["Title"] = "APE Title"
    ape["Artist"] = "APE Artist"
    ape["Album"] = "APE Album"
    ape.save(path)
    rec = read_audio_file(os.fsencode(path))
    assert (rec["title"], rec["artist"], rec["album"]) == ("APE Title", "APE Artist", "APE Album")
    tags = id3.ID3()
    tags.add(id3.TIT2(encoding=3, text="ID3 Title"))
    tags.save(path)
    rec = read_audio_file(os.fsencode(path))
    assert rec["title"] == "ID3 Title" and rec["artist"] == "APE Artist"


def test_popm_and_pcnt_counters(tmp_path):
    path = tmp_path / "popm.mp3"
    write_audio(path)
    tag_file(path, title="x", popm=(196, 12), pcnt=15)
    rec = read_audio_file(os.fsencode(path))
    assert rec["tag_rating"] == pytest.approx(196 / 255, abs=1e-3)
    assert rec["tag_play_count"] == 15  # the larger of POPM's counter and PCNT


def test_latin1_mojibake_is_repaired_and_text_nfc(tmp_path):
    path = tmp_path / "moji.mp3"
    write_audio(path)
    tags = id3.ID3()
    # A tagger wrote UTF-8 bytes but declared Latin-1: "Beyoncé" reads as "BeyoncÃ©".
    tags.add(id3.TPE1(encoding=0, text="Beyonc\u00c3\u00a9"))
    tags.add(id3.TIT2(encoding=3, text="Cafe\u0301"))  # decomposed e + accent
    tags.save(path)
    rec = read_audio_file(os.fsencode(path))
    assert rec["artist"] == "Beyoncé"
    assert rec["title"] == "Café" and len(rec["title"]) == 4


def test_very_long_tag_values_are_cut_not_fatal(tmp_path):
    path = tmp_path / "long.flac"
    write_audio(path)
    tag_file(path, title="x" * 100_000, artist="A")
    rec = read_audio_file(os.fsencode(path))
    assert "error" not in rec and 0 < len(rec["title"]) <= 2000


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("zero.mp3", b"", "empty file"),
        ("junk.flac", b"this is not audio at all" * 100, "corrupt or not audio"),
    ],
)
def test_bad_files_become_reasons(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    rec = read_audio_file(os.fsencode(path))
    assert reason in rec["error"]
    assert str(tmp_path) not in rec["error"]


def test_truncated_flac_is_a_reason_or_a_row(tmp_path):
    path = tmp_path / "cut.flac"
    write_audio(path, seconds=2.0)
    data = path.read_bytes()
    path.write_bytes(data[:30])
    rec = read_audio_file(os.fsencode(path))
    assert rec.get("error")


def test_wrong_extension_reads_by_content(tmp_path):
    src = tmp_path / "real.mp3"
    write_audio(src)
    tag_file(src, title="Mislabeled")
    wrong = tmp_path / "really-an-mp3.flac"
    shutil.copy(src, wrong)
    rec = read_audio_file(os.fsencode(wrong))
    assert rec.get("error") is None and rec["format"] == "mp3" and rec["title"] == "Mislabeled"


def test_helpers():
    assert parse_number_pair("03/12") == (3, 12)
    assert parse_number_pair("7") == (7, None)
    assert parse_number_pair("x") == (None, None)
    assert clean_text(b"\xff\xfe bad") is not None
    assert clean_text("  ") is None
