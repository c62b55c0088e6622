"""`kiosk import SOURCE ...`: make a content pack from where the content already exists."""
def add_parser(sub, common):
    pass
