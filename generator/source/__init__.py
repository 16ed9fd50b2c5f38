"""Reading and validating content: files, the typed model, deadlines and working days, checks."""
