"""Every answer of the API is JSON, its errors too: a 404 for anything not to be shown (the same
body for restricted, unpublished and unknown), a 400 for a malformed parameter, a 405 for a
method other than GET or HEAD. Never a 500 for what a client sent."""

from __future__ import annotations

from functools import wraps

from django.http import Http404, JsonResponse

NOT_FOUND = "Not found."
ALLOWED = ("GET", "HEAD")


class BadRequest(Exception):
    """A parameter the API cannot read; its message says which and why."""


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": {"status": status, "message": message}}, status=status)


def json_api(view):
    """GET and HEAD only, and Http404 / BadRequest answered in JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ALLOWED:
            response = error(405, f"Only {' and '.join(ALLOWED)} are allowed.")
            response["Allow"] = ", ".join(ALLOWED)
            return response
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return error(404, NOT_FOUND)
        except BadRequest as problem:
            return error(400, str(problem))

    return wrapper


def json_response(body: dict) -> JsonResponse:
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
