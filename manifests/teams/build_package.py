"""Teams app package: icons and the zip to upload to Teams.

    python manifests/teams/build_package.py icons     # (re)draw color.png and outline.png
    MICROSOFT_APP_ID=... TEAMS_HOST=bot.example.org TEAMS_DEVELOPER_NAME="Example Ltd" \
        python manifests/teams/build_package.py zip   # -> build/teams-app.zip

The zip holds manifest.json (placeholders filled in from the environment) and the
two icons; upload it in Teams (Apps > Manage your apps > Upload an app) or in the
Teams admin centre. Nothing secret goes into it: only the app id and host name.
"""
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ACCENT = (138, 21, 56, 255)  # #8A1538
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def _draw(size: int, background, foreground):
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (size, size), background)
    d = ImageDraw.Draw(img)
    s = size / 32.0
    # a speech bubble with a bauhinia-like five-petal mark
    width = max(1, round(2 * s))
    d.rounded_rectangle([3 * s, 4 * s, 29 * s, 23 * s], radius=5 * s, outline=foreground, width=width)
    d.polygon([(9 * s, 23 * s), (9 * s, 29 * s), (15 * s, 23 * s)], fill=foreground)
    cx, cy, r = 16 * s, 13.5 * s, 2.2 * s
    import math

    for k in range(5):
        a = math.radians(90 + 72 * k)
        px, py = cx + 4.2 * s * math.cos(a), cy - 4.2 * s * math.sin(a)
        d.ellipse([px - r, py - r, px + r, py + r], fill=foreground)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=foreground)
    return img


def icons() -> None:
    color = _draw(192, ACCENT, (255, 255, 255, 255))
    color.save(HERE / "color.png", optimize=True)
    # outline: white on transparent, 32x32 (Teams requirement)
    outline = _draw(32, (0, 0, 0, 0), (255, 255, 255, 255))
    outline.save(HERE / "outline.png", optimize=True)


def manifest(app_id: str, host: str, developer: str) -> dict:
    if not GUID.match(app_id):
        raise SystemExit("MICROSOFT_APP_ID must be the bot's app (client) id, a GUID")
    text = (HERE / "manifest.json").read_text(encoding="utf-8")
    text = (
        text.replace("{{MICROSOFT_APP_ID}}", app_id)
        .replace("{{HOST}}", host)
        .replace("{{DEVELOPER_NAME}}", developer)
    )
    if "{{" in text:
        raise SystemExit("manifest.json still has a placeholder")
    return json.loads(text)


def build_zip(out: Path) -> Path:
    app_id = os.environ.get("MICROSOFT_APP_ID", "")
    host = os.environ.get("TEAMS_HOST", "")
    developer = os.environ.get("TEAMS_DEVELOPER_NAME", "")
    if not host or not developer:
        raise SystemExit("set TEAMS_HOST (e.g. bot.example.org) and TEAMS_DEVELOPER_NAME")
    data = manifest(app_id, host, developer)
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(data, indent=2))
        z.write(HERE / "color.png", "color.png")
        z.write(HERE / "outline.png", "outline.png")
    out.write_bytes(buf.getvalue())
    return out


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "zip"
    if command == "icons":
        icons()
    elif command == "zip":
        print(build_zip(ROOT / "build" / "teams-app.zip"))
    else:
        raise SystemExit(__doc__)
