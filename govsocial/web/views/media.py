from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from govsocial.publishing.media import media_from_token


def signed_media(request: HttpRequest, token: str) -> FileResponse:
    """Media for networks that pull it (Instagram, Threads): public only with a valid, fresh signature."""
    asset = media_from_token(token)
    if asset is None:
        raise Http404("This media link has expired or is not valid.")
    response = FileResponse(asset.file.open("rb"), content_type=asset.mime_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
