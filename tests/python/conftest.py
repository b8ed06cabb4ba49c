"""Shared fixtures of the Python tests."""

from __future__ import annotations

import datetime

import pytest

#: Today, read once per test run: every test that needs "today" sees the same day, even
#: when the run crosses midnight.
TODAY = datetime.date.today()


@pytest.fixture(scope="session")
def today() -> datetime.date:
    """The day the test run started (read once, :data:`TODAY`)."""
    return TODAY
