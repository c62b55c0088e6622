"""Languages: the selector that switches the whole screen to a visitor's language."""
