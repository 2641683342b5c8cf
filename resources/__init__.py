"""Data only: the files Deep Cuts reads at run time (icon, desktop entry, style sheet, XSPF schema).

The build installs this folder as the package ``desktop_app.resources`` (``pyproject.toml``,
``deepcuts.spec``); the app reads it with ``importlib.resources`` through
``desktop_app/resource_files.py``. Being a regular package (this file) lets editable installs and
the PyInstaller bundle import it as well as a wheel does.
"""
