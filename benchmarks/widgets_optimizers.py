"""Notebook 06's widgets: the learning-rate explorer, the optimizer trajectories, the condition number and momentum."""

from benchmarks.common import WidgetCase


def _lr_widget():
    from helpers.widgets.optimizers import learning_rate_explorer

    return learning_rate_explorer()


def _trajectory_widget():
    from helpers.widgets.optimizers import trajectory_explorer

    return trajectory_explorer()


def _momentum_widget():
    from helpers.widgets.optimizers import momentum_explorer

    return momentum_explorer()


CASES = [
    WidgetCase("06 learning rate (1-D descent)", _lr_widget,
               moves=[{"learning_rate": lr} for lr in (0.02, 0.1, 0.4, 0.8, 1.0, 1.2)] + [{"steps": 30}, {"steps": 20}]),
    WidgetCase("06 optimizer trajectories", _trajectory_widget,
               moves=[{"learning_rate": 0.1}, {"steps": 120}, {"surface": "rosenbrock"},
                      {"optimizers": ("SGD", "Adam", "Nadam", "Adagrad")}, {"learning_rate": 0.02},
                      {"surface": "trap"}, {"steps": 60}, {"optimizers": ("SGD", "Momentum", "RMSprop", "Adam")},
                      {"surface": "bowl"}, {"learning_rate": 0.05}]),
    WidgetCase("06 condition number and momentum", _momentum_widget,
               moves=[{"kappa": k} for k in (50.0, 100.0, 300.0)] + [{"beta": b} for b in (0.5, 0.75, 0.9)]
               + [{"learning_rate": lr} for lr in (1.2, 1.7, 0.5)]),
]
