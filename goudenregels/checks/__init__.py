"""Built-in checks, one module per rule, and the vocabulary and parsers they share."""
