"""The drafting screen's state without Textual: the draft, its checks, outline and storage."""
