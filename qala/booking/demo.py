"""The demo's Public Service Centres, services, a vehicle registry and two weeks of slots."""

from django.utils import timezone

from qala.territory.models import Territory

from . import services
from .models import Centre, Service, Vehicle, Window

WEEKDAYS = {str(day): ["09:00", "18:00", "13:00", "14:00"] for day in range(5)}
CENTRES = [
    (
        "psc-yesil",
        "psc",
        "Есіл ауданының ХҚО",
        "ЦОН района Есиль",
        "PSC of Yesil district",
        "yesil",
        "пр. Мангилик Ел, 10",
        51.1205,
        71.4300,
    ),
    (
        "psc-saryarka",
        "psc",
        "Сарыарқа ауданының ХҚО",
        "ЦОН района Сарыарка",
        "PSC of Saryarka district",
        "saryarka",
        "пр. Сарыарка, 15",
        51.1800,
        71.3950,
    ),
    (
        "auto-psc-nura",
        "auto_psc",
        "Мамандандырылған автоХҚО",
        "Специализированный спецЦОН",
        "Auto-PSC",
        "nura",
        "ул. Жумабаева, 2",
        51.1100,
        71.3650,
    ),
]
SERVICES = [
    ("id-card", "documentation", "Жеке куәлік алу", "Получение удостоверения личности", "ID card", False),
    ("passport", "documentation", "Паспорт алу", "Получение паспорта", "Passport", False),
    (
        "property",
        "real_estate",
        "Жылжымайтын мүлікті тіркеу",
        "Регистрация недвижимости",
        "Property registration",
        False,
    ),
    ("benefit", "social", "Әлеуметтік төлем", "Социальная выплата", "Social benefit", False),
    ("car-registration", "vehicles", "Көлікті тіркеу", "Регистрация автомобиля", "Vehicle registration", False),
    (
        "car-re-registration",
        "vehicles",
        "Көлікті қайта тіркеу",
        "Перерегистрация автомобиля",
        "Vehicle re-registration",
        True,
    ),
    ("driving-licence", "vehicles", "Жүргізуші куәлігі", "Водительское удостоверение", "Driving licence", False),
]


def seed(resident_iin: str) -> None:
    for code, group, kk, ru, en, seller in SERVICES:
        Service.objects.get_or_create(
            code=code,
            defaults={
                "group": group,
                "name_kk": kk,
                "name_ru": ru,
                "name_en": en,
                "needs_seller": seller,
                "minutes": 30 if group == "vehicles" else 15,
            },
        )
    for code, kind, kk, ru, en, district, address, lat, lon in CENTRES:
        centre, created = Centre.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name_kk": kk,
                "name_ru": ru,
                "name_en": en,
                "address": address,
                "latitude": lat,
                "longitude": lon,
                "territory": Territory.objects.get(code=f"KZ-71-{district}"),
                "hours": WEEKDAYS,
            },
        )
        groups = ["vehicles"] if kind == "auto_psc" else ["documentation", "real_estate", "social"]
        for group in groups:
            Window.objects.get_or_create(centre=centre, group=group, defaults={"count": 3})
        services.slots_generate(centre, start=timezone.localdate(), days=14)
    Vehicle.objects.get_or_create(plate="777AAA01", defaults={"vin": "XTA210990Y2765432", "owner_iin": resident_iin})
