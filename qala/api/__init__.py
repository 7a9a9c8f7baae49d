"""Adapters over HTTP: REST v1 (OpenAPI) and Open311 GeoReport v2. They parse, call the domain and render."""
