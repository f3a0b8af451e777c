"""URL converters, registered once for every URLconf."""

from django.urls import register_converter


class IdConverter:
    """A database id: at most 18 digits, so no URL can ask the database for an id it cannot
    store (which would be an overflow error, not a 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
