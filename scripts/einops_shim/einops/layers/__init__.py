# NOT einops: see ../__init__.py.
