"""Custom actions of the Hong Kong immigration assistant (served by `python -m rasa_sdk --actions actions`).

Modules:
  common       - facts from slots, the assessment date, value formatting, answer normalisation
  form         - validate_eligibility_form: dynamic questions chosen by eligibility.assess()
  assessment   - action_assess, action_what_if, action_why_not, action_show_all_results
  information  - scheme, documents, stay, fees, glossary and "why do you ask" answers
  housekeeping - delete my data, fallback
  messages     - the texts the actions write, per language (messages.yaml), and Chinese value formatting
"""
