"""`python -m cubicasa_integrate.sandbox --port 8080`: serve a sandbox in the foreground."""

import sys

from ._server import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
