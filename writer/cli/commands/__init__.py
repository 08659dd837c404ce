"""One module per subcommand; each has ``NAME``, ``HELP``, ``add_arguments`` and ``run``.

``writer.cli.main`` imports only the module of the command being run, so ``writer lint`` never pays
for the TUI.
"""

from __future__ import annotations

# (command name, module, one-line help), in the order ``writer --help`` lists them.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("lint", "writer.cli.commands.lint", "check markdown files and report findings"),
    ("fix", "writer.cli.commands.fix", "apply the safe fixes, or show them as a diff"),
    ("init", "writer.cli.commands.init", "set a docs repository up: config, pre-commit hook, CI"),
    ("rules", "writer.cli.commands.rules", "list the rules, or explain one with examples"),
    (
        "templates",
        "writer.cli.commands.templates",
        "list, show, print or import document templates",
    ),
    ("styles", "writer.cli.commands.styles", "list the style guides, or show one's rules"),
    ("vocab", "writer.cli.commands.vocab", "add, remove or list the project's accepted words"),
    ("new", "writer.cli.commands.new", "draft a new document from a template in the terminal"),
    ("edit", "writer.cli.commands.edit", "edit a document in the terminal with live checks"),
    ("review", "writer.cli.commands.review", "step through a document's findings, fix one by one"),
    (
        "report",
        "writer.cli.commands.report",
        "what the postmortems and design docs say together: figures, trends, recurrence",
    ),
    ("lsp", "writer.cli.commands.lsp", "run the language server for editors (stdio or --tcp)"),
)
