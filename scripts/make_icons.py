"""Draw the portal's icons into portal/public/ (served at the site root by WhiteNoise): the
favicon, the apple-touch icon and the web app manifest's icons. The mark is the header's: a white
"L" on the brand colour, kept inside the middle 60% so launchers may crop it to any shape.

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

PUBLIC = Path(__file__).resolve().parent.parent / "portal" / "public"
BRAND_DARK = "#083a66"  # --brand-dark in portal/static/css/portal.css
WHITE = "#ffffff"


def mark(size):
    """A square icon: an "L" (two bars) centred on the brand colour."""
    image = Image.new("RGB", (size, size), BRAND_DARK)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = (round(size * f) for f in (0.34, 0.24, 0.70, 0.76))
    stroke = max(2, round(size * 0.13))
    draw.rectangle((left, top, left + stroke - 1, bottom - 1), fill=WHITE)
    draw.rectangle((left, bottom - stroke, right - 1, bottom - 1), fill=WHITE)
    return image


def main():
    PUBLIC.mkdir(exist_ok=True)
    mark(48).save(PUBLIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    mark(180).save(PUBLIC / "apple-touch-icon.png", optimize=True)
    for size in (192, 512):
        mark(size).save(PUBLIC / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
