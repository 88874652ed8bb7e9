"""The measures of ``bench/compare.py``: each takes a built demo organisation and returns its
figures as plain JSON values, so ``report.py`` can write them into ``docs/benchmarks.md``.

- ``rulecheck``: the policy's rules in process against django-rules and pycasbin, on the same
  organisation and the same mixed queries, answers asserted equal;
- ``can``: ``engine.registry.can`` with its facts read from the database;
- ``write``: the full action path against a bare hash-chained insert, and the log's
  verification against hashing the same bytes in memory;
- ``page_times``: server time and query count of pages (``bench/pages.py``);
- ``http``: pages under ``ansvar serve`` loaded by wrk from a second process, and the
  workers' memory after many requests.
"""
