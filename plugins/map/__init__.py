"""Map: the district drawn from the pack's own tiles, a pin for every place with current offers,
"you are here" at the kiosk, and a card per place leading to its offers."""
