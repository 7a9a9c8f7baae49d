import pytest

pytestmark = pytest.mark.django_db


def test_a_new_visitor_gets_kazakh_by_default(client, city):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/kk/"
    assert "Мәселе туралы хабарлау" in response.content.decode()


@pytest.mark.parametrize(("accept", "prefix"), [("ru-RU,ru;q=0.9", "/ru/"), ("en-US,en;q=0.8", "/en/")])
def test_the_browser_language_is_followed(client, city, accept, prefix):
    response = client.get("/", headers={"accept-language": accept})
    assert response["Location"] == prefix


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("kk", "Мәселе туралы хабарлау"), ("ru", "Сообщить о проблеме"), ("en", "Report a problem")],
)
def test_the_language_switch_changes_the_page(client, city, language, phrase):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/en/map/"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/{language}/map/"
    assert phrase in response.content.decode()


def test_home_shows_this_months_figures(client, city):
    from qala.appeals.tests.factories import submitted_appeal

    submitted_appeal()
    page = client.get("/en/").content.decode()
    assert "received this month" in page
