"""Drive one notebook through JupyterLab in the browser and report everything that went wrong.

The JavaScript snippets run inside JupyterLab's page through ``window.jupyterapp`` (the server is
started with ``--LabApp.expose_app_in_browser``): commands are the same ones the menus use
(``docmanager:open``, ``notebook:run-all-cells``), so no test depends on the position of a menu item.
"""

from __future__ import annotations

import json
import time

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RUN_ALL_TIMEOUT_MS = 420_000  # generous: a loaded 2-core machine runs several times slower
REDRAW_TIMEOUT_MS = 15_000

OPEN_NOTEBOOK = """async (path) => {
    const app = window.jupyterapp;
    const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await panel.context.ready;
    await panel.sessionContext.ready;
    const seen = {panel, errors: [], stderr: [], done: false, result: null};
    panel.sessionContext.iopubMessage.connect((_, msg) => {
        const kind = msg.header.msg_type;
        if (kind === 'error') seen.errors.push(`${msg.content.ename}: ${msg.content.evalue}`);
        if (kind === 'stream' && msg.content.name === 'stderr')
            seen.stderr.push({text: msg.content.text, parent: msg.parent_header?.msg_type});
    });
    window.dl1 = seen;
}"""

KERNEL_IDLE = """() => {
    const kernel = window.dl1.panel.sessionContext.session?.kernel;
    return kernel != null && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

RUN_ALL = """() => {
    const app = window.jupyterapp, seen = window.dl1;
    app.shell.activateById(seen.panel.id);
    app.commands.execute('notebook:run-all-cells').then(
        result => { seen.done = true; seen.result = result; },
        error => { seen.done = true; seen.result = String(error); });
}"""

# For every output whose data carries a widget view: the cell, the output, and which MIME type JupyterLab shows.
WIDGET_OUTPUTS = """() => {
    const found = [];
    window.dl1.panel.content.widgets.forEach((cell, c) => {
        if (cell.model.type !== 'code') return;
        const outputs = cell.model.outputs;
        for (let o = 0; o < outputs.length; o++) {
            const data = outputs.get(o).data;
            if (!(data && 'WIDGET_MIME' in data)) continue;
            const child = cell.outputArea.widgets[o];
            // A MIME renderer marks its node with data-mime-type; the widget renderer does not, it adds
            // the .jupyter-widgets view instead.
            const shown = [...child.node.querySelectorAll('.jp-OutputArea-output')].map(node =>
                node.dataset.mimeType ?? (node.querySelector('.jupyter-widgets') ? 'WIDGET_MIME' : 'nothing'));
            const trusted = cell.model.trusted;
            const preferred = cell.outputArea.rendermime.preferredMimeType(data, trusted ? 'any' : 'ensure');
            found.push({cell: c, output: o, shown, preferred, trusted, alternatives: Object.keys(data)});
        }
    });
    return found;
}""".replace("WIDGET_MIME", WIDGET_MIME)

# What went wrong: error outputs, cells that never ran, and what the kernel reported on iopub.
PROBLEMS = r"""() => {
    const problems = [];
    window.dl1.panel.content.widgets.forEach((cell, c) => {
        if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().trim()) return;
        if (cell.model.executionCount == null) problems.push(`cell ${c} did not run`);
        const outputs = cell.model.outputs;
        for (let o = 0; o < outputs.length; o++) {
            const out = outputs.get(o).toJSON();
            if (out.output_type === 'error') problems.push(`cell ${c}: ${out.ename}: ${out.evalue}`);
            if (out.name === 'stderr') problems.push(`cell ${c} stderr: ${String(out.text).slice(0, 300)}`);
        }
        for (const node of cell.node.querySelectorAll('.jp-OutputArea-output')) {
            const text = node.textContent || '';
            if (node.dataset.mimeType === 'application/vnd.jupyter.stderr' && /Traceback|Error/.test(text))
                problems.push(`cell ${c} shows an error: ${text.slice(0, 300)}`);
            if (/Error displaying widget/.test(text)) problems.push(`cell ${c}: ${text.slice(0, 200)}`);
        }
    });
    const seen = window.dl1;
    for (const e of seen.errors) problems.push(`kernel error: ${e}`);
    for (const s of seen.stderr) {
        // JupyterLab's widget manager asks every new kernel for its widgets before ipywidgets is imported
        // there; the kernel's "no such comm" answers to that probe are expected and harmless.
        const lines = s.text.split('\n').filter(line => line.trim());
        const probe = lines.every(line => KNOWN_PROBE.test(line.trim()));
        if (!probe) problems.push(`kernel stderr (${s.parent}): ${s.text.slice(0, 300)}`);
    }
    if (seen.result !== true) problems.push(`Run All finished with ${JSON.stringify(seen.result)}`);
    return problems;
}""".replace("KNOWN_PROBE", r"/^(No such comm target registered: jupyter\.widget\.control|No such comm: [0-9a-f-]+)$/")

CLOSE_NOTEBOOK = """async () => {
    const panel = window.dl1.panel;
    await panel.sessionContext.shutdown();
    panel.dispose();
}"""



def _widget_locator(page, spot):
    cell = page.locator(".jp-Notebook .jp-Cell").nth(spot["cell"])
    return cell.locator(".jp-OutputArea-child").nth(spot["output"]).locator(".jp-OutputArea-output")


def _image_source(widget):
    images = widget.locator("img")
    return images.first.get_attribute("src") if images.count() else None


def _move_one_control(page, widget) -> str:
    """Move the first control of a widget as a person would; return what was done."""
    sliders = widget.locator(".widget-slider:has(.noUi-handle)")
    if sliders.count():
        slider = sliders.first
        handle, readout = slider.locator(".noUi-handle").first, slider.locator(".widget-readout").first
        before = readout.inner_text()
        handle.focus()
        for key in ("ArrowRight", "ArrowLeft"):  # ArrowLeft when the slider is already at its maximum
            handle.press(key)
            deadline = time.monotonic() + 2.0
            while readout.inner_text() == before and time.monotonic() < deadline:
                page.wait_for_timeout(20)
            if readout.inner_text() != before:
                break
        return f"slider {before} -> {readout.inner_text()} (keyboard)"
    selects = widget.locator(".widget-dropdown select")
    if selects.count():
        select = selects.first
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.options[s.selectedIndex]?.text")
        target = next(o for o in options if o != current)
        select.select_option(label=target)
        return f"dropdown {current!r} -> {target!r}"
    toggles = widget.locator(".widget-toggle-buttons button:not(.mod-active)")
    if toggles.count():
        label = toggles.first.inner_text()
        toggles.first.click()
        return f"toggle button {label!r}"
    checkboxes = widget.locator(".widget-checkbox input[type=checkbox]")
    if checkboxes.count():
        checkboxes.first.click()
        return "checkbox"
    buttons = widget.locator("button.jupyter-button")
    if buttons.count():
        label = buttons.first.inner_text()
        buttons.first.click()
        return f"button {label!r}"
    return ""


def _wait_for_new_image(page, widget, before: str, timeout_ms: int) -> str | None:
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        now = _image_source(widget)
        if now and now != before:
            return now
        page.wait_for_timeout(50)
    return None




def exercise_notebook(lab_page, name: str, artifacts, redraw_timeout_ms: int = REDRAW_TIMEOUT_MS) -> dict:
    """Open ``name`` in JupyterLab, Run All, move one control per widget; return a report.

    The report holds timings, what each widget showed and did, and ``problems``: one line per thing a
    student would see go wrong (an error output, stderr, a cell that did not run, a widget shown as its
    static PNG or without controls, a figure that did not change, a request to the network).
    Screenshots of the notebook and of each widget, and the report as JSON, are written to ``artifacts``.
    """
    page, stem = lab_page.page, name.removesuffix(".ipynb")
    report, problems = {"notebook": name, "widgets": []}, []
    requests_before, console_before = len(lab_page.external_requests), len(lab_page.console_errors)
    start = time.perf_counter()
    page.evaluate(OPEN_NOTEBOOK, name)
    try:
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        report["open_seconds"] = round(time.perf_counter() - start, 1)
        # Before running, stored widget outputs have no live model: JupyterLab shows their static PNG.
        report["stored_widget_outputs"] = [{k: spot[k] for k in ("cell", "shown", "preferred", "trusted")}
                                           for spot in page.evaluate(WIDGET_OUTPUTS)]

        start = time.perf_counter()
        page.evaluate(RUN_ALL)
        page.wait_for_function("() => window.dl1.done", timeout=RUN_ALL_TIMEOUT_MS, polling=200)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
        report["run_all_seconds"] = round(time.perf_counter() - start, 1)
        problems += page.evaluate(PROBLEMS)

        spots = page.evaluate(WIDGET_OUTPUTS)
        for number, spot in enumerate(spots, start=1):
            where = f"widget {number} (cell {spot['cell']})"
            entry = {k: spot[k] for k in ("cell", "shown", "preferred", "trusted")}
            report["widgets"].append(entry)
            if spot["shown"] != [WIDGET_MIME]:
                problems.append(f"{where}: JupyterLab shows {spot['shown']} instead of the live widget "
                                f"(the output offers {spot['alternatives']})")
                continue
            widget = _widget_locator(page, spot)
            widget.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=redraw_timeout_ms)
            widget.scroll_into_view_if_needed()
            before = _image_source(widget)
            entry["image"] = "none" if before is None else before.split(":", 1)[0]
            entry["moved"] = _move_one_control(page, widget)
            if not entry["moved"]:
                problems.append(f"{where}: no slider, dropdown, toggle button, checkbox or button rendered")
            elif before is not None:
                entry["image_changed"] = _wait_for_new_image(page, widget, before, redraw_timeout_ms) is not None
                if not entry["image_changed"]:
                    problems.append(f"{where}: the figure did not change after moving a control ({entry['moved']})")
            widget.screenshot(path=artifacts / f"{stem}-widget{number}.png")
        problems += page.evaluate(PROBLEMS)
        problems += [f"request to the network: {url}" for url in lab_page.external_requests[requests_before:]]
        report["console_errors"] = lab_page.console_errors[console_before:]
        if spots:
            _widget_locator(page, spots[0]).scroll_into_view_if_needed()
    finally:
        report["problems"] = list(dict.fromkeys(problems))
        page.screenshot(path=artifacts / f"{stem}.png")
        (artifacts / f"{stem}.json").write_text(json.dumps(report, indent=1))
        page.evaluate(CLOSE_NOTEBOOK)
    return report
