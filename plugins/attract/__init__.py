"""The attract loop: what the kiosk shows while nobody is using it."""
