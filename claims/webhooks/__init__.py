"""Webhooks for API consumers: events stored with the writes that cause them, sent by workers.

- ``events``: what happened, stored in the writer's transaction for each matching subscription;
- ``subscriptions``: registering, pausing, resuming and deleting endpoints, and test messages;
- ``signing``: Standard Webhooks signatures and secrets;
- ``safety``: which endpoints may be called, checked again at every attempt;
- ``delivery``: sending one lane's messages in order, retrying with backoff;
- ``tasks``: the django-tasks task workers run; ``upkeep``: the sweeper and the 30-day purge.
"""
