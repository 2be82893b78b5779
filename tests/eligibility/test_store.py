"""The assessment store: saving, forgetting a conversation, purging old records."""
import datetime as dt

from eligibility import assess
from eligibility.store import AssessmentStore


def make_store(tmp_path):
    return AssessmentStore(f"sqlite:///{tmp_path / 'store.db'}")


def test_save_keeps_facts_date_rules_version_and_results(tmp_path):
    store = make_store(tmp_path)
    facts = {"age": 41, "nationality": "GB"}
    answer = assess(facts, "2026-11-26")
    store.save("abc", facts, "2026-11-26", answer)
    [record] = store.for_conversation("abc")
    assert record["facts"] == facts and record["as_of"] == "2026-11-26"
    assert record["rules_version"] == answer["rules_version"]
    assert record["results"]["schemes"][0]["id"] == "assg"


def test_forgetting_a_conversation_deletes_only_its_records(tmp_path):
    store = make_store(tmp_path)
    answer = assess({}, "2026-11-26")
    for cid in ("keep", "forget", "forget"):
        store.save(cid, {}, "2026-11-26", answer)
    assert store.delete_conversation("forget") == 2
    assert store.for_conversation("forget") == []
    assert len(store.for_conversation("keep")) == 1


def test_purge_removes_records_older_than_n_days(tmp_path):
    store = make_store(tmp_path)
    answer = assess({}, "2026-11-26")
    now = dt.datetime(2026, 11, 26, 12, 0)
    store.save("old", {}, "2026-11-26", answer, now=now - dt.timedelta(days=31))
    store.save("new", {}, "2026-11-26", answer, now=now - dt.timedelta(days=29))
    assert store.purge_older_than(30, now=now) == 1
    assert store.for_conversation("old") == [] and store.for_conversation("new")


def test_url_comes_from_the_environment(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("ELIGIBILITY_DATABASE_URL", url)
    assert AssessmentStore().url == url
