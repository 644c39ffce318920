"""Reporters: one Audit rendered as json, html, text (and formats that plugins add)."""
