"""A dict that keeps only its newest ``limit`` entries: the caches a long-running server holds
(articles read, vectors, fetched answers) stay bounded.

Usage example::

    cache = Bounded(2_000)
    cache[key] = value        # written last: kept longest; the oldest written goes past the limit
"""

from __future__ import annotations

from collections import OrderedDict


class Bounded(OrderedDict):
    """A dict that forgets the entries written longest ago past ``limit``."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)

    def __reduce__(self):  # pickled empty: a cache is not part of what is saved
        return (type(self), (self.limit,))
