"""A plugin that fails while being imported."""

raise ImportError("this plugin needs a library that is not installed")
