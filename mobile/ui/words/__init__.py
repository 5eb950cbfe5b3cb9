"""The words of each role's screens, kept beside one another so each role's list stays short.

``mobile.ui.i18n`` merges them into one table; a key may be defined once only.
"""
