from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """A link that works outside the site (in an e-mail, a chat, a downloaded file): the site's address + path."""
    if "://" in path_or_url:
        return path_or_url  # already absolute, e.g. a file in S3
    return settings.QALA_SITE_URL.rstrip("/") + "/" + path_or_url.lstrip("/")
