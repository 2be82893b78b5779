"""The dated lists the project ships (rules/lists/, copied from shared/reference/lists/).

The university list is PARTIAL (see rules/lists/README.md): a name found here is listed (or
removed, on and after its removal date); any other name is `None` - unknown, never "not listed".
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pycountry

from .formatting import country_name
from .rulebase import parse_date

LISTS_DIR = Path(__file__).parent / "rules" / "lists"
ORIGINAL_LIST = dt.date(2022, 12, 28)   # the aggregate list as TTPS opened
AGGREGATE_LIST_URL = "https://www.immd.gov.hk/pdf/aggregate_list.pdf"
# Short names people use for institutions in the shipped copy.
ALIASES = {
    "tsinghua": "Tsinghua University", "pku": "Peking University", "peking": "Peking University",
    "beida": "Peking University", "fudan": "Fudan University", "zju": "Zhejiang University",
    "sjtu": "Shanghai Jiao Tong University", "jiao tong": "Shanghai Jiao Tong University",
    "ustc": "University of Science and Technology of China", "sysu": "Sun Yat-sen University",
    "nju": "Nanjing University", "hust": "Huazhong University of Science and Technology",
    "whu": "Wuhan University", "xjtu": "Xi'an Jiaotong University", "hit": "Harbin Institute of Technology",
    "qmul": "Queen Mary University of London", "queen mary": "Queen Mary University of London",
    "uts": "University of Technology Sydney", "usp": "University of São Paulo",
    "buaa": "Beihang University", "bit": "Beijing Institute of Technology", "ruc": "Renmin University of China",
    "bnu": "Beijing Normal University", "ucas": "University of Chinese Academy of Sciences",
    "rca": "Royal College of Art", "ual": "University of the Arts London", "parsons": "Parsons School of Design, The New School",
    "risd": "Rhode Island School of Design", "umass": "University of Massachusetts", "kit": "Karlsruhe Institute of Technology (KIT)",
    "polimi": "Politecnico di Milano", "ehl": "EHL Hospitality Business School",
}


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    text = re.sub(r"\(.*?\)", " ", text.lower())
    return re.sub(r"[^a-z0-9]+", " ", text.replace("the ", " ")).strip()


def _date_in(notes: str, field: str):
    match = re.search(field + r"=([^;]+)", notes)
    if not match:
        return None
    text = match.group(1).strip()
    exact = re.match(r"\d{4}-\d{2}-\d{2}", text)
    if exact:
        return parse_date(exact.group(0))
    if "original list" in text:
        return ORIGINAL_LIST
    year = re.search(r"in (\d{4})", text)
    return dt.date(int(year.group(1)), 1, 1) if year else None


@lru_cache(maxsize=1)
def universities() -> dict:
    table = {}
    with open(LISTS_DIR / "ttps_universities.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = {"name": row["name"], "country": row["country"], "source": row["source"],
                     "added": _date_in(row["notes"], "added"), "removed": _date_in(row["notes"], "removed")}
            table[_key(row["name"])] = entry
            for chinese in re.findall(r"[\u4e00-\u9fff]{3,}", row["notes"]):
                table[chinese] = entry
    for alias, name in ALIASES.items():
        table[alias] = table[_key(name)]
    return table


def find_university(name: str, as_of) -> dict:
    """Whether an institution was on the aggregate list on a date: listed True/False, or None if unknown."""
    day = parse_date(as_of)
    table = universities()
    entry = table.get(name.strip()) or table.get(_key(name))
    if entry is None:
        return {"name": name, "listed": None, "url": AGGREGATE_LIST_URL,
                "note": "not in the partial copy this assistant ships; check ImmD's aggregate list"}
    listed = (entry["added"] is None or entry["added"] <= day) and (
        entry["removed"] is None or day < entry["removed"])
    return {"name": entry["name"], "listed": listed, "url": AGGREGATE_LIST_URL,
            "note": f"source: {entry['source']}"}


@lru_cache(maxsize=1)
def _talent_rows() -> list:
    with open(LISTS_DIR / "talent_list.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _from(text: str) -> dt.date:
    # Some rows give only a year ("2021"): counted from the end of that year, the latest it could be.
    return dt.date(int(text), 12, 31) if re.fullmatch(r"\d{4}", text) else parse_date(text)


def talent_list(as_of) -> list:
    """Talent List professions known to be in force on a date (partial: see rules/lists/README.md)."""
    day = parse_date(as_of)
    return [row["profession"] for row in _talent_rows() if _from(row["effective_from"]) <= day]


def _country_code(name: str) -> str:
    """ISO code of a country as the lists name it ("Korea (Republic of)" is pycountry's "Korea, Republic of")."""
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return pycountry.countries.lookup(re.sub(r"\s*\((.*)\)$", r", \1", name)).alpha_2


def _whole_number(text: str):
    return int(text) if text.strip().isdigit() else None


@lru_cache(maxsize=4)
def working_holiday_arrangements(path: Path = LISTS_DIR / "working_holiday.csv") -> dict:
    """Each Working Holiday partner's arrangement by ISO code: ages, annual quota, minimum funds (HK$,
    None while 'to be confirmed'), and limits on work and study, as ImmD's page of 31 Dec 2025 gives them."""
    table = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = _country_code(row["country"])
            age_max = int(row["age_max"])
            table[code] = {
                "country": country_name(code), "age_min": int(row["age_min"]), "age_max": age_max,
                "turns": age_max + 1, "quota": _whole_number(row["annual_quota_into_hk"]),
                "min_funds": _whole_number(row["min_financial_proof_hkd"]),
                "work": row["employment_condition"], "study": row["study_condition"],
            }
    return table
