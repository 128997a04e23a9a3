"""The only place that prints: one output path for every format, and how leads,
follow-ups and reports look to people."""
