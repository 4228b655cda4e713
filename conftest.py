"""Whatever reorders the collected tests (e.g. pytest-randomly), a notebook's cells run top to bottom.

nbval collects each code cell of a notebook as one test; they share one kernel, so their order is the
notebook's. This hook runs after any shuffling and puts the cells back in order, notebook by notebook,
into the places the cells occupied.
"""


def pytest_collection_modifyitems(items):
    places = [i for i, item in enumerate(items) if type(item).__name__ == "IPyNbCell"]
    cells = sorted((items[i] for i in places), key=lambda cell: (str(cell.path), cell.cell_num))
    for place, cell in zip(places, cells):
        items[place] = cell
