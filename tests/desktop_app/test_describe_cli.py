"""``deepcuts-cli discover --describe TEXT`` end to end (issue 14)."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli import main
from tests.desktop_app.test_playlists_cli import library  # noqa: F401  (fixture)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_describe_json(library, capsys):  # noqa: F811
    data_dir, _, _ = library
    status, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "discover",
        "--describe",
        "folk music by Artist 1, blorp",
        "--json",
    )
    assert status == 0, err
    payload = json.loads(out)
    assert list(payload) == ["query", "understood", "unknown", "tracks"]
    assert payload["query"] == "folk music by Artist 1, blorp"
    assert [u["words"] for u in payload["understood"]] == ["folk music", "by Artist 1"]
    assert payload["unknown"] == ["blorp"]
    assert payload["tracks"] and all(t["artist"] == "Artist 1" for t in payload["tracks"])
    assert set(payload["tracks"][0]) == {
        "id",
        "path",
        "title",
        "artist",
        "album",
        "score",
        "reason",
    }
    assert (
        "folk" in payload["tracks"][0]["reason"] and "by Artist 1" in payload["tracks"][0]["reason"]
    )


def test_describe_export_and_text_output(library, capsys, tmp_path):  # noqa: F811
    data_dir, _, _ = library
    target = tmp_path / "rock.m3u8"
    status, out, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "discover",
        "--describe",
        "rock",
        "--export",
        str(target),
    )
    assert status == 0, err
    assert out.startswith("understood: rock = genre rock")
    text = target.read_text("utf-8")
    assert text.startswith("#EXTM3U") and "#PLAYLIST:Deep Cuts: rock" in text
    assert text.count("Artist 2") >= 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("the some a", "only common words"),
        ("x" * 10_000, "too long"),
        ("folk\x07music", "control characters"),
        ("like Zyxxon Quartet", "“Zyxxon Quartet” is not an artist or a title in your library"),
        ("blorptastic zzyzx", "not understood: “blorptastic zzyzx”"),
        ("folk by Zyxxon Quartet", "“Zyxxon Quartet” is not an artist in your library"),
        ("jazz from the 90s", "no track in your library answers “90s”"),
        ("calm", "needs analysed tracks"),
    ],
)
def test_bad_descriptions_are_one_line_and_write_nothing(library, capsys, tmp_path, text, message):  # noqa: F811
    data_dir, _, _ = library
    target = tmp_path / "out.m3u8"
    argv = ["--data-dir", str(data_dir), "discover", "--describe", text, "--export", str(target)]
    status, out, err = run(capsys, *argv, "--json")
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and message in err, err
    assert not target.exists()


def test_describe_on_an_empty_library_says_so(data_dir, capsys):
    status, _out, err = run(capsys, "--data-dir", str(data_dir), "discover", "--describe", "calm")
    assert status == 1 and "the catalog is empty" in err
