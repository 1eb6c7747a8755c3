"""``python -m scholarparse``."""

from .cli import main

main()
