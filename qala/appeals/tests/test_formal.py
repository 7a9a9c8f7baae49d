"""Formal appeals: the two-block form with every rule, and their life in the shared workflow."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qala.accounts.models import User
from qala.accounts.tests.factories import UserFactory
from qala.appeals import deadlines, workflow
from qala.appeals.models import Appeal, Applicant, Attachment, Source
from qala.appeals.tests.factories import organisation, staff
from qala.common.errors import Invalid
from qala.notifications.models import Notification
from qala.organisations.models import Deputy
from qala.territory.models import Territory

pytestmark = pytest.mark.django_db
R = User.Role
URL = "/en/appeal/"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name="letter.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="scan.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50), (200, 200, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def individual(**changes):
    data = {
        "applicant_type": "individual",
        "is_resident": "on",
        "iin": "900115300003",
        "full_name": "Айгерим Сериккызы",
        "city": "Астана",
        "district": "Есиль",
        "microdistrict": "",
        "street": "пр. Мангилик Ел",
        "house": "8",
        "flat": "12",
        "phone": "+7 701 234 56 78",
        "email": "aigerim@example.kz",
        "kind": "complaint",
        "title": "Не убирают двор",
        "text": "Третью неделю не убирают двор и детскую площадку.",
        "district_territory": Territory.objects.get(code="KZ-71-yesil").pk,
        "exact_address": "пр. Мангилик Ел, 8",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def resident(client, city):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_complaint_with_an_attachment_is_filed_with_a_15_working_day_deadline(client, resident):
    response = client.post(URL, {**individual(), "attachments": [pdf(), png()]})
    appeal = Appeal.objects.get()
    assert response["Location"] == f"/en/appeals/{appeal.number}/created/"
    assert (appeal.kind, appeal.category.code, appeal.applicant, appeal.title) == (
        "complaint",
        "formal_appeal",
        resident,
        "Не убирают двор",
    )
    assert appeal.deadline == deadlines.due_at(appeal.created_at, 15)
    assert appeal.applicant_details.iin == "900115300003" and appeal.applicant_details.phone == "+77012345678"
    assert sorted(appeal.attachments.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    assert appeal.territory.code == "KZ-71-yesil"
    page = client.get("/en/my/").content.decode()
    assert appeal.number in page and "letter.pdf" in page


def test_a_legal_entity_gives_a_bin_and_a_representative(client, resident):
    data = individual(
        applicant_type="legal_entity",
        iin=None,
        full_name=None,
        bin="940140000385",
        company_name="ТОО «Жарык»",
        representative="Иванов И. И.",
        kind="proposal",
    )
    client.post(URL, data)
    applicant = Applicant.objects.get()
    assert (applicant.type, applicant.bin, applicant.company_name) == ("legal_entity", "940140000385", "ТОО «Жарык»")


def test_a_non_resident_individual_needs_no_iin(client, resident):
    client.post(URL, individual(is_resident=None, iin=None, kind="request"))
    assert Appeal.objects.get().applicant_details.iin == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"city": ""}, "city", "This field is required."),
        ({"street": ""}, "street", "This field is required."),
        ({"house": ""}, "house", "This field is required."),
        ({"phone": ""}, "phone", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"title": ""}, "title", "This field is required."),
        ({"text": ""}, "text", "This field is required."),
        ({"text": "Коротко"}, "text", "from 10 to 5000 characters"),
        ({"kind": "report"}, "kind", "Select a valid choice"),
        ({"district_territory": ""}, "district_territory", "This field is required."),
        ({"applicant_type": ""}, "applicant_type", "This field is required."),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"iin": ""}, "iin", "Enter the IIN."),
        ({"iin": "900115300004"}, "iin", ""),
        ({"iin": "901315300003"}, "iin", ""),
        ({"iin": "9001153000"}, "iin", ""),
        ({"phone": "+7 495 123 45 67"}, "phone", "Kazakhstani phone number"),
        ({"to_deputy": "on"}, "deputy", "Choose the deputy."),
        ({"kind": "gratitude"}, "organisation", "Choose the organisation you thank."),
    ],
)
def test_every_rule_is_explained_next_to_its_field_and_nothing_is_saved(client, resident, changes, field, message):
    response = client.post(URL, {**individual(**changes), "attachments": [pdf()]})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Appeal.objects.exists() and not Attachment.objects.exists() and not Applicant.objects.exists()


def test_a_legal_entity_without_its_bin_or_with_a_bad_one_is_refused(client, resident):
    base = individual(applicant_type="legal_entity", iin=None, full_name=None, company_name="ТОО", representative="И")
    for bad in ("", "940140000386"):
        response = client.post(URL, {**base, "bin": bad})
        assert "bin" in response.context["form"].errors
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([pdf(f"{i}.pdf") for i in range(6)], "at most"),
        ([SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 this is an exe")], "is not a PDF, JPEG, PNG or DOCX"),
        ([pdf("cut.pdf", PDF[:40])], "is damaged or incomplete"),
    ],
)
def test_attachment_rules(client, resident, files, message):
    response = client.post(URL, {**individual(), "attachments": files})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["attachments"])
    assert not Appeal.objects.exists()


def test_the_applicants_personal_data_and_files_are_not_shown_to_others(client, resident):
    client.post(URL, {**individual(), "attachments": [pdf()]})
    appeal = Appeal.objects.get()
    client.force_login(UserFactory())
    page = client.get(f"/en/appeals/{appeal.number}/").content.decode()
    assert "900115300003" not in page and "letter.pdf" not in page and "701 234" not in page


def test_addressed_to_a_deputy(client, resident):
    deputy = Deputy.objects.create(
        name_kk="Депутат", name_ru="Депутат", name_en="Deputy", territory=Territory.objects.get(code="KZ-71")
    )
    client.post(URL, individual(to_deputy="on", deputy=deputy.pk, kind="statement"))
    assert Appeal.objects.get().deputy == deputy


def test_a_gratitude_goes_to_the_named_organisation_and_closes_on_acknowledgement(client, resident):
    parks = organisation("parks")
    manager = staff(R.ORG_MANAGER, organisation=parks, territory=None)
    client.post(URL, individual(kind="gratitude", organisation=parks.pk, title="Спасибо за парк"))
    appeal = Appeal.objects.get()
    assert (appeal.status, appeal.organisation) == ("assigned", parks)
    assert Notification.objects.filter(recipient=manager, kind="gratitude").exists()
    workflow.acknowledge(appeal, actor=manager, source=Source.WEB)
    assert appeal.status == "closed"
    assert Notification.objects.filter(recipient=resident, kind="acknowledged").exists()


def test_the_operator_forwards_an_appeal_outside_the_akimats_competence(client, resident):
    client.post(URL, individual())
    appeal = Appeal.objects.get()
    operator = staff(R.OPERATOR)
    client.force_login(operator)
    client.post(f"/en/staff/appeals/{appeal.number}/", {"action": "forward", "body": "Департамент полиции"})
    appeal.refresh_from_db()
    assert appeal.status == "closed" and appeal.events.last().data == {"body": "Департамент полиции"}
    assert Notification.objects.filter(recipient=resident, kind="forwarded").exists()


def test_the_written_answer_with_a_document_reaches_the_applicant(client, resident):
    client.post(URL, individual())
    appeal = Appeal.objects.get()
    roads = organisation("roads")
    executor = staff(R.EXECUTOR, organisation=roads, territory=None)
    workflow.assign(appeal, actor=staff(R.OPERATOR), source=Source.OPERATOR, organisation=roads, executor=executor)
    client.force_login(executor)
    client.post(f"/en/staff/tasks/{appeal.number}/", {"action": "start"})
    client.post(
        f"/en/staff/tasks/{appeal.number}/",
        {"action": "complete", "answer": "Двор убран, график утверждён.", "attachments": [pdf("answer.pdf")]},
    )
    appeal.refresh_from_db()
    assert appeal.status == "done" and appeal.attachments.filter(stage="answer").count() == 1
    client.force_login(resident)
    page = client.get("/en/my/").content.decode()
    assert "Двор убран" in page and "answer.pdf" in page
    assert Notification.objects.filter(recipient=resident, kind="done").exists()


def test_an_extension_is_allowed_up_to_two_months_and_the_applicant_is_told(client, resident):
    client.post(URL, individual())
    appeal = Appeal.objects.get()
    operator = staff(R.OPERATOR)
    workflow.assign(appeal, actor=operator, source=Source.OPERATOR, organisation=organisation())
    with pytest.raises(Invalid) as error:
        workflow.extend_deadline(
            appeal,
            actor=operator,
            source=Source.OPERATOR,
            deadline=appeal.created_at + timedelta(days=70),
            reason="Нужна экспертиза",
        )
    assert error.value.code == "deadline_too_late"
    workflow.extend_deadline(
        appeal,
        actor=operator,
        source=Source.OPERATOR,
        deadline=appeal.created_at + timedelta(days=50),
        reason="Нужна экспертиза",
    )
    assert Notification.objects.filter(recipient=resident, kind="deadline_extended").exists()


def test_a_point_on_the_map_decides_the_territory(client, resident):
    client.post(
        URL,
        individual(
            latitude="51.1283", longitude="71.4306", district_territory=Territory.objects.get(code="KZ-71-saryarka").pk
        ),
    )
    appeal = Appeal.objects.get()
    assert appeal.territory.code == "KZ-71-yesil" and float(appeal.latitude) == pytest.approx(51.1283)


def test_a_point_abroad_is_refused(client, resident):
    response = client.post(URL, individual(latitude="55.75", longitude="37.61"))
    assert response.status_code == 400 and not Appeal.objects.exists()
    assert "must lie in Kazakhstan" in response.content.decode()
