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
