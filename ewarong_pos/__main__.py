"""`python -m ewarong_pos` runs the headless command line."""

from ewarong_pos.cli import main

raise SystemExit(main())
