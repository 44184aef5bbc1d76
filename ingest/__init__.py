"""Ingest: read QuickTakes articles, validate and normalise, chunk, embed, write into Chroma.

The data flows reader -> chunker -> embedder -> store; ``pipeline.Ingestor`` wires the steps.
"""
