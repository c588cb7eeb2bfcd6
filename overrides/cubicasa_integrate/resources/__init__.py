"""One module per API resource; each holds the sync class and its asyncio twin."""

__all__: list[str] = []
