"""The Django template engine, with each render's context let go as soon as the render ends.

Django's ``Context.push`` makes a ``ContextDict`` that refers back to its context, which lists
it: a cycle. Everything a page's context holds (an uncached place page's ~450 rows, records,
cards and timeline marks) then outlived its request until Python's cyclic collector found it,
and the collector's passes over it were 0.45–0.5 ms of an uncached place page's ~7 ms of CPU
(docs/benchmarks.md). Emptying the context's list of dictionaries once the render is over
breaks the cycle, so reference counting frees it all on return, and no pass walks it.
"""

from django.template import TemplateDoesNotExist
from django.template.backends import django as django_backend
from django.template.context import make_context


class Template(django_backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self.backend)
        finally:
            # A test client's copy of the context (its template_rendered signal) has a list of
            # its own: it still sees every dictionary.
            context.dicts.clear()


class DjangoTemplates(django_backend.DjangoTemplates):
    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self)
