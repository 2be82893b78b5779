"""The command line on good and bad input: useful output, exit codes, never a traceback."""
import json
import subprocess
import sys

import pytest


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "eligibility", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_assess_json_answers_every_scheme():
    out = run("assess", "--as-of", "2026-11-26", stdin=json.dumps({"age": 29, "nationality": "JP", "residence": "overseas"}))
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["as_of"] == "2026-11-26"
    assert len(answer["schemes"]) == 14
    assert {s["id"]: s["status"] for s in answer["schemes"]}["working_holiday"] == "eligible"
    assert answer["next_question"] == answer["missing"][0]


def test_assess_text_reads_like_advice():
    out = run("assess", "--as-of", "2026-11-26", "--format", "text",
              stdin=json.dumps({"annual_income_hkd": 2600000, "nationality": "GB"}))
    assert out.returncode == 0, out.stderr
    assert "Top Talent Pass Scheme - category A" in out.stdout
    assert "not legal advice" in out.stdout


def test_empty_input_is_an_empty_fact_set():
    out = run("assess", "--as-of", "2026-11-26")
    assert out.returncode == 0 and json.loads(out.stdout)["next_question"]


@pytest.mark.parametrize("args,stdin,message", [
    (("assess",), "{not json", "not valid JSON"),
    (("assess",), '{"shoe_size": 42}', "fact 'shoe_size'"),
    (("assess",), '{"age": "thirty"}', "fact 'age': got 'thirty'; allowed: a whole number"),
    (("assess",), '{"residence": "moon"}', "one of mainland, hong_kong"),
    (("assess",), '{"nationality": "gb"}', "ISO 3166-1 alpha-2"),
    (("assess",), '[1, 2]', "a JSON object"),
    (("assess", "--as-of", "2015-05-03"), "{}", "outside the period this rule base covers"),
    (("assess", "--as-of", "yesterday"), "{}", "not a date"),
    (("explain", "visa_for_mars"), "", "unknown scheme 'visa_for_mars'"),
])
def test_bad_input_exits_non_zero_with_an_actionable_message(args, stdin, message):
    out = run(*args, stdin=stdin)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_schemes_lists_every_scheme_with_its_dates():
    out = run("schemes")
    assert out.returncode == 0
    assert "ttps" in out.stdout and "2022-12-28..today (rules)" in out.stdout


def test_explain_prints_criteria_with_citations():
    out = run("explain", "ttps", "--as-of", "2026-11-26")
    assert out.returncode == 0
    assert "HK$2,500,000" in out.stdout and "immd.gov.hk" in out.stdout


def test_lint_passes_on_the_shipped_rules():
    out = run("lint")
    assert out.returncode == 0 and out.stdout.startswith("ok: 14 schemes")


def test_forget_and_purge_use_the_configured_database(tmp_path, monkeypatch):
    from eligibility import assess
    from eligibility.store import AssessmentStore
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    AssessmentStore(url).save("conv-1", {}, "2026-11-26", assess({}, "2026-11-26"))
    env_run = lambda *a: subprocess.run([sys.executable, "-m", "eligibility", *a], capture_output=True,
                                        text=True, env={**__import__("os").environ, "ELIGIBILITY_DATABASE_URL": url})
    assert "deleted 1 assessment" in env_run("forget", "conv-1").stdout
    assert "deleted 0 assessment" in env_run("purge", "--days", "30").stdout


def test_a_date_after_today_is_answered_with_a_note_that_rules_may_change():
    """Brief principle 2 (rules change): the CLI knows today, and says a later date may see new rules."""
    out = run("assess", "--as-of", "2099-01-01", stdin=json.dumps({"nationality": "GB"}))
    assert out.returncode == 0, out.stderr
    assert "may change before 2099-01-01" in " ".join(json.loads(out.stdout)["notes"])
    text = run("assess", "--as-of", "2099-01-01", "--format", "text", stdin="{}")
    assert "Note: 2099-01-01 is after today" in text.stdout


def test_a_date_in_the_past_has_no_such_note():
    out = run("assess", "--as-of", "2026-11-26", stdin="{}")
    assert not any("after today" in note for note in json.loads(out.stdout)["notes"])


def test_a_permanent_resident_is_told_first_that_no_visa_is_needed():
    """Brief principle 3 and contract §3: `no_visa_needed` with its reason and citation, said first."""
    out = run("assess", "--as-of", "2026-11-26", stdin=json.dumps({"hk_permanent_resident": True}))
    answer = json.loads(out.stdout)
    assert "right of abode" in answer["no_visa_needed"]["reason"]
    assert answer["no_visa_needed"]["citations"][0]["url"].startswith("https://www.immd.gov.hk/")
    text = run("assess", "--as-of", "2026-11-26", "--format", "text",
               stdin=json.dumps({"hk_permanent_resident": True})).stdout
    assert text.splitlines()[2].startswith("No visa needed: You already hold the right of abode")
