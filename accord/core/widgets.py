"""Form widgets that render without the template engine where lists are long."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A flat <select> written in Python.

    Django renders each option through the template engine; a filter listing 150 regions
    then cost more than the list it filters. Output is the same markup, attributes
    (id, aria-describedby, aria-invalid) included, every value and label escaped.
    Option groups are not supported.
    """

    def use_required_attribute(self, initial: Any) -> bool:
        # Django's Select reads the first choice to decide, which draws the whole list.
        return bool(self.is_required) and super().use_required_attribute(initial)

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            marker = " selected" if text in selected else ""
            options.append(f'<option value="{escape(text)}"{marker}>{escape(str(label))}</option>')
        return mark_safe(f"<select{flatatt(final_attrs)}>\n" + "\n".join(options) + "\n</select>")
