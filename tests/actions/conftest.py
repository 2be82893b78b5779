import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def assessment_db(tmp_path, monkeypatch):
    """Every action test stores assessments in its own SQLite file."""
    url = f"sqlite:///{tmp_path / 'assessments.db'}"
    monkeypatch.setenv("ELIGIBILITY_DATABASE_URL", url)
    return url
