#!/usr/bin/env python3
"""Start the example council site with demo content: ``python3 example_site/demo.py``.

Sets up .venv (first run only), migrates the SQLite database, loads the demo
content, creates or resets the ``admin`` user, prints the login and serves the
site at http://127.0.0.1:8000. Options: ``--port N``, ``--no-serve``.
"""

import argparse
import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from example_site.bootstrap import ROOT, ensure_venv


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="set up, print the login, stop")
    args = parser.parse_args()

    ensure_venv()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
    # Emailed links (printed in the console) point where the demo serves; runserver inherits it.
    os.environ.setdefault("WAGTAIL_PARTICIPATION_BASE_URL", f"http://127.0.0.1:{args.port}")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content")

    from django.contrib.auth import get_user_model

    password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="admin", defaults={"email": "admin@riverside.example"}
    )
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()

    url = f"http://127.0.0.1:{args.port}"
    print(
        "\nRiverside Borough Council, the wagtail-participation example site\n"
        f"  site:   {url}/\n"
        f"  admin:  {url}/admin/   user: admin   password: {password}\n"
        "  Sign-in links that residents receive by email are printed in this console.\n",
        flush=True,
    )
    if args.no_serve:
        return
    manage = str(ROOT / "example_site" / "manage.py")
    runserver = [sys.executable, manage, "runserver", f"127.0.0.1:{args.port}"]
    os.execv(sys.executable, runserver)  # noqa: S606 - our own manage.py


if __name__ == "__main__":
    main()
