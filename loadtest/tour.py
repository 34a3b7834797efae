"""The unloaded run's way of choosing actions (LOAD_TOUR, loadtest/run.py): each in turn.

Apart from locustfile.py so it can be tested without importing locust (which patches the
standard library for gevent)."""

import itertools


class Tour(list):
    """The user's actions, each once, in turn: ``random.choice`` (locust's pick of the next
    task) gets the next one whatever index it asks for."""

    def __init__(self, actions):
        super().__init__(dict.fromkeys(actions))  # each action once, in declaration order
        self.turn = itertools.cycle(list(self))

    def __getitem__(self, index):
        return next(self.turn)
