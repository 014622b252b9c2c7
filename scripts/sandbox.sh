#!/usr/bin/env bash
# Install Keneshchi into .venv and start the sandbox: the bot + a local Bot API emulator + a web
# chat page on http://127.0.0.1:8080 (no Telegram token, no internet). Extra args go to `sandbox`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/python main.py sandbox "$@"
