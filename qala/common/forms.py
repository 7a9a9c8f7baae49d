from .errors import DomainError


def domain_call(form, call) -> bool:
    """Run one domain call for a page; a DomainError becomes an error on its field (or the form)."""
    try:
        call()
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    return True
