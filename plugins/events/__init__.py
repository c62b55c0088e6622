"""Events: upcoming events in date order, and each event with its calendar code."""
