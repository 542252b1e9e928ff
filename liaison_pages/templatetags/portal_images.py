"""``{% image %}`` with Wagtail's syntax, minus the broken picture.

Wagtail's own tag survives a missing original file by writing ``<img src="/media/not-found"
width="0" height="0">``: no error, but a broken image and a 404 for every visitor. This one writes
nothing instead (and ``{% image … as photo %}`` sets ``photo`` to None, so a template can show
something else); see ``liaison_pages/images.py``. Load it instead of ``wagtailimages_tags``.
"""

from django import template
from wagtail.images.templatetags.wagtailimages_tags import ImageNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

from liaison_pages.images import safe_rendition

register = template.Library()


class SafeImageNode(ImageNode):
    def render(self, context):
        image = self.validate_image(context)
        rendition = safe_rendition(image, self.get_filter()) if image else None
        if self.output_var_name:
            context[self.output_var_name] = rendition
            return ""
        if rendition is None:
            return ""
        return rendition.img_tag({key: value.resolve(context) for key, value in self.attrs.items()})


@register.tag
def image(parser, token):
    node = parse_image_tag(parser, token)
    return SafeImageNode(
        node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs
    )
