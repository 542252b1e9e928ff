"""Generated portraits for demo and test librarians: initials on a coloured disc, made locally."""

import hashlib
import io

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

PALETTE = ["#0b4f8a", "#1d6b35", "#7a3e9d", "#b8460b", "#0f6e6e", "#8a1c4a", "#44546a", "#6b5a12"]


def portrait_png(name: str, size: int = 400) -> bytes:
    digest = hashlib.sha256(name.encode()).digest()
    background = PALETTE[digest[0] % len(PALETTE)]
    image = PILImage.new("RGB", (size, size), "#eef1f5")
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.1, size * 0.1, size * 0.9, size * 0.9), fill=background)
    initials = "".join(part[0] for part in name.split()[:2]).upper() or "?"
    try:
        font = ImageFont.load_default(size=int(size * 0.3))
    except TypeError:  # very old Pillow
        font = ImageFont.load_default()
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def portrait_image(name: str, collection=None):
    """A Wagtail image of the generated portrait (created once per name)."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    title = f"Portrait of {name}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    kwargs = {"collection": collection} if collection else {}
    image = Image(title=title, **kwargs)
    slug = hashlib.sha1(name.encode()).hexdigest()[:10]  # noqa: S324 - a file name, not security
    image.file = ImageFile(io.BytesIO(portrait_png(name)), name=f"portrait-{slug}.png")
    image.save()
    return image


def illustration_png(label: str, width: int = 1200, height: int = 675) -> bytes:
    """An abstract banner (overlapping discs and bars on a tinted ground) for demo posts and guides."""
    digest = hashlib.sha256(label.encode()).digest()
    base = PALETTE[digest[0] % len(PALETTE)]
    accent = PALETTE[(digest[1] % (len(PALETTE) - 1) + 1 + digest[0]) % len(PALETTE)]
    image = PILImage.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        r = int(height * (0.25 + (digest[2 + i] % 40) / 100))
        cx = int(width * (digest[8 + i] / 255))
        cy = int(height * (digest[14 + i] / 255))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=accent, width=max(4, r // 12))
    for i in range(4):
        y = int(height * (0.2 + 0.18 * i))
        length = int(width * (0.2 + (digest[20 + i] % 50) / 100))
        draw.rectangle((0, y, length, y + height // 40), fill="#ffffff")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def illustration_image(label: str, collection=None):
    """A Wagtail image of a generated banner (created once per label)."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = Image.objects.filter(title=label).first()
    if existing:
        return existing
    kwargs = {"collection": collection} if collection else {}
    image = Image(title=label, **kwargs)
    slug = hashlib.sha1(label.encode()).hexdigest()[:10]  # noqa: S324 - a file name, not security
    image.file = ImageFile(io.BytesIO(illustration_png(label)), name=f"illustration-{slug}.png")
    image.save()
    return image
