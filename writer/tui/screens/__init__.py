"""The TUI's screens: the draft editor, the template picker, and the modal dialogs."""
