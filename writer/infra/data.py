"""Where the bundled data (templates and style guides) is: inside the wheel, else the checkout."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    """Bundled data (``templates``, ``styleguides``): in the wheel, else in the source checkout."""
    import writer

    package = Path(writer.__file__).resolve().parent
    installed = package / "_data" / name
    if installed.is_dir():
        return installed
    return package.parent / name
