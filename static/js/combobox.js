// The registry's comboboxes (WAI-ARIA Authoring Practices, "list autocomplete"): a text input
// whose listbox htmx fills as the user types (funding/widgets/combobox.html). This script only
// gives the listbox its keyboard and pointer: arrows move through the suggestions, Enter takes
// one, Escape closes the list. Listeners sit on the document, so lines added in place work too.
// Without this script the input is a plain text field, which the server accepts as it is.
(function () {
  "use strict";

  function listOf(input) {
    return document.getElementById(input.getAttribute("aria-controls") || "");
  }

  function inputOf(list) {
    return document.querySelector('[role="combobox"][aria-controls="' + list.id + '"]');
  }

  function choices(list) {
    return Array.from(list.querySelectorAll('[role="option"]:not([aria-disabled="true"])'));
  }

  function show(input, list) {
    const any = list.children.length > 0;
    list.hidden = !any;
    input.setAttribute("aria-expanded", any ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }

  function hide(input, list) {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(input, list, option) {
    choices(list).forEach(function (each) {
      each.setAttribute("aria-selected", each === option ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  function take(input, list, option) {
    input.value = option.dataset.value;
    hide(input, list);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    const list = event.detail.target;
    if (!list || list.getAttribute("role") !== "listbox") return;
    const input = inputOf(list);
    if (input && document.activeElement === input) show(input, list);
  });

  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox") return;
    const list = listOf(input);
    if (!list) return;
    const all = choices(list);
    const current = document.getElementById(input.getAttribute("aria-activedescendant") || "");
    let index = all.indexOf(current);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      if (list.hidden) show(input, list);
      if (event.key === "ArrowDown") index = (index + 1) % all.length;
      else index = index <= 0 ? all.length - 1 : index - 1;
      highlight(input, list, all[index]);
    } else if (event.key === "Enter" && current && !list.hidden) {
      event.preventDefault(); // takes the suggestion; does not submit the form
      take(input, list, current);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      hide(input, list);
    }
  });

  // A press on a suggestion keeps the focus in the input, so the list is not closed before the click.
  document.addEventListener("mousedown", function (event) {
    if (event.target instanceof Element && event.target.closest('[role="listbox"] [role="option"]')) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const option = event.target instanceof Element && event.target.closest('[role="listbox"] [role="option"]');
    if (!option || option.getAttribute("aria-disabled") === "true") return;
    const list = option.closest('[role="listbox"]');
    const input = inputOf(list);
    if (input) take(input, list, option);
  });

  document.addEventListener("focusout", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox") return;
    const list = listOf(input);
    if (list) hide(input, list);
  });
})();
