"""The real-data fixture: a skip on a developer's machine, a failure in CI, never silent."""

from __future__ import annotations

import pytest

import tests.conftest as conftest


def _shared_data_with(request, monkeypatch, path):
    monkeypatch.setattr(conftest, "SHARED_DATA", path)
    return request.getfixturevalue("shared_data")


def test_present_data_is_returned(request, monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    assert _shared_data_with(request, monkeypatch, tmp_path) == tmp_path


def test_missing_data_skips_outside_ci(request, monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="real data not present"):
        _shared_data_with(request, monkeypatch, tmp_path / "absent")


def test_missing_data_fails_under_ci(request, monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match=r"real data not present.*CI must provide it"):
        _shared_data_with(request, monkeypatch, tmp_path / "absent")
