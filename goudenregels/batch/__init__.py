"""Batch audits: many sites in one resumable run, and the sector report over their results.

``sites`` reads the list of sites, ``ledger`` keeps each site's state in OUT/batch.json,
``jobs`` audits one site (the same pipeline as ``goudenregels audit``), ``executor`` runs jobs in
worker processes (the local pool), ``dask_executor`` on a dask.distributed cluster (``remote`` is
the worker's side), ``runner`` schedules the sites politely and records what happened, and
``sector`` gathers the results for the sector reporters (OUT/benchmark.html, .csv, .json).
"""
