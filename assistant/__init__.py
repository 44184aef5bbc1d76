"""The assistant: retrieve matching articles, answer with citations, refuse when not covered."""
