"""The printed guide: the pack's current offers, events and documents as a PDF in any language."""
