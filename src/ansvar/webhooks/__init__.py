"""Webhooks: other systems told of decisions and overdue duties over HTTPS, each delivery
signed, recorded once and retried until it arrives (README.md, "Webhooks")."""
