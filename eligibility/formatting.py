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
    """Format a fact's or parameter's value. `unit` is 'hkd', 'country', 'degree', 'years' or ''."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return join(format_value(v, unit) for v in value)
    if unit == "hkd" and isinstance(value, (int, float)):
        return money(value)
    if isinstance(value, (int, float)):
        text = number(value)
        return f"{text} years" if unit == "years" else text
    if unit == "country" or (isinstance(value, str) and value in COUNTRY_NAMES and len(value) == 2):
        return COUNTRY_NAMES.get(value, value)
    if unit == "degree" or value in DEGREE_NAMES:
        return DEGREE_NAMES.get(value, value)
    if value in SCHEME_NAMES_SHORT:
        return SCHEME_NAMES_SHORT[value]
    return str(value)


def fact_unit(fact: str, fact_type: str) -> str:
    if fact.endswith("_hkd"):
        return "hkd"
    if fact_type == "country":
        return "country"
    if fact == "highest_degree":
        return "degree"
    return ""
