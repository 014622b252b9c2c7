"""Keyboards as pure functions of (translator, data)."""
