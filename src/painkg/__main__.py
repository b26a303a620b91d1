"""``python -m painkg`` runs the command-line interface."""

from painkg.cli import main

raise SystemExit(main())
