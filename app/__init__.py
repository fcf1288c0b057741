"""Relais: the Flet web app, its settings and its command line."""
