"""Usage figures without tracking anyone: counts per day and hour, `kiosk stats`, a chart, a report."""
