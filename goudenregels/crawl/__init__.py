"""Gathering: browser launch, crawler, page extraction and journeys."""
