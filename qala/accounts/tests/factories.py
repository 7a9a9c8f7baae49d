import factory
from allauth.account.models import EmailAddress

from qala.accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    username = factory.SelfAttribute("email")
    first_name = factory.Faker("first_name", locale="ru_RU")
    role = User.Role.CITIZEN

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
