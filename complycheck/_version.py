"""complycheck's version, written once here: packaging reads it (``pyproject.toml``,
``[tool.hatch.version]``), and every report records it without a package-metadata look-up,
which cost a start-up more than checking a case."""

__version__ = "0.1.0"
