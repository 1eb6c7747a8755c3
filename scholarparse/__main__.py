"""``python -m scholarparse``."""

from .cli import main

if __name__ == "__main__":  # not when a spawned worker process (--dask local:N) imports it
    main()
