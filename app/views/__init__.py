"""One screen per module; layouts guard who may see which screens."""
