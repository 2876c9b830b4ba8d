"""Shared fixtures. The Exempelkommun is generated once per test session into a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def exempelmapp(tmp_path_factory) -> Path:
    """A freshly generated Exempelkommun (never data/raw of the working tree)."""
    from kfanalys.exempel import kommun as exempel

    mapp = tmp_path_factory.mktemp("exempel") / "exempelkommun"
    exempel.skriv_exempelkommun(mapp, seed=2025)
    return mapp


@pytest.fixture(scope="session")
def exempel_indata(exempelmapp):
    from kfanalys.indata import register as data

    return data.las_indata(exempelmapp)
