"""The rule files themselves: temporal coverage (Catala-style), citations, lint catching bad data."""
import datetime as dt
import shutil

import pytest
import yaml

from eligibility import SCHEME_IDS, explain_scheme
from eligibility.errors import RuleError
from eligibility.rulebase import EARLIEST, RULES_DIR, RuleBase, load_rules

SAMPLE_DATES = [EARLIEST + dt.timedelta(days=d) for d in range(0, 365 * 14, 17)]


def test_every_sample_date_resolves_to_exactly_one_version_per_scheme():
    rules = load_rules()
    for scheme in rules.schemes.values():
        for day in SAMPLE_DATES:
            assert len([v for v in scheme.versions if v.covers(day)]) == 1, (scheme.id, day)


def test_every_effective_date_and_the_day_before_resolve():
    rules = load_rules()
    for scheme in rules.schemes.values():
        for version in scheme.versions[1:]:
            for day in (version.effective_from - dt.timedelta(days=1), version.effective_from):
                assert scheme.version_for(day) is not None


def test_every_contract_scheme_has_rules():
    assert set(load_rules().schemes) == set(SCHEME_IDS)


def test_every_citation_has_title_url_and_confidence():
    rules = load_rules()
    for key, source in rules.sources.items():
        assert source["title"] and source["url"].startswith("https://"), key
        assert source["confidence"] in ("gov", "2nd", "unconfirmed", "disputed"), key
    for key, param in rules.parameters.items():
        for value in param["values"]:
            assert value["source"] in rules.sources, (key, value)


def test_explain_gives_plain_words_with_citations_for_every_scheme():
    for scheme_id in SCHEME_IDS:
        info = explain_scheme(scheme_id, "2026-11-26")
        assert info["url"].startswith("https://")
        if info["in_operation"]:
            assert info["criteria"]
            for criterion in info["criteria"]:
                assert "{" not in criterion["text"], criterion   # every placeholder filled
                assert criterion["citations"] and criterion["citations"][0]["url"]


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_lint_rejects_a_gap_between_versions(rules_copy):
    edit(rules_copy / "schemes" / "ttps.yaml",
         lambda d: d["versions"][1].__setitem__("effective_from", dt.date(2022, 12, 30)))
    with pytest.raises(RuleError, match="gap between versions"):
        RuleBase(rules_copy)


def test_lint_rejects_an_overlap(rules_copy):
    edit(rules_copy / "schemes" / "ttps.yaml",
         lambda d: d["versions"][1].__setitem__("effective_from", dt.date(2022, 12, 1)))
    with pytest.raises(RuleError, match="overlap"):
        RuleBase(rules_copy)


def test_lint_rejects_an_uncited_parameter_value(rules_copy):
    edit(rules_copy / "parameters" / "thresholds.yaml",
         lambda d: d["assg.max_age"]["values"][0].__setitem__("source", "nowhere"))
    with pytest.raises(RuleError, match="assg.max_age.*unknown source"):
        RuleBase(rules_copy)


def test_lint_rejects_an_unknown_fact(rules_copy):
    edit(rules_copy / "schemes" / "assg.yaml",
         lambda d: d["versions"][0]["criteria"][1].__setitem__("fact", "born_on_the_moon"))
    with pytest.raises(RuleError, match="unknown fact 'born_on_the_moon'"):
        RuleBase(rules_copy)


def test_lint_rejects_a_parameter_missing_at_a_versions_start(rules_copy):
    edit(rules_copy / "parameters" / "thresholds.yaml",
         lambda d: d["assg.max_age"]["values"][0].__setitem__("from", dt.date(2016, 1, 1)))
    with pytest.raises(RuleError, match="assg.max_age has no value on 2015-05-04"):
        RuleBase(rules_copy)


def test_changing_a_threshold_in_data_changes_the_answer(rules_copy):
    """The people who keep the rules change a threshold in a data file, with no code change."""
    from eligibility.engine import Context, assess_scheme
    edit(rules_copy / "parameters" / "thresholds.yaml",
         lambda d: d["assg.max_age"]["values"].append(
             {"from": dt.date(2027, 1, 1), "value": 45, "source": "immd_assg"}))
    rules = RuleBase(rules_copy)
    facts = {"age": 43, "born_overseas": True, "parent_hk_permanent_resident": True,
             "parent_settled_overseas_at_birth": True, "highest_degree": "bachelor",
             "languages": ["english"], "nationality": "GB"}
    before = assess_scheme(Context(rules, facts, dt.date(2026, 12, 31)), rules.schemes["assg"])
    after = assess_scheme(Context(rules, facts, dt.date(2027, 1, 1)), rules.schemes["assg"])
    assert (before["status"], after["status"]) == ("not_eligible", "eligible")


def test_lint_rejects_the_talent_list_named_before_it_existed(rules_copy):
    edit(rules_copy / "schemes" / "gep_professionals.yaml",
         lambda d: d["versions"][0]["criteria"][-1].__setitem__("assume", "Not needed for a Talent List post"))
    with pytest.raises(RuleError, match="version from 2015-05-04: mentions the Talent List, which began on 2018-08-28"):
        RuleBase(rules_copy)


def test_lint_rejects_a_route_without_plain_words(rules_copy):
    edit(rules_copy / "schemes" / "qmas.yaml", lambda d: d["routes"].pop("general_points"))
    with pytest.raises(RuleError, match="route 'general_points' has no plain-words name"):
        RuleBase(rules_copy)


def test_lint_rejects_a_working_holiday_partner_missing_from_the_list(rules_copy):
    edit(rules_copy / "parameters" / "lists.yaml",
         lambda d: d["whs.partners"]["values"][-1]["value"].append("IN"))
    with pytest.raises(RuleError, match="Working Holiday partner IN has no row"):
        RuleBase(rules_copy)


def test_lint_rejects_a_conditional_step_without_its_condition(rules_copy):
    edit(rules_copy / "schemes" / "ttps.yaml",
         lambda d: d["versions"][1]["next_steps"].append({"text": "Mainland residents only"}))
    with pytest.raises(RuleError, match="a conditional next step needs 'text' and a 'when' criterion"):
        RuleBase(rules_copy)
