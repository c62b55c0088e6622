"""Read aloud: a speaker button that reads what the screen shows, in the screen's language."""
