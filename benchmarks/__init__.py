"""make bench: how much the client costs next to raw httpx + json.loads, pydantic and msgspec.

    python -m benchmarks              # every table, about 6 minutes; writes benchmarks/RESULTS.md
    python -m benchmarks --quick      # a smoke run of every code path (the numbers mean nothing)
    python -m benchmarks --only sync --output /tmp/sync.md    # one section, about a minute and a half

fixtures.py   realistic, deterministic order payloads          rivals.py   the same schema for pydantic / msgspec
harness.py    interleaved rounds, medians of per-round ratios  server.py   canned loopback API (127.0.0.1)
worker.py     one interpreter per code variant, timed remotely  probes.py   memory measured in fresh interpreters
processes.py  the process tree: server, git variants, workers   suite.py    the questions and their tables
targets.py    the issue's targets and what explains a miss   gctime.py   cyclic-GC time from gc.callbacks
assets.py     the server's files to sync, each after a delay  downloaders.py  the bulk-sync candidates
"""
