"""Grammar and spelling: LanguageTool (a local or team server) or harper (offline, in process).

Backends are imported only when grammar is on, so ``writer lint`` without grammar never loads
language-tool-python or harper.
"""
