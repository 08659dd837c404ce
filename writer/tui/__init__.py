"""The drafting TUI (``writer new``, ``writer edit``): the only part of writer that uses Textual.

Importing this package does not import Textual; :mod:`writer.tui.app` does.
"""
