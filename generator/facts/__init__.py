"""Facts derived from the model: dated items, the agenda, each unit's work, reform areas."""
