"""``python -m complycheck``: the same command as the ``complycheck`` console script."""

from .cli import main

main(prog_name="complycheck")
