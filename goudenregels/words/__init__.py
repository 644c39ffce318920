"""The domain's words, shared by every layer: vocabulary, channels, norms, durations, hours, scope.

Crawl, checks, probes, profiles and reports import from here; this package imports nothing of
goudenregels but itself, :mod:`goudenregels.i18n` and :mod:`goudenregels.errors`.
"""
