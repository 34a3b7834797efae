"""Forms of the evaluation pages, one module per sub-domain."""
