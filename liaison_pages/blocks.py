"""StreamField blocks for guides and posts. Each block renders with templates/blocks/<name>.html."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock


def outline(stream, top=1):
    """(block, heading_level) for each block of a stream shown under an H`top` page title, so the
    page's headings never skip a level whatever order editors put blocks in.

    A heading block keeps its level unless that would skip one (it is then one below the heading
    before it); any other block gets the level for a heading of its own (a resource or book list's
    title): one below the last heading."""
    current = top
    for block in stream:
        if block.block_type == "heading":
            current = min(int(block.value["level"][1]), current + 1)
            yield block, current
        else:
            yield block, min(current + 1, 6)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)"), ("h4", "Minor (H4)")],
        default="h2",
        help_text="Section headings appear in the guide's table of contents.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(label="Link")
    description = blocks.TextBlock(required=False, max_length=600)
    access_note = blocks.CharBlock(
        required=False, max_length=200, help_text="For example: Sign-in needed off campus."
    )

    class Meta:
        icon = "link"


class ResourceListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    resources = blocks.ListBlock(ResourceBlock())

    class Meta:
        icon = "list-ul"
        template = "blocks/resource_list_block.html"


class BookBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=250)
    author = blocks.CharBlock(required=False, max_length=200)
    year = blocks.IntegerBlock(required=False, min_value=1000, max_value=2100)
    isbn = blocks.CharBlock(required=False, max_length=17, label="ISBN")
    catalogue_url = blocks.URLBlock(required=False, label="Catalogue link")

    class Meta:
        icon = "doc-full"

    def clean(self, value):
        value = super().clean(value)
        isbn = (value.get("isbn") or "").replace("-", "").replace(" ", "")
        if isbn and not (len(isbn) in (10, 13) and isbn[:-1].isdigit()):
            raise StructBlockValidationError(
                {"isbn": ValidationError("An ISBN has 10 or 13 digits (the last may be X).")}
            )
        return value


class BookListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    books = blocks.ListBlock(BookBlock())

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/book_list_block.html"


class CatalogueSearchBlock(blocks.StructBlock):
    label = blocks.CharBlock(default="Search the library catalogue", max_length=120)
    placeholder = blocks.CharBlock(required=False, max_length=120, default="Title, author or topic")

    class Meta:
        icon = "search"
        template = "blocks/catalogue_search_block.html"
        help_text = "Searches the catalogue set in Settings → Portal settings."


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("tip", "Tip"), ("warning", "Important")], default="info"
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"


class AskLibrarianBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Ask your librarian", max_length=120)
    text = blocks.TextBlock(
        required=False, max_length=400, default="Stuck? Book a consultation or send a question."
    )

    class Meta:
        icon = "user"
        template = "blocks/ask_librarian_block.html"
        help_text = "Shows the guide owner's card with contact details."


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(help_text="A YouTube, Vimeo or other video page.")
    title = blocks.CharBlock(max_length=200, help_text="Shown as the link text.")
    caption = blocks.TextBlock(required=False, max_length=400)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"


class FigureBlock(ImageBlock):
    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"


RICH_TEXT_FEATURES = [
    "h3",
    "h4",
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "blockquote",
]


class GuideStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    resource_list = ResourceListBlock()
    book_list = BookListBlock()
    catalogue_search = CatalogueSearchBlock()
    callout = CalloutBlock()
    ask_librarian = AskLibrarianBlock()
    video = VideoBlock()
    image = FigureBlock()

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        previous = 1
        for i, child in enumerate(value):
            if child.block_type == "heading":
                level = int(child.value["level"][1])
                if level > previous + 1:
                    errors[i] = ValidationError(
                        f"This H{level} skips a level: the heading before it is "
                        f"H{previous}. Use H{previous + 1} or higher."
                    )
                previous = level
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


class PostStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    callout = CalloutBlock()
    resource_list = ResourceListBlock()
    book_list = BookListBlock()
    video = VideoBlock()
    image = FigureBlock()
