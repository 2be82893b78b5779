"""Plain-language explanations of terms users ask about (entity `term`). Dialogue-owned text."""

TERMS = {
    "talent_list": "The Talent List names professions Hong Kong is short of (60 professions since 1 March 2025). "
                   "For GEP and ASMTP, a job on the list spares the employer from proving the post can't be filled "
                   "locally. https://www.talentlist.gov.hk",
    "aggregate_list": "The aggregate list is the Immigration Department's list of eligible universities for TTPS "
                      "categories B and C and QMAS: roughly the world's top 100 in any of the THE, QS, US News and "
                      "ShanghaiRanking tables in the last 5 years, plus top Mainland and specialist institutions. "
                      "https://www.immd.gov.hk/pdf/aggregate_list.pdf",
    "top_tier": "The top-tier extension is a long extension of stay (5 or 6 years) for people who have been in "
                "Hong Kong under a talent scheme for at least 2 years and had at least HK$2 million of assessable "
                "income for salaries tax in the last year of assessment.",
    "right_of_abode": "The right of abode means being a Hong Kong permanent resident: you can live and work in Hong "
                      "Kong without any visa or condition of stay.",
    "permanent_resident": "A Hong Kong permanent resident holds the right of abode and a permanent identity card; "
                          "non-Chinese nationals can normally apply after 7 years of continuous ordinary residence.",
    "ordinary_residence": "Continuous ordinary residence means living in Hong Kong lawfully and settled for the "
                          "period; time as a foreign domestic helper, student or in prison does not count.",
    "assessable_income": "Assessable income is the income on which Hong Kong salaries tax is charged for a year of "
                         "assessment (1 April - 31 March); business profits don't count for the top-tier extension.",
    "dependant": "A dependant visa lets the spouse or partner, unmarried children under 18 and (for permanent "
                 "residents) parents aged 60 or more of an eligible sponsor live in Hong Kong.",
    "multinational": "A multinational or renowned company is a large international company or a well-known "
                     "enterprise in its field; QMAS credits 3 years of work in one.",
    "stem": "STEM means science, technology, engineering and mathematics.",
    "working_holiday": "The Working Holiday Scheme lets young people (normally 18-30) from partner countries holiday "
                       "in Hong Kong and work short-term for up to 12 months.",
}
TERMS["top_tier_extension"] = TERMS["top_tier"]
TERMS["talent list"] = TERMS["talent_list"]
