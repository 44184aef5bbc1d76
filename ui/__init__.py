"""The Gradio chat that hosts the assistant."""
