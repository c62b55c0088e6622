"""`python -m bench`: every scenario, a table, and bench/results.json (see docs/performance.md)."""

from bench.runner import main

raise SystemExit(main())
