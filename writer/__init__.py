"""writer: a writing assistant for engineering design docs and incident postmortems."""

__version__ = "0.1.0"
