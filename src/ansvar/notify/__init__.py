"""Telling people of the decisions that concern them: in the app and by e-mail.

``messages`` maps each action to the people it concerns and what they are told;
``record`` writes the in-app notification and the outbox message once (idempotency key),
inside the decision's transaction: ``perform`` sends ``engine.registry.decision_made`` after
the log entry and this app listens (``apps.py``), so the engine imports nothing from here.
``delivery`` sends the outbox after the commit, from the task worker (``tasks``) or
``ansvar tick``, with retries and backoff. See README, "E-mail".
"""
