"""The two ways an attempt fails: bad input, or a rule that refuses."""

from ansvar.policy.decision import Decision


class AnsvarError(Exception):
    """A failure with a message meant for the user, never a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(AnsvarError):
    """Input that cannot be acted on: the message names the field and what is wrong."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field


class PolicyRefused(AnsvarError):
    """The policy refuses the attempt; the decision names the clause and the decider."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason_sv)
        self.decision = decision


class AlreadyDone(InvalidInput):
    """A system step found nothing left to do: another run settled it first (a concurrent
    ``ansvar tick``). Nothing is written; the caller skips it."""


class Conflict(AnsvarError):
    """Someone else changed what the attempt was about just now: the decision the actor
    tried was refused (or its input no longer fits) on facts a decision taken after the
    actor's page was read has changed, or two writes collided on one of the database's
    single-row rules. Nothing of the attempt is written but its refusal; the answer is to
    read again. ``decision`` is the refusal the fresh facts gave, if any; ``seq`` the
    decision that came first, if known."""

    def __init__(self, decision: Decision | None = None, seq: int | None = None) -> None:
        where = f" (beslut nr {seq} / decision no. {seq})" if seq else ""
        super().__init__(
            f"någon annan ändrade detta nyss{where}; läs sidan igen / someone else changed "
            f"this just now{where}; read it again"
        )
        self.decision = decision
        self.seq = seq
