from django.conf import settings


def maps(request):
    return {"map_tiles_url": settings.QALA_MAP_TILES_URL, "map_attribution": settings.QALA_MAP_ATTRIBUTION}
