"""Notebook 06's widgets: the learning-rate explorer and the optimizer trajectories."""

from benchmarks.common import WidgetCase


def _lr_widget():
    from helpers.widgets.optimizers import learning_rate_explorer

    return learning_rate_explorer()


def _trajectory_widget():
    from helpers.widgets.optimizers import trajectory_explorer

    return trajectory_explorer()


CASES = [
    WidgetCase("06 learning rate (1-D descent)", _lr_widget,
               moves=[{"learning_rate": lr} for lr in (0.02, 0.1, 0.4, 0.8, 1.0, 1.2)] + [{"steps": 30}, {"steps": 20}]),
    WidgetCase("06 optimizer trajectories", _trajectory_widget,
               moves=[{"learning_rate": 0.1}, {"steps": 120}, {"surface": "rosenbrock"},
                      {"optimizers": ("SGD", "Adam", "Nadam", "Adagrad")}, {"learning_rate": 0.02},
                      {"surface": "trap"}, {"steps": 60}, {"optimizers": ("SGD", "Momentum", "RMSprop", "Adam")},
                      {"surface": "bowl"}, {"learning_rate": 0.05}]),
]
