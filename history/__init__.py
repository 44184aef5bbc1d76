"""Saved conversations and the ratings given to their answers: written by the chat and the
terminal, read by both and by the evaluation, importing none of them."""
