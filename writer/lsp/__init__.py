"""``writer lsp``: the Language Server Protocol front, so every check reaches the editors people
already use (Neovim, Helix, VS Code, Zed, Emacs, ...).

Built on pygls and lsprotocol, on the same API as the command line (:mod:`writer.api`). The
modules below :mod:`writer.lsp.server` know nothing of pygls's server: positions, open documents,
checks and each feature's answer are plain functions over values, tested without a client.
Importing this package imports nothing else; :func:`writer.lsp.server.serve` starts the server.
"""
