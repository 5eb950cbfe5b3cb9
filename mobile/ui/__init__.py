"""The phone's screens: one view per module, built from ``state.UiState`` and the record."""
