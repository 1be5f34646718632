"""Records: reading the two data roots into one immutable Dataset."""
