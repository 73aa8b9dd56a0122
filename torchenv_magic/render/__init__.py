"""Renderers: the same Report as text, HTML, Markdown (and widgets, in a kernel)."""
