"""Domain services: typed functions over a Gateway, returning pydantic models.

UI code calls these and never a database client directly.
"""
