"""Documents: guides, handouts and flyers of the pack, each with a code to download it."""
