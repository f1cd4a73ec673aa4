"""The owner's back office: a PIN gate (shell.py), then sections chosen in a left navigation.

Each section is a :class:`section.Section` in its own module, registered in ``shell.SECTIONS``.
"""
