"""Accounts and technical administration: log-ins, invitations, the technical administrators.

Technical administration is separate from the policy's decision rights (P7): an
organisation's technical administrators manage accounts and nothing else, every account
action goes through the one action path and is logged, and being an administrator gives no
right under the policy.
"""
