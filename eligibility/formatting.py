"""How facts and parameters read in a sentence: HK$2,500,000, "a master's degree", "yes"."""
from __future__ import annotations

COUNTRY_NAMES = {
    "AF": "Afghanistan", "CU": "Cuba", "KP": "North Korea", "LA": "Laos", "NP": "Nepal",
    "VN": "Vietnam", "KH": "Cambodia", "CN": "China", "AU": "Australia", "JP": "Japan",
    "KR": "South Korea", "GB": "the United Kingdom", "FR": "France", "SE": "Sweden",
    "NZ": "New Zealand", "DE": "Germany", "CA": "Canada", "HU": "Hungary", "IE": "Ireland",
    "AT": "Austria", "NL": "the Netherlands", "IT": "Italy", "US": "the United States",
}
DEGREE_NAMES = {
    "none": "no degree", "sub_degree": "a sub-degree (associate degree or higher diploma)",
    "bachelor": "a bachelor's degree", "master": "a master's degree", "doctorate": "a doctorate",
}
SPONSOR_NAMES = {"none": "no one", "spouse": "your spouse or partner", "parent": "a parent", "child": "a child"}
RESIDENCE_NAMES = {"mainland": "the Mainland", "hong_kong": "Hong Kong", "macao": "Macao",
                   "taiwan": "Taiwan", "overseas": "overseas"}
SCHEME_NAMES_SHORT = {
    "assg": "ASSG", "qmas": "QMAS", "gep_professionals": "GEP (professionals)",
    "gep_investment": "GEP (investment)", "asmtp": "ASMTP", "ttps": "TTPS", "iang": "IANG",
    "techtas": "TechTAS", "new_cies": "New CIES", "working_holiday": "the Working Holiday Scheme",
    "dependant": "a dependant visa", "top_tier_extension": "the top-tier extension",
    "permanent_residence": "permanent residence", "technical_professionals": "the Technical Professionals Stream",
    "none": "no visa", "visitor": "a visitor stay", "student": "a student visa", "dependant_visa": "a dependant visa",
}


def money(value) -> str:
    return f"HK${int(round(value)):,}"


def number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    return str(int(value))


def join(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def format_value(value, unit: str = "") -> str:
    """Format a fact's or parameter's value. `unit` says how to read it: 'hkd', 'country',
    'degree', 'visa', 'sponsor', 'residence', 'years' or '' (plain)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return join(format_value(v, unit) for v in value)
    if isinstance(value, (int, float)):
        if unit == "hkd":
            return money(value)
        return f"{number(value)} years" if unit == "years" else number(value)
    names = {"country": COUNTRY_NAMES, "degree": DEGREE_NAMES, "visa": SCHEME_NAMES_SHORT,
             "sponsor": SPONSOR_NAMES, "residence": RESIDENCE_NAMES}.get(unit)
    if names is not None:
        return names.get(value, value)
    if len(value) == 2 and value in COUNTRY_NAMES:
        return COUNTRY_NAMES[value]
    return SCHEME_NAMES_SHORT.get(value, value) if value in SCHEME_NAMES_SHORT and value != "none" else str(value)


UNIT_OF_FACT = {"highest_degree": "degree", "current_visa": "visa", "family_sponsor": "sponsor",
                "residence": "residence"}


def fact_unit(fact: str, fact_type: str) -> str:
    if fact.endswith("_hkd"):
        return "hkd"
    if fact_type == "country":
        return "country"
    return UNIT_OF_FACT.get(fact, "")
