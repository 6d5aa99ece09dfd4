"""Pages of the registry: the public site (public.py) and the back office, one module per subject.

Back-office views are thin: they start from the user's scoped queryset (out of scope is a
404), ask the policy for the action (403), read through the selectors and hand the cleaned
input to a service.
"""
