"""One structured result rendered for each channel: Block Kit (Slack), Adaptive Card (Teams) and
plain text (REST, rasa shell); the widget's rendering is tested in Chromium (tests/widget)."""
from channels.slack import MESSAGE_BLOCK_LIMIT, result_card_blocks
from channels.teams import result_adaptive_card
from channels.text import result_card_text

CARD = {
    "type": "result_card",
    "heading": "You look eligible for 1 scheme:",
    "intro": [],
    "results": [{"scheme": "ttps", "name": "Top Talent Pass Scheme", "status": "eligible", "route": "A",
                 "label": "Top Talent Pass Scheme (TTPS) - category A",
                 "reason": "annual income HK$3,000,000 meets category A's HK$2,500,000",
                 "stay": "36 months for category A", "fees": "HK$600 application fee",
                 "url": "https://www.immd.gov.hk/eng/services/visas/TTPS.html"}],
    "notes": ["General information, not legal advice <@U123>."],
    "buttons": [{"title": "Next steps", "payload": '/ask_follow_up{"topic": "next_steps"}'},
                {"title": "All results", "payload": "/show_all_results"}],
}


def test_plain_text_leads_with_the_scheme_and_its_reason_in_one_line():
    text = result_card_text(CARD)
    assert text.splitlines()[:2] == ["You look eligible for 1 scheme:",
                                     "- Top Talent Pass Scheme (TTPS) - category A: annual income HK$3,000,000 "
                                     "meets category A's HK$2,500,000"]
    assert "36 months" not in text   # details on request


def test_no_visa_needed_comes_first_in_plain_text():
    card = dict(CARD, intro=["You don't need a visa: you hold the right of abode."], results=[], heading="")
    assert result_card_text(card).startswith("You don't need a visa")


def test_slack_block_kit_card_has_scheme_reason_stay_fees_link_and_buttons():
    message = result_card_blocks(dict(CARD))
    blocks = message["blocks"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "You look eligible for 1 scheme:"}}
    assert blocks[1]["text"]["text"].startswith("*Top Talent Pass Scheme (TTPS) - category A*\nannual income")
    context = " ".join(e["text"] for e in blocks[2]["elements"])
    assert "*Stay:* 36 months" in context and "*Fees:* HK$600" in context
    assert "<https://www.immd.gov.hk/eng/services/visas/TTPS.html|Official page>" in context
    assert "<@U123>" not in str(blocks)              # user-visible text can't become a mention
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [e["value"] for e in actions[0]["elements"]] == [b["payload"] for b in CARD["buttons"]]
    assert message["text"].startswith("You look eligible") and len(blocks) <= MESSAGE_BLOCK_LIMIT


def test_teams_adaptive_card_has_scheme_reason_facts_link_and_submit_buttons():
    activity = result_adaptive_card(dict(CARD))
    attachment = activity["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    scheme = next(b for b in card["body"] if b["type"] == "Container")
    texts = [i.get("text") for i in scheme["items"]]
    assert texts[0] == "Top Talent Pass Scheme (TTPS) - category A"
    assert texts[1].startswith("annual income HK$3,000,000")
    facts = next(i for i in scheme["items"] if i["type"] == "FactSet")["facts"]
    assert {"title": "Stay", "value": "36 months for category A"} in facts
    assert "[Official page](https://www.immd.gov.hk/eng/services/visas/TTPS.html)" in texts
    assert [a["data"]["rasa_payload"] for a in card["actions"]] == [b["payload"] for b in CARD["buttons"]]
    assert all(a["data"]["msteams"]["type"] == "messageBack" for a in card["actions"])


# -- a card in a Chinese conversation: the labels come from the card, none are English --------------

def chinese_card(language):
    from actions.cards import make_card
    result = {"scheme": "ttps", "name": "高端人才通行證計劃", "status": "eligible", "route": "A",
              "label": "高端人才通行證計劃（高才通） - A類", "reason": "全年收入 HK$300萬 達到 A類 的 HK$250萬",
              "stay": "A類可逗留 36 個月", "fees": "申請費 HK$600",
              "url": "https://www.immd.gov.hk/hkt/services/visas/TTPS.html"}
    return make_card("你看來符合 1 個計劃的資格：", [], [result], ["以上是一般資料，並非法律意見。"],
                     [{"title": "下一步", "payload": '/ask_follow_up{"topic": "next_steps"}'}], language)


ENGLISH_LABELS = ("Stay", "Fees", "Official page", "Your result")


def test_slack_card_in_chinese_has_chinese_labels():
    blocks = result_card_blocks(chinese_card("zh-Hant"))["blocks"]
    context = " ".join(e["text"] for b in blocks if b["type"] == "context" for e in b["elements"])
    assert "*逗留期限：* A類可逗留 36 個月" in context and "*費用：* 申請費 HK$600" in context
    assert "<https://www.immd.gov.hk/hkt/services/visas/TTPS.html|官方網頁>" in context
    assert not any(english in str(blocks) for english in ENGLISH_LABELS)


def test_teams_card_in_simplified_chinese_has_simplified_labels():
    activity = result_adaptive_card(chinese_card("zh-Hans"))
    scheme = next(b for b in activity["attachments"][0]["content"]["body"] if b["type"] == "Container")
    facts = next(i for i in scheme["items"] if i["type"] == "FactSet")["facts"]
    assert [f["title"] for f in facts] == ["逗留期限", "费用"]
    assert "[官方网页](https://www.immd.gov.hk/hkt/services/visas/TTPS.html)" in [i.get("text") for i in scheme["items"]]
    assert not any(english in str(activity) for english in ENGLISH_LABELS)


def test_plain_text_card_in_chinese_uses_the_full_width_colon():
    text = chinese_card("zh-Hant")["text"]
    assert "- 高端人才通行證計劃（高才通） - A類：全年收入 HK$300萬 達到 A類 的 HK$250萬" in text.splitlines()
    assert ": " not in text


def test_a_card_without_labels_keeps_the_english_ones():
    card = dict(CARD)
    card.pop("labels", None)
    context = " ".join(e["text"] for b in result_card_blocks(card)["blocks"] if b["type"] == "context"
                       for e in b["elements"])
    assert "*Stay:* 36 months" in context and "|Official page>" in context
