"""``python -m hpforecast`` runs the command line (see :mod:`hpforecast.cli`)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
