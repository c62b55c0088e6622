"""Offers: the pack's categories as home tiles, a list per category, and a detail page per offer."""
