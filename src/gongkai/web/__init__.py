"""The web app: the library in a browser (FastAPI + Jinja2 + HTMX; every asset vendored, nothing loaded
from the internet).  ``gongkai serve`` runs it; ``gongkai.web.app.create_app(db_url, settings)`` builds it.

::

    app.py       the app factory: library, sessions, security headers, body limits, error pages
    settings.py  WebSettings (anonymous reading, upload limits, secret) from arguments, env, gongkai.toml
    auth.py      who is asking (signed-cookie sessions), roles, CSRF, login throttling
    views.py     reports and findings shaped for the templates (official-layout grids from synth.layout)
    uploads.py   uploads saved under safe names and stored by Library.ingest in a child process
    routes/      one module per page group; routes call Library methods only
    templates/   Jinja2 (autoescape on: report text is always shown as text)
    static/      app.css, app.js, vendor/ (htmx, ECharts)
"""
