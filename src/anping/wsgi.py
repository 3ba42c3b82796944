"""WSGI entry point for any WSGI server (waitress in `anping serve`, gunicorn in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anping.settings")
application = get_wsgi_application()
