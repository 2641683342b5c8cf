"""Package discovery that ``pyproject.toml`` alone cannot express (all other settings live there).

The code packages are found as before, and the top-level ``resources/`` folder (icon, desktop
entry, style sheet, XSPF schema) ships inside the app as the package ``desktop_app.resources``
(``[tool.setuptools.package-dir]`` maps it): an installed Deep Cuts reads them with
``importlib.resources`` and installs no top-level package named ``resources``.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["desktop_app*", "analysis*", "recommender*"]),
        "desktop_app.resources",
    ]
)
