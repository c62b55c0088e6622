"""QR codes: every item's web page, contact card, calendar entry or place, to take home on a phone."""
