"""Everything that is a person's, in one archive they can keep or take elsewhere."""
