from django.contrib import messages

from .errors import DomainError


def domain_call(form, call, *, request=None, success="") -> bool:
    """Run one domain call for a page; a DomainError becomes an error on its field (or the form).

    With `success`, the page's message is shown when the call went through.
    """
    try:
        call()
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    if success:
        messages.success(request, success)
    return True
