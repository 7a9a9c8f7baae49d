"""The demo city: Astana and Akmola region, categories, organisations, one user of every role
and about 200 appeals spread over the states, reached through the real workflow.

Re-run safe: what exists is kept; appeals are added only while the demo residents have none.
"""

import io
import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from qala.accounts.models import User
from qala.appeals import deadlines, formal, workflow
from qala.appeals.models import Appeal, Category, Event, Source
from qala.appeals.photos import process_image
from qala.appeals.services import categories_load, photo_create
from qala.booking import demo as booking_demo
from qala.common.iin import generate_iin
from qala.organisations.models import Deputy, Organisation, RoutingRule
from qala.portal.services import directory_load, guides_load
from qala.territory.models import Territory
from qala.territory.routing import route_point
from qala.territory.services import boundaries_load_default, territories_load

PASSWORD = "qala-demo-2026"
APPEAL_COUNT = 200

USERS = [
    # email, role, first name, display name, organisation code
    ("resident@demo.qala.kz", User.Role.CITIZEN, "Айгерим", "Aigerim S.", None),
    ("operator@demo.qala.kz", User.Role.OPERATOR, "Дана", "", None),
    ("executor@demo.qala.kz", User.Role.EXECUTOR, "Ерлан", "", "city-cleaning"),
    ("manager@demo.qala.kz", User.Role.ORG_MANAGER, "Марат", "", "city-cleaning"),
    ("akimat@astana.gov.kz", User.Role.AKIMAT, "Гульнара", "", None),
    ("psc@demo.qala.kz", User.Role.PSC_STAFF, "Асель", "", None),
    ("admin@demo.qala.kz", User.Role.ADMIN, "Admin", "", None),
]
EXTRA_RESIDENTS = ["Нурлан", "Светлана", "Бауыржан", "Ольга", "Жанна", "Тимур", "Алия", "Сергей", "Әсел"]

ORGANISATIONS = [
    (
        "city-mobility",
        Organisation.Kind.AKIMAT_DEPARTMENT,
        "Қалалық мобильділік басқармасы",
        "Управление городской мобильности",
        "City Mobility Department",
        ["pothole", "road_sidewalk", "traffic", "snow_ice"],
    ),
    (
        "city-cleaning",
        Organisation.Kind.UTILITY,
        "«Қала тазалығы» коммуналдық қызметі",
        "Коммунальная служба «Чистый город»",
        "Clean City utility",
        ["garbage", "illegal_dump", "territory_cleaning", "stray_animals", "greenery", "yard_park", "other"],
    ),
    (
        "city-networks",
        Organisation.Kind.CONTRACTOR,
        "«Қалалық желілер» ЖШС",
        "ТОО «Городские сети»",
        "City Networks LLP",
        ["lighting", "open_manhole", "water_sewer", "heating", "flooding"],
    ),
]

STREETS = [
    "пр. Кабанбай батыра",
    "ул. Кенесары",
    "пр. Туран",
    "пр. Мангилик Ел",
    "пр. Республики",
    "ул. Сыганак",
    "пр. Абая",
    "ул. Бейбитшилик",
    "ул. Жирентаева",
    "пр. Богенбай батыра",
    "ул. Достык",
    "ул. Иманова",
    "ул. Сарайшык",
    "пр. Сарыарка",
    "ул. Акмешит",
]

DESCRIPTIONS = {
    "pothole": [
        "Глубокая яма на проезжей части, машины объезжают по встречной. Нужен ямочный ремонт.",
        "Жолдың ортасында үлкен шұңқыр пайда болды, көліктер дөңгелегін бүлдіріп жатыр.",
    ],
    "lighting": [
        "Третий вечер подряд не горят фонари вдоль дома, во дворе полная темнота.",
        "Аялдама жанындағы көше шамдары жанбайды, кешке жаяу жүру қауіпті.",
    ],
    "garbage": [
        "Контейнеры переполнены, мусор не вывозили уже четыре дня, разносит ветром.",
        "Ауладағы қоқыс жәшіктері толып кетті, үш күн бойы ешкім шығармады.",
    ],
    "illegal_dump": [
        "За гаражами образовалась свалка строительного мусора, растёт каждую неделю.",
        "Өзен жағасына біреу құрылыс қалдықтарын төгіп кеткен, үйінді үлкейіп барады.",
    ],
    "open_manhole": [
        "Открытый люк прямо на тротуаре у школы, дети ходят рядом. Очень опасно!",
        "Жаяу жүргінші жолындағы құдықтың қақпағы жоқ, түнде құлап кетуге болады.",
    ],
    "road_sidewalk": [
        "Разрушен тротуар, плитка вздулась, с коляской не пройти.",
        "Тротуардың плиткалары бұзылған, қарттар сүрініп құлап жатыр.",
    ],
    "territory_cleaning": [
        "После праздника на площадке остались мусор и битое стекло.",
        "Ойын алаңында сынған шыны мен қоқыс жатыр, балалар ойнай алмайды.",
    ],
    "greenery": [
        "Сухое дерево нависает над детской площадкой, ветки падают при ветре.",
        "Аулада құрғап қалған ағаш бар, желде бұтақтары сынып түсуде.",
    ],
    "snow_ice": [
        "Тротуар не чищен от снега, сплошной лёд, люди падают у остановки.",
        "Аялдама маңы мұзға айналды, құм себілмеген, адамдар құлап жатыр.",
    ],
    "water_sewer": [
        "Из колодца течёт канализация, запах на весь двор, лужа растёт.",
        "Көшеде су құбыры жарылып, су ағып жатыр, жол мұзға айналуда.",
    ],
    "heating": [
        "В подъезде батареи холодные уже второй день, в квартирах +15.",
        "Үйде жылу жоқ, батареялар суық, балалар ауырып қалды.",
    ],
    "flooding": [
        "Талая вода затопила подвал и двор, не уходит в ливнёвку.",
        "Жаңбырдан кейін аула су астында қалды, нөсер кәрізі бітелген.",
    ],
    "yard_park": [
        "Сломаны качели и горка на детской площадке, торчат болты.",
        "Саябақтағы орындықтар сынған, түнде жарық жоқ.",
    ],
    "stray_animals": [
        "Стая бездомных собак у школы, бросаются на детей по утрам.",
        "Мектеп маңында иесіз иттер жүр, балалар қорқады.",
    ],
    "traffic": [
        "Не работает светофор на перекрёстке, пробка и опасные манёвры.",
        "Жаяу жүргінші өткелінің сызықтары өшіп қалған, жүргізушілер тоқтамайды.",
    ],
    "other": [
        "Сорвана информационная табличка с названием улицы, висит на одном болте.",
        "Көше атауы жазылған тақта құлап қалған, қонақтар үйді таба алмайды.",
    ],
}

# Where demo appeals fall: Astana's districts mostly, and a few Akmola towns.
AREAS = [
    *[(f"KZ-71-{d}", 0.015, 25) for d in ("yesil", "nura", "saryarka", "baikonyr", "almaty", "saraishyk")],
    ("KZ-11-kokshetau", 0.02, 20),
    ("KZ-11-stepnogorsk", 0.01, 10),
    ("KZ-11-kosshy", 0.01, 10),
    ("KZ-11-burabay", 0.02, 10),
]

# The life each demo appeal reaches, with its share.
STATES = [("new", 50), ("assigned", 35), ("in_progress", 30), ("done", 30), ("closed", 35), ("rejected", 20)]
# How many days ago an appeal in that state came in: open ones are mostly recent.
AGE_DAYS = {
    "new": (0.05, 4),
    "assigned": (0.5, 8),
    "in_progress": (1, 12),
    "done": (3, 20),
    "closed": (5, 45),
    "rejected": (1, 45),
}


def _user(email, role, first_name, display_name, organisation=None):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "username": email,
            "role": role,
            "first_name": first_name,
            "display_name": display_name,
            "organisation": organisation,
            "is_staff": role == User.Role.ADMIN,
            "is_superuser": role == User.Role.ADMIN,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _photo(rng, category, stage="report"):
    """A small generated picture: sky, ground, and a shape in the category's spirit."""
    image = Image.new("RGB", (800, 600), (rng.randint(150, 210), rng.randint(170, 220), rng.randint(200, 240)))
    draw = ImageDraw.Draw(image)
    ground = (rng.randint(80, 130),) * 3 if stage == "report" else (90, 140, 90)
    draw.rectangle([0, 330, 800, 600], fill=ground)
    for _ in range(rng.randint(2, 6)):
        x, y, r = rng.randint(50, 750), rng.randint(360, 560), rng.randint(20, 90)
        colour = (rng.randint(20, 90), rng.randint(20, 70), rng.randint(10, 60))
        draw.ellipse([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    draw.text((20, 20), f"{category.name_en} · demo", fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return process_image(buffer.getvalue(), name="demo.jpg")


def _point(rng, area):
    code, spread, _count = area
    territory = Territory.objects.get(code=code)
    for _attempt in range(50):
        lat = float(territory.centre_lat) + rng.uniform(-spread, spread)
        lon = float(territory.centre_lon) + rng.uniform(-spread * 1.6, spread * 1.6)
        try:
            return lat, lon, route_point(lat, lon)
        except Exception:  # noqa: BLE001 - a random point may fall outside; try another
            continue
    return (
        float(territory.centre_lat),
        float(territory.centre_lon),
        route_point(territory.centre_lat, territory.centre_lon),
    )


def _backdate(appeal, created_at):
    """Spread demo appeals over the last weeks, as if they had come in over time."""
    due = deadlines.due_at(created_at, appeal.category.deadline_days)
    Appeal.objects.filter(pk=appeal.pk).update(created_at=created_at, deadline=due)
    for offset, event in enumerate(appeal.events.order_by("pk")):
        Event.objects.filter(pk=event.pk).update(created_at=created_at + timedelta(hours=offset * 7 + 1))


def _live(appeal, state, rng, *, operator, executors, organisations):
    organisation = organisations[appeal.category.code]
    executor = executors[organisation.code]
    if state == "rejected":
        code = rng.choice(["spam", "not_competent", "insufficient"])
        return workflow.reject(appeal, actor=operator, source=Source.OPERATOR, reason_code=code)
    if state == "new":
        return appeal
    workflow.assign(appeal, actor=operator, source=Source.OPERATOR, organisation=organisation, executor=executor)
    if state == "assigned":
        return appeal
    workflow.start(appeal, actor=executor, source=Source.WEB)
    if state == "in_progress":
        return appeal
    after = photo_create(_photo(rng, appeal.category, stage="after"), appeal=appeal)
    workflow.complete(
        appeal,
        actor=executor,
        source=Source.WEB,
        photos=[after],
        answer=rng.choice(["Работы выполнены, территория приведена в порядок.", "Жұмыс аяқталды, ақау жойылды."]),
    )
    if state == "done":
        return appeal
    return workflow.confirm(
        appeal,
        actor=appeal.applicant,
        source=Source.WEB,
        rating=rng.choice([3, 4, 5, 5, 5]),
        comment=rng.choice(["", "Спасибо, быстро!", "Рақмет!"]),
    )


def _routing_rules(organisation, category_codes):
    """The organisation takes these categories in Astana and Akmola region."""
    for category in Category.objects.filter(code__in=category_codes):
        for territory in Territory.objects.filter(code__in=["KZ-71", "KZ-11"]):
            RoutingRule.objects.get_or_create(
                category=category, territory=territory, defaults={"organisation": organisation}
            )


@transaction.atomic
def seed(out=print) -> dict:
    rng = random.Random(2026)
    territories_load()
    boundaries_load_default()
    categories_load()
    organisations = {}
    for code, kind, kk, ru, en, category_codes in ORGANISATIONS:
        organisation, _created = Organisation.objects.get_or_create(
            code=code, defaults={"kind": kind, "name_kk": kk, "name_ru": ru, "name_en": en}
        )
        organisation.territories.add(*Territory.objects.filter(code__in=["KZ-71", "KZ-11"]))
        organisations.update(dict.fromkeys(category_codes, organisation))
        _routing_rules(organisation, category_codes)
    by_code = {o.code: o for o in organisations.values()}
    users = {email: _user(email, role, name, display, by_code.get(org)) for email, role, name, display, org in USERS}
    executors = {"city-cleaning": users["executor@demo.qala.kz"]}
    for code in ("city-mobility", "city-networks"):
        executors[code] = _user(f"executor.{code}@demo.qala.kz", User.Role.EXECUTOR, "Исполнитель", "", by_code[code])
    users["operator@demo.qala.kz"].territories.add(
        Territory.objects.get(code="KZ-71"), Territory.objects.get(code="KZ-11")
    )
    users["akimat@astana.gov.kz"].territories.add(Territory.objects.get(code="KZ-71"))
    residents = [users["resident@demo.qala.kz"]] + [
        _user(f"resident{i}@demo.qala.kz", User.Role.CITIZEN, name, f"{name[0]}.", None)
        for i, name in enumerate(EXTRA_RESIDENTS, start=2)
    ]
    _deputies()
    directory_load()
    guides_load()
    _resident_iin(users["resident@demo.qala.kz"])
    booking_demo.seed(users["resident@demo.qala.kz"].iin)
    created = 0
    if not Appeal.objects.filter(applicant__in=residents).exists():
        created = _seed_appeals(rng, residents, users["operator@demo.qala.kz"], executors, organisations)
        created += _seed_formal_appeals(rng, residents, organisations)
    return {"users": users, "appeals_created": created}


DEPUTIES = [
    ("yesil", "Әлия Нұрланқызы", "Алия Нурлановна", "Aliya Nurlanovna", "№ 7"),
    ("saryarka", "Ержан Болатұлы", "Ержан Болатович", "Yerzhan Bolatovich", "№ 12"),
    ("almaty", "Динара Серікқызы", "Динара Сериковна", "Dinara Serikovna", "№ 18"),
]
FORMAL = [
    ("complaint", "Не вывозят мусор", "Контейнеры во дворе не вывозят больше недели, прошу принять меры."),
    ("proposal", "Аулаға орындық қою", "Аулада қарт адамдарға арналған орындықтар жоқ, орнатуды ұсынамын."),
    ("request", "Запрос о ремонте дороги", "Прошу сообщить сроки ремонта дороги по улице Сыганак."),
    ("statement", "Освещение во дворе", "Прошу установить освещение во дворе дома, вечером очень темно."),
    ("gratitude", "Рақмет!", "Саябақты тез тазалағандарыңыз үшін үлкен рақмет!"),
]


def _resident_iin(resident):
    """The demo resident has an IIN on the profile, so PSC booking works at once."""
    if not resident.iin:
        User.objects.filter(pk=resident.pk).update(iin="900115300003")
        resident.iin = "900115300003"


def _deputies():
    for district, kk, ru, en, constituency in DEPUTIES:
        Deputy.objects.get_or_create(
            name_en=en,
            defaults={
                "name_kk": kk,
                "name_ru": ru,
                "constituency": constituency,
                "territory": Territory.objects.get(code=f"KZ-71-{district}"),
            },
        )


def _seed_formal_appeals(rng, residents, organisations) -> int:
    """A few formal appeals from residents, with IINs that pass the official check."""
    for index, (kind, title, text) in enumerate(FORMAL):
        resident = residents[index % len(residents)]
        data = {
            "applicant_type": "individual",
            "is_resident": True,
            "iin": generate_iin(rng),
            "full_name": f"{resident.first_name} {rng.choice(['Ахметова', 'Сериков', 'Иванова', 'Касымов'])}",
            "city": "Астана",
            "street": rng.choice(STREETS),
            "house": str(rng.randint(1, 90)),
            "flat": "",
            "phone": f"+7701{rng.randint(1000000, 9999999)}",
            "email": resident.email or "resident@demo.qala.kz",
            "kind": kind,
            "title": title,
            "text": text,
            "exact_address": "",
            "district_territory": Territory.objects.get(code=rng.choice(AREAS[:6])[0]),
            "organisation": organisations["greenery"] if kind == "gratitude" else None,
        }
        formal.formal_appeal_submit(data, actor=resident)
    return len(FORMAL)


def _seed_appeals(rng, residents, operator, executors, organisations) -> int:
    categories = [c for c in Category.objects.filter(accepts_reports=True) if c.code in DESCRIPTIONS]
    states = [state for state, share in STATES for _ in range(share)]
    areas = [area for area in AREAS for _ in range(area[2])]
    rng.shuffle(states)
    now = timezone.now()
    for index in range(APPEAL_COUNT):
        category = rng.choice(categories)
        lat, lon, territory = _point(rng, areas[index % len(areas)])
        applicant = residents[index % len(residents)]
        processed = _photo(rng, category)
        appeal = workflow.submit(
            actor=applicant,
            applicant=applicant,
            source=rng.choice([Source.WEB, Source.WEB, Source.BOT, Source.PHONE]),
            category=category,
            description=rng.choice(DESCRIPTIONS[category.code]),
            latitude=round(lat, 6),
            longitude=round(lon, 6),
            territory=territory,
            address=f"{rng.choice(STREETS)}, {rng.randint(1, 120)}",
            contact_phone=f"+7701{rng.randint(1000000, 9999999)}",
        )
        photo_create(processed, appeal=appeal)
        state = states[index % len(states)]
        _live(appeal, state, rng, operator=operator, executors=executors, organisations=organisations)
        _backdate(appeal, now - timedelta(days=rng.uniform(*AGE_DAYS[state])))
    return APPEAL_COUNT
