"""State changes (STYLE.md): each checks its preconditions, raises DomainError with a message a
user can read, writes inside transaction.atomic() and records an audit entry."""
