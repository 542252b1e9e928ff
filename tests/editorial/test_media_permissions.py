"""Images and documents follow the page rule: a liaison changes and deletes only what they
uploaded, may choose any file for their pages, and coordinators manage everything. Driven
through the real admin views."""

import pytest
import wagtail_factories
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

ACTORS = ["owner", "other", "coordinator", "student", "anonymous"]
UPLOADERS = ["owner", "coordinator"]


@pytest.fixture
def media(world, db):
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    files = {}
    for uploader in UPLOADERS:
        user = world.users[uploader]
        files[("image", uploader)] = wagtail_factories.ImageFactory(
            title=f"Photo by {uploader}",
            description="A reading room",
            uploaded_by_user=user,
            collection=root,
        )
        files[("document", uploader)] = wagtail_factories.DocumentFactory(
            title=f"Handout by {uploader}",
            uploaded_by_user=user,
            collection=root,
            file__filename="handout.pdf",
        )
    return files


def _model(kind):
    return get_image_model() if kind == "image" else get_document_model()


def _url(kind, action, obj):
    app = "wagtailimages" if kind == "image" else "wagtaildocs"
    return reverse(f"{app}:{action}", args=[obj.pk])


def edit_get(client, kind, obj):
    return client.get(_url(kind, "edit", obj)).status_code == 200


def edit_post(client, kind, obj):
    data = {"title": "Renamed", "collection": str(obj.collection_id), "tags": ""}
    if kind == "image":
        data["description"] = "Renamed image"
    client.post(_url(kind, "edit", obj), data)
    return _model(kind).objects.get(pk=obj.pk).title == "Renamed"


def delete_post(client, kind, obj):
    client.post(_url(kind, "delete", obj))
    return not _model(kind).objects.filter(pk=obj.pk).exists()


def choose(client, kind, obj):
    url = reverse(
        "wagtailimages_chooser:choose" if kind == "image" else "wagtaildocs_chooser:choose"
    )
    response = client.get(url)
    return response.status_code == 200 and obj.title in response.content.decode()


ACTIONS = {f.__name__: f for f in (edit_get, edit_post, delete_post, choose)}


def expected(actor, uploader, action):
    if actor in ("student", "anonymous"):
        return False
    if actor == "coordinator" or action == "choose":
        return True
    return actor == uploader


@pytest.mark.parametrize(
    "kind,uploader,action,actor",
    [
        pytest.param(kind, uploader, action, actor, id=f"{kind}-by-{uploader}-{action}-{actor}")
        for kind in ("image", "document")
        for uploader in UPLOADERS
        for action in ACTIONS
        for actor in ACTORS
    ],
)
def test_media_permissions(world, media, as_actor, kind, uploader, action, actor, permission_cases):
    allowed = ACTIONS[action](as_actor(actor), kind, media[(kind, uploader)])
    permission_cases.append((f"{kind} by {uploader}", action, actor, allowed))
    want = expected(actor, uploader, action)
    assert allowed == want, f"{actor} {action} on {kind} by {uploader}"


def test_image_upload_requires_alt_text(world, as_actor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.tests.utils import get_test_image_file

    client = as_actor("owner")
    image = get_test_image_file()
    upload = SimpleUploadedFile("photo.png", image.file.getvalue(), content_type="image/png")
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "No alt", "file": upload, "collection": "1", "description": ""},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not get_image_model().objects.filter(title="No alt").exists()
