"""GitHub side of the data repository: issue forms and the intake of what they submit."""
