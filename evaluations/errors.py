class DomainError(Exception):
    """A state change refused for a reason the user can read (in Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
