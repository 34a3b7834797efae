from .models import Role


def role(request):
    """Expose the role constants so templates can build the navigation by role."""
    return {"Role": Role}
